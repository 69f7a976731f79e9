import { NodeHttpClient } from "@effect/platform-node"
import { CreateSessionRequest } from "@paywall-effect/domain"
import { MasterpassClient } from "@paywall-effect/http"
import { Fault, PaywallSandbox } from "@paywall-effect/sandbox"
import { Effect, Layer } from "effect"
const request = new CreateSessionRequest.CreateSessionRequest({
  referenceCode: "r",
  userId: "u",
  userPhone: "905123456710"
})
const L = MasterpassClient.layer.pipe(
  Layer.provideMerge(PaywallSandbox.layer()),
  Layer.provide(NodeHttpClient.layerUndici)
)
const prog = Effect.gen(function*() {
  const sandbox = yield* PaywallSandbox.PaywallSandbox
  const client = yield* MasterpassClient.MasterpassClient
  yield* sandbox.inject(Fault.Fault.Hang())
  const h = yield* Effect.either(client.createSession(request).pipe(Effect.timeout("200 millis")))
  console.log("hang", h._tag, yield* sandbox.openConnections)
  yield* Effect.sleep("500 millis")
  console.log("after", yield* sandbox.openConnections)
  const raw = yield* Effect.either(
    Effect.tryPromise((signal) =>
      fetch(sandbox.url + "/api/paywall/masterpass/session", {
        method: "POST",
        body: "{}",
        signal: AbortSignal.any([signal, AbortSignal.timeout(200)])
      })
    )
  )
  console.log("raw fetch", raw._tag, yield* sandbox.openConnections)
  yield* sandbox.inject(Fault.Fault.Hang())
  const raw2 = yield* Effect.either(
    Effect.tryPromise((signal) =>
      fetch(sandbox.url + "/api/paywall/masterpass/session", {
        method: "POST",
        body: "{}",
        signal: AbortSignal.any([signal, AbortSignal.timeout(200)])
      })
    )
  )
  yield* Effect.sleep("300 millis")
  console.log("raw fetch hang", raw2._tag, yield* sandbox.openConnections)
})
Effect.runPromise(prog.pipe(Effect.provide(L))).then(() => console.log("done"), (e) => console.log("err", e))
