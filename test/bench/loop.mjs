// The library's loop that `pnpm bench` profiles, run from the packages' dist so that the profile names each package:
// `node loop.mjs <base URL> <warm-up ms> <ms> <calls in flight> <profile file>`. V8's CPU profiler (the one behind
// `node --cpu-prof`) is started after the warm-up, so the profile holds the steady loop only, not loading or JIT.
import { NodeHttpClient } from "@effect/platform-node"
import { CreateSessionRequest } from "@paywall-effect/domain"
import { MasterpassClient, PaywallConfig, PaywallCredentials } from "@paywall-effect/http"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { writeFileSync } from "node:fs"
import { Session } from "node:inspector/promises"

const [baseUrl, warmUp, millis, concurrency, profileFile] = process.argv.slice(2)
const request = new CreateSessionRequest.CreateSessionRequest({
  referenceCode: "bench-0001",
  userId: "72812393211",
  userPhone: "905123456710",
  phoneVerifiedByMerchant: true
})
const runtime = ManagedRuntime.make(MasterpassClient.layer.pipe(
  Layer.provide([
    PaywallConfig.layer({ baseUrl }),
    PaywallCredentials.layer({
      apiKeyPrivate: Redacted.make("bench-key"),
      apiClientPrivate: Redacted.make("bench-client")
    }),
    NodeHttpClient.layerUndici
  ]),
  Layer.orDie
))
const call = Effect.flatMap(MasterpassClient.MasterpassClient, (client) => client.createSession(request))
const loop = (ms) => {
  const deadline = performance.now() + ms
  let calls = 0
  const worker = Effect.whileLoop({
    while: () => performance.now() < deadline,
    body: () => Effect.orDie(call),
    step: () => void calls++
  })
  return runtime.runPromise(
    Effect.all(Array.from({ length: Number(concurrency) }, () => worker), { concurrency: "unbounded", discard: true })
  ).then(() => calls)
}
await loop(Number(warmUp))
const session = new Session()
session.connect()
await session.post("Profiler.enable")
await session.post("Profiler.setSamplingInterval", { interval: 200 })
await session.post("Profiler.start")
const calls = await loop(Number(millis))
const { profile } = await session.post("Profiler.stop")
session.disconnect()
writeFileSync(profileFile, JSON.stringify(profile))
await runtime.dispose()
console.log(JSON.stringify({ calls }))
