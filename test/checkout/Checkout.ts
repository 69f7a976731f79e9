import { CreateSession, CreateSessionRequest, type MasterpassSession } from "@paywall-effect/domain"
import { MasterpassClient } from "@paywall-effect/http"
import { Context, Data, Effect, Either, Layer, Option, Ref } from "effect"

/** Where checkout keeps the record of every attempt: a table in a real app. */
export class SessionRecords extends Context.Tag("checkout/SessionRecords")<SessionRecords, {
  readonly save: (orderId: string, record: CreateSession.CreateSession) => Effect.Effect<void>
  readonly all: Effect.Effect<ReadonlyArray<readonly [orderId: string, CreateSession.CreateSession]>>
}>() {
  static readonly inMemory = Layer.effect(
    SessionRecords,
    Effect.map(Ref.make<ReadonlyArray<readonly [string, CreateSession.CreateSession]>>([]), (records) => ({
      save: (orderId, record) => Ref.update(records, (all) => [...all, [orderId, record] as const]),
      all: Ref.get(records)
    }))
  )
}

/** Paywall refused the payment session: show the user another way to pay. */
export class PaymentRefused extends Data.TaggedError("PaymentRefused")<{ readonly orderId: string }> {}
/** Paywall could not be reached or understood: ask the user to try again shortly. */
export class PaymentUnavailable extends Data.TaggedError("PaymentUnavailable")<{ readonly orderId: string }> {}
/** The order's user data cannot make a request (e.g. a malformed phone): fix the data. */
export class InvalidOrder extends Data.TaggedError("InvalidOrder")<{ readonly orderId: string }> {}

const failure = (orderId: string, code: CreateSession.Code | undefined) =>
  code === "PAYWALL_ERROR"
    ? new PaymentRefused({ orderId })
    : code === "INVALID_REQUEST"
    ? new InvalidOrder({ orderId })
    : new PaymentUnavailable({ orderId })

export interface Order {
  readonly id: string
  readonly userId: string
  readonly phone: string
}

/**
 * Starts a Masterpass checkout. Every attempt's `CreateSession` record is saved, whatever
 * happens; then a created session gives its id, `PAYWALL_ERROR` fails with `PaymentRefused`,
 * `INVALID_REQUEST` with `InvalidOrder`, and anything else with `PaymentUnavailable`.
 */
export class Checkout extends Context.Tag("checkout/Checkout")<Checkout, {
  readonly start: (
    order: Order
  ) => Effect.Effect<MasterpassSession.SessionId, PaymentRefused | PaymentUnavailable | InvalidOrder>
}>() {
  static readonly layer = Layer.effect(
    Checkout,
    Effect.gen(function*() {
      const masterpass = yield* MasterpassClient.MasterpassClient
      const records = yield* SessionRecords
      return {
        start: (order) =>
          CreateSessionRequest.make({ referenceCode: order.id, userId: order.userId, userPhone: order.phone }).pipe(
            Effect.flatMap(masterpass.createSessionRecord),
            Effect.catchTag(
              "PaywallRequestError",
              (error) => Effect.succeed(CreateSession.fromResult(Either.left(error), {}))
            ),
            Effect.tap((record) => records.save(order.id, record)),
            Effect.flatMap((record) =>
              Option.match(CreateSession.sessionBody(record), {
                onSome: (body) => Effect.succeed(body.SessionId),
                onNone: () => Effect.fail(failure(order.id, record.code))
              })
            )
          )
      }
    })
  )
}
