import { FetchHttpClient, HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Effect, Layer } from "effect"
import * as Http from "node:http"
let open = 0
const server = Http.createServer((req, res) => {/* hang */})
server.on("connection", (s) => {
  open++
  s.once("close", () => open--)
})
await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()))
const url = `http://127.0.0.1:${(server.address() as any).port}/`
for (
  const [name, layer] of [["undici", NodeHttpClient.layerUndici], ["node", NodeHttpClient.layer], [
    "fetch",
    FetchHttpClient.layer
  ]] as const
) {
  await Effect.runPromise(
    Effect.gen(function*() {
      const r = yield* Effect.either(HttpClient.get(url).pipe(Effect.timeout("200 millis")))
      yield* Effect.sleep("300 millis")
      console.log(name, r._tag, "open", open)
    }).pipe(Effect.provide(layer as any)) as any
  )
}
server.close()
server.closeAllConnections()
