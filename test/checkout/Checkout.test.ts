import { describe, expect, it } from "@effect/vitest"
import type { Outcome } from "@paywall-effect/testing"
import { Arbitraries, MasterpassClientTest } from "@paywall-effect/testing"
import { Effect, FastCheck as fc, Layer } from "effect"
import { Checkout, type Order, SessionRecords } from "./Checkout.js"

/** Orders from valid requests, one in ten with a phone Paywall would refuse. */
const order: fc.Arbitrary<Order> = fc.tuple(Arbitraries.request, fc.integer({ min: 0, max: 9 })).map((
  [request, n]
) => ({
  id: request.referenceCode,
  userId: request.userId,
  phone: n === 0 ? "+90 512 345 67 10" : request.userPhone
}))
const isValid = (order: Order) => /^[0-9]{10,15}$/.test(order.phone)

/** What `Checkout.start` promises for each outcome. */
const expected = (order: Order, outcome: Outcome.Outcome | undefined) =>
  !isValid(order)
    ? "InvalidOrder"
    : outcome?._tag === "Succeeded"
    ? outcome.session.sessionId
    : outcome?.error._tag === "PaywallEnvelopeError"
    ? "PaymentRefused"
    : "PaymentUnavailable"

describe("Checkout", () => {
  it.effect.prop(
    "saves a record for every order and maps every outcome as documented",
    [fc.array(fc.tuple(order, Arbitraries.outcome()), { maxLength: 8 })],
    ([cases]) =>
      Effect.gen(function*() {
        const checkout = yield* Checkout
        const results = yield* Effect.forEach(cases, ([order]) =>
          checkout.start(order).pipe(Effect.catchAll((error) => Effect.succeed(error._tag))))

        // Invalid orders never reach Paywall, so they consume no scripted outcome.
        const outcomes = cases.filter(([order]) =>
          isValid(order)
        ).map(([, outcome]) => outcome)
        let next = 0
        expect(results).toStrictEqual(
          cases.map(([order]) => expected(order, isValid(order) ? outcomes[next++] : undefined))
        )

        const saved = yield* Effect.flatMap(SessionRecords, (records) => records.all)
        expect(saved.map(([orderId]) => orderId)).toStrictEqual(cases.map(([order]) => order.id))
      }).pipe(
        Effect.provide(Checkout.layer.pipe(
          Layer.provideMerge(SessionRecords.inMemory),
          Layer.provide(
            MasterpassClientTest.layer({
              script: cases.filter(([order]) => isValid(order)).map(([, outcome]) => outcome)
            })
          )
        ))
      ),
    // 100 runs of up to 8 checkouts each: give them more than vitest's default 5 s on a busy machine.
    { timeout: 30_000 }
  )
})
