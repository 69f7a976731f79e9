import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import type { PaywallError, Reconciliation } from "@paywall-effect/domain"
import { MasterpassClient, PaywallPrivateClient } from "@paywall-effect/http"
import { Fault, PaywallSandbox } from "@paywall-effect/sandbox"
import { BigDecimal, Effect, Either, FastCheck as fc, Fiber, Layer, Option, TestClock, TestServices } from "effect"
import { sized } from "./fastcheck.js"
import { eventually } from "./loopback.js"
import { paid } from "./payments.js"

// Properties of the money-moving calls, over real sockets against a sandbox started for each run,
// on the TestClock (the sandbox's "today" reads it: a refund comes "later" by moving it a day).

const harness = PaywallPrivateClient.layer.pipe(
  Layer.provideMerge(MasterpassClient.layer),
  Layer.provideMerge(PaywallSandbox.layer({
    accounts: [{ userId: "buyer", cards: ["card-1"] }],
    // Retries on: the calls below must still never be sent twice.
    client: { maxRetries: 2, retryBaseDelay: "1 millis", attemptTimeout: "10 seconds" }
  })),
  Layer.provide(NodeHttpClient.layerUndici)
)

/** 10:00 in Istanbul. */
const start = new Date("2025-06-04T07:00:00Z").getTime()

let orders = 0

/** A fresh payment (a new merchant's code each time) of `amount`, committed unless `commit` is false. */
const payment = (amount: string, commit = true) => paid(`order-${++orders}`, amount, { commit })

const received = (endpoint: string) =>
  Effect.map(
    Effect.flatMap(PaywallSandbox.PaywallSandbox, (sandbox) => sandbox.received),
    (all) => all.filter((request) => request.endpoint === endpoint)
  )

/** A decimal with 1 to 18 integer digits and 2 to 8 decimals, greater than 0, as its text. */
const decimalText = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }), fc.integer({ min: 2, max: 8 }))
  .chain(([whole, scale]) =>
    fc.bigInt({ min: whole === 0n ? 1n : 0n, max: 10n ** BigInt(scale) - 1n }).map((fraction) =>
      `${whole}.${fraction.toString().padStart(scale, "0")}`
    )
  )

describe("decimal amounts on the wire", () => {
  it.effect.prop(
    "any decimal reaches the sandbox digit for digit, and is refunded exactly (no float in between)",
    [decimalText],
    ([text]) =>
      Effect.gen(function*() {
        yield* TestClock.setTime(start)
        const api = yield* PaywallPrivateClient.PaywallPrivateClient
        const sandbox = yield* PaywallSandbox.PaywallSandbox
        const paid = yield* payment("1000000000000000000.00")
        yield* TestClock.adjust("1 day")
        const amount = BigDecimal.unsafeFromString(text)
        yield* api.refundPartially({ date: paid.date, merchantUniqueCode: paid.merchantUniqueCode, amount })
        const [sent] = yield* received("refundPartially")
        expect(sent?.body).toBe(
          `{"Date":"${paid.date}","MerchantUniqueCode":"${paid.merchantUniqueCode}","Amount":${text}}`
        )
        // The sandbox read it losslessly: what it holds as refunded is the decimal itself.
        const held = Option.getOrThrow(yield* sandbox.payment(paid.merchantUniqueCode))
        expect(BigDecimal.equals(held.refunded, amount)).toBe(true)
        // And the query reads back the remaining amount exactly where a float holds it.
        // The query reads back what is left exactly, however many digits (the client keeps a
        // number a float cannot hold as its text).
        const queried = yield* api.queryPayment({ merchantUniqueCode: paid.merchantUniqueCode })
        const left = BigDecimal.subtract(BigDecimal.unsafeFromString("1000000000000000000"), amount)
        expect(BigDecimal.equals(queried.remainingRefundAmount!, left)).toBe(true)
      }).pipe(Effect.provide(harness)),
    sized(30, 1000)
  )
})

type Operation = "commitPayment" | "cancelPayment" | "refundPayment" | "refundPartially" | "revertToday" | "revertLater"

/** The endpoint each operation calls. */
const endpointOf = (operation: Operation) =>
  operation === "revertToday" || operation === "revertLater" ? "revertPayment" : operation

/** Faults that all strike after the request arrived: it was received once, whatever became of it. */
const faults = {
  none: undefined,
  reset: Fault.Fault.ResetConnection(),
  bodyCutOff: Fault.Fault.TruncatedBody(),
  unavailable: Fault.Fault.Status({ status: 503 }),
  badGateway: Fault.Fault.HtmlPage({ status: 502 }),
  refused: Fault.Fault.EnvelopeError({ errorCode: 1, message: "Unsuccessful" }),
  hang: Fault.Fault.Hang()
} as const

const step = fc.record({
  operation: fc.constantFrom<Operation>(
    "commitPayment",
    "cancelPayment",
    "refundPayment",
    "refundPartially",
    "revertToday",
    "revertLater"
  ),
  fault: fc.constantFrom(...(Object.keys(faults) as Array<keyof typeof faults>))
})

const part = BigDecimal.unsafeFromString("33.33")

/** Runs one operation on a fresh payment: the call, what reconcile is to judge, and the payment's code. */
const prepare = (operation: Operation) =>
  Effect.gen(function*() {
    const api = yield* PaywallPrivateClient.PaywallPrivateClient
    const masterpass = yield* MasterpassClient.MasterpassClient
    const paid = yield* payment("100.00", operation !== "commitPayment")
    if (operation === "refundPayment" || operation === "refundPartially" || operation === "revertLater") {
      yield* TestClock.adjust("1 day")
    }
    const code = paid.merchantUniqueCode
    const before = yield* api.queryPayment({ merchantUniqueCode: code })
    const revert = { uniqueCode: paid.uniqueCode, merchantUniqueCode: code }
    const calls: Record<
      Operation,
      { call: Effect.Effect<unknown, PaywallError.PaywallError>; judged: Reconciliation.Operation }
    > = {
      commitPayment: {
        call: masterpass.commitPayment({ sessionId: paid.sessionId, masterpassPaymentId: paid.masterpassPaymentId }),
        judged: { operation: "commitPayment", merchantUniqueCode: code }
      },
      cancelPayment: {
        call: api.cancelPayment({ date: paid.date, merchantUniqueCode: code }),
        judged: { operation: "cancelPayment", request: { date: paid.date, merchantUniqueCode: code } }
      },
      refundPayment: {
        call: api.refundPayment({ date: paid.date, merchantUniqueCode: code }),
        judged: { operation: "refundPayment", request: { date: paid.date, merchantUniqueCode: code } }
      },
      refundPartially: {
        call: api.refundPartially({ date: paid.date, merchantUniqueCode: code, amount: part }),
        judged: {
          operation: "refundPartially",
          request: { date: paid.date, merchantUniqueCode: code, amount: part },
          before
        }
      },
      revertToday: {
        call: api.revertPayment(revert),
        judged: { operation: "revertPayment", request: revert }
      },
      revertLater: {
        call: api.revertPayment({ ...revert, amount: part }),
        judged: { operation: "revertPayment", request: { ...revert, amount: part }, before }
      }
    }
    return { ...calls[operation], code }
  })

describe("money-moving calls are never sent twice by the library", () => {
  it.effect.prop(
    "under random faults each call reaches the sandbox exactly once, and reconcile tells what the sandbox did",
    [fc.array(step, { minLength: 1, maxLength: 3 })],
    ([steps]) =>
      Effect.gen(function*() {
        yield* TestClock.setTime(start)
        const api = yield* PaywallPrivateClient.PaywallPrivateClient
        const sandbox = yield* PaywallSandbox.PaywallSandbox
        for (const { fault, operation } of steps) {
          const endpoint = endpointOf(operation)
          const { call, code, judged } = yield* prepare(operation)
          const held = yield* sandbox.payment(code)
          const arrived = (yield* received(endpoint)).length
          const injected = faults[fault]
          if (injected !== undefined) yield* sandbox.inject(injected, { endpoint })

          const running = yield* Effect.fork(Effect.either(call))
          // Once the request arrived, time passes: a hung call times out, and any retry would be sent.
          const count = Effect.map(sandbox.received, (all) =>
            all.filter((request) => request.endpoint === endpoint).length)
          yield* TestServices.provideLive(eventually(count, (now) =>
            now > arrived))
          if (injected !== undefined) yield* TestClock.adjust("1 minute")
          const result = yield* Fiber.join(running)

          expect((yield* received(endpoint)).length).toBe(arrived + 1)
          if (fault === "none") expect(Either.isRight(result)).toBe(true)
          if (Either.isLeft(result)) {
            const error = result.left
            expect("attempts" in error && error.attempts).toBe(1)
            if (fault === "refused") {
              expect(error._tag).toBe("PaywallEnvelopeError")
            } else {
              expect(["PaywallTransportError", "PaywallHttpError"]).toContain(error._tag)
              expect("outcomeUnknown" in error && error.outcomeUnknown).toBe(true)
            }
          }

          // The truth is the sandbox's: did the payment change?
          const after = yield* sandbox.payment(code)
          const changed = !Option.getEquivalence((a: PaywallSandbox.SandboxPayment, b: PaywallSandbox.SandboxPayment) =>
            a.status === b.status && BigDecimal.equals(a.refunded, b.refunded)
          )(held, after)
          const verdict = yield* api.reconcile(judged)
          expect(verdict._tag).toBe(changed ? "Applied" : "NotApplied")
        }
      }).pipe(Effect.provide(harness)),
    sized(25, 2500)
  )
})
