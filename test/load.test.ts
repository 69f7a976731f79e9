import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { CreateSessionRequest } from "@paywall-effect/domain"
import { MasterpassClient, PaywallConfig, PaywallCredentials } from "@paywall-effect/http"
import { Fault, PaywallSandbox } from "@paywall-effect/sandbox"
import { Cause, Effect, Exit, Layer, Random } from "effect"
import { eventually } from "./loopback.js"

const calls = 2000
const maxRetries = 2

/** Faults for the load: each with whether the client retries it. */
const faults: ReadonlyArray<readonly [Fault.Fault, transient: boolean]> = [
  [Fault.Fault.ResetConnection(), true],
  [Fault.Fault.Status({ status: 503 }), true],
  [Fault.Fault.Status({ status: 429, headers: { "retry-after": "0" } }), true],
  [Fault.Fault.TruncatedBody(), true],
  [Fault.Fault.MalformedJson(), false],
  [Fault.Fault.EnvelopeError({ errorCode: 56, message: "Masterpass payment not found" }), false]
]

const typedErrors = new Set(["PaywallTransportError", "PaywallHttpError", "PaywallEnvelopeError", "PaywallDecodeError"])

describe("load", { timeout: 60_000 }, () => {
  it.live("2,000 concurrent calls with 10% injected faults all end in a session or a typed error", () =>
    Effect.gen(function*() {
      // A promise rejected and never handled anywhere in the process during the run is counted.
      let unhandled = 0
      const onUnhandled = () => void unhandled++
      yield* Effect.acquireRelease(
        Effect.sync(() => process.on("unhandledRejection", onUnhandled)),
        () => Effect.sync(() => process.off("unhandledRejection", onUnhandled))
      )
      const sandbox = yield* PaywallSandbox.make()
      // 10% of the calls get a fault, on 1 to 3 attempts; the expected attempt count follows from it.
      let expectedAttempts = 0
      for (let i = 0; i < calls; i++) {
        if ((yield* Random.next) >= 0.1) {
          expectedAttempts += 1
          continue
        }
        const [fault, transient] = faults[yield* Random.nextIntBetween(0, faults.length)]!
        const times = yield* Random.nextIntBetween(1, 4)
        yield* sandbox.inject(fault, { times, referenceCode: `load-${i}` })
        expectedAttempts += transient ? Math.min(times + 1, maxRetries + 1) : 1
      }

      const ClientLive = MasterpassClient.layer.pipe(
        Layer.provide([
          PaywallConfig.layer({
            baseUrl: sandbox.url,
            maxRetries,
            retryBaseDelay: "1 millis",
            retryMaxDelay: "20 millis",
            attemptTimeout: "20 seconds"
          }),
          PaywallCredentials.layer(sandbox.credentials),
          NodeHttpClient.layerUndici
        ]),
        Layer.orDie
      )
      const exits = yield* Effect.flatMap(MasterpassClient.MasterpassClient, (client) =>
        Effect.all(
          Array.from({ length: calls }, (_, i) =>
            Effect.exit(client.createSession(
              new CreateSessionRequest.CreateSessionRequest({
                referenceCode: `load-${i}`,
                userId: String(10_000 + i),
                userPhone: "905123456710"
              })
            ))),
          { concurrency: "unbounded" }
        )).pipe(Effect.provide(ClientLive)) // the client's connections close with this layer

      const failures = exits.filter(Exit.isFailure)
      const typed = failures.filter((exit) => {
        const error = Cause.failureOption(exit.cause)
        return Cause.isFailType(exit.cause) && error._tag === "Some" && typedErrors.has(error.value._tag)
      })
      expect(exits).toHaveLength(calls)
      expect(typed).toHaveLength(failures.length)
      expect(exits.filter(Exit.isSuccess).length + typed.length).toBe(calls)
      expect(failures.length).toBeGreaterThan(0)
      expect(failures.length).toBeLessThan(calls * 0.1)
      // Retries stay within budget: exactly the attempts the injected faults call for.
      expect(yield* sandbox.requests).toBe(expectedAttempts)
      expect(yield* sandbox.requests).toBeLessThanOrEqual(calls * (maxRetries + 1))
      yield* eventually(sandbox.openConnections, (n) => n === 0)
      expect(yield* sandbox.openConnections).toBe(0)
      expect(unhandled).toBe(0)
    }).pipe(Effect.scoped, Effect.withRandom(Random.make("load-test"))))
})
