import { describe, expect, it } from "@effect/vitest"
import { MasterpassAnswer, MasterpassService, MasterpassSession, PaywallError, SdkToken } from "@paywall-effect/domain"
import { MasterpassWallet, PaywallPrivateClient, SessionStore } from "@paywall-effect/http"
import { Arbitraries, MasterpassClientTest, Outcome } from "@paywall-effect/testing"
import { DateTime, Effect, Either, FastCheck as fc, Layer, Option, Redacted } from "effect"
import { Checkout, Orders, Shop } from "example-checkout"
import { sized } from "../fastcheck.js"

// The shop's payment steps against every outcome the client can produce (the testing kit's
// arbitraries, scripted through MasterpassClientTest): each ends as documented, and the order is
// never lost and always in the state the outcome calls for.

/** Masterpass refusals, the documented codes most of the time. */
const masterpassError = fc.record({
  exceptionCode: fc.oneof(
    fc.constantFrom(...PaywallError.KnownMasterpassExceptionCode.literals),
    fc.constant("INSUFFICIENT_FUNDS")
  ),
  statusCode: fc.constantFrom(401, 403, 404),
  errorCode: fc.constantFrom(0, 1)
}).map((fields) => new PaywallError.PaywallMasterpassError({ ...fields, status: 200 }))

/** Every failure of a call: the client's, Masterpass's, and a transport failure after the request may have left. */
const failure: fc.Arbitrary<PaywallError.PaywallError> = fc.oneof(
  Arbitraries.paywallError.filter((error) =>
    // "Unknown session" is the wallet's to handle (a new session, one more try), not the shop's.
    !MasterpassWallet.isSessionUnknown(error)
  ),
  masterpassError,
  Arbitraries.transportError.map((error) =>
    new PaywallError.PaywallTransportError({
      reason: error.reason,
      description: error.description,
      attempts: error.attempts,
      outcomeUnknown: true
    })
  )
)

/** What the shop answers for a failure, as its API documents it. */
const documented = (error: PaywallError.PaywallError): string => {
  switch (error._tag) {
    case "PaywallMasterpassError":
      switch (error.exceptionCode) {
        case "ACCOUNT_NOT_LINKED_TO_MERCHANT":
          return "NotLinked"
        case "USER_NOT_FOUND":
        case "ACCOUNT_NOT_FOUND":
          return "NoMasterpassAccount"
        case "OTP_IS_NOT_VALID":
          return "WrongOtp"
        case "TOKEN_HAS_EXPIRED":
        case "TOKEN_IS_NOT_VALID":
          return "OtpExpired"
        default:
          return "PaywallRefused"
      }
    case "PaywallEnvelopeError":
      return "PaywallRefused"
    case "PaywallRequestError":
      return "InvalidInput"
    default:
      return "PaywallUnavailable"
  }
}

/**
 * The order's state after a failed commit: uncertain if it may have been done (the payment's query
 * fails here too, so nothing tells), failed if refused, else as it was.
 */
const afterCommit = (error: PaywallError.PaywallError): string => {
  switch (error._tag) {
    case "PaywallTransportError":
    case "PaywallHttpError":
      return error.outcomeUnknown ? "CommitUncertain" : "Authorized"
    case "PaywallEnvelopeError":
    case "PaywallMasterpassError":
      return "Failed"
    default:
      return "Authorized"
  }
}

const session = new MasterpassSession.MasterpassSession({
  sessionId: MasterpassSession.SessionId.make("9b27433e-f36b-1410-80e5-004205aa382d"),
  expiresAt: DateTime.unsafeMake("2100-01-01T00:00:00Z"),
  expiryText: "2100-01-01T03:00:00"
})

/**
 * The Private API: only `reconcile` is called (after a commit whose outcome is unknown), and it
 * fails too, as a query would when Paywall is unreachable; any other call is a mistake of the shop.
 */
const unused = () => Effect.dieMessage("the Private API's other calls are not made by these steps")
const privateApiFailing = (error: PaywallError.PaywallError) =>
  Layer.succeed(
    PaywallPrivateClient.PaywallPrivateClient,
    PaywallPrivateClient.PaywallPrivateClient.of({
      queryPayment: unused,
      queryPaymentByUniqueCode: unused,
      cancelPayment: unused,
      refundPayment: unused,
      refundPartially: unused,
      revertPayment: unused,
      reconcile: () => Effect.fail(error)
    })
  )

/** The shop on the wallet, over a client whose verify and commit end as scripted (`undefined`: they succeed). */
const shopWith = (
  verify: PaywallError.PaywallError | undefined,
  commit: PaywallError.PaywallError | undefined,
  query: PaywallError.PaywallError
) => {
  const named = (sessionId: string) =>
    new MasterpassSession.SessionState({ sessionId: MasterpassSession.AnswerSessionId.make(sessionId), renewed: false })
  return Shop.layer({
    sdkUrl: Option.some("http://127.0.0.1:1/sdk"),
    callbackUrl: "http://127.0.0.1:2/paywall/3d-callback"
  }).pipe(
    Layer.provide([
      MasterpassWallet.layer(),
      privateApiFailing(query),
      Orders.layer,
      Layer.succeed(Shop.Shopper, Checkout.demoShopper)
    ]),
    Layer.provide(SessionStore.layerMemory),
    Layer.provide(MasterpassClientTest.layer({
      outcome: Outcome.Outcome.Succeeded({ session, statusCode: 200, responseBody: {} }),
      services: {
        createSdkToken: () => Effect.succeed(new SdkToken.SdkToken({ token: Redacted.make("sdk-token-1"), session })),
        verifyPayment: (request) =>
          verify === undefined
            ? Effect.succeed(
              new MasterpassService.OtpVerified({
                session: named(request.sessionId),
                step: new MasterpassAnswer.Done(),
                isVerified: true
              })
            )
            : Effect.fail(verify),
        commitPayment: (request) =>
          commit === undefined
            ? Effect.succeed(
              new MasterpassService.PaymentCommitted({
                session: named(request.sessionId),
                paymentId: MasterpassService.PaymentId.make(8013143466n)
              })
            )
            : Effect.fail(commit)
      }
    }))
  )
}

describe("the shop's payment steps", () => {
  it.effect.prop(
    "end as documented for every outcome, and the order keeps the state the outcome calls for",
    [fc.option(failure, { nil: undefined }), fc.option(failure, { nil: undefined }), failure],
    ([verify, commit, query]) =>
      Effect.gen(function*() {
        const shop = yield* Shop.Shop
        const { order } = yield* shop.order("mug")
        const { purchase } = yield* shop.sdkToken(order.id, { threeD: false })
        expect(purchase).toStrictEqual({ orderId: `${order.id}-1`, amount: order.amount })
        yield* shop.paymentStarted(order.id, {
          masterpassPaymentId: "mp-1",
          merchantUniqueCode: purchase.orderId,
          otpToken: "otp-1"
        })

        const verified = yield* Effect.either(shop.verifyPayment(order.id, "123456"))
        let state = verify === undefined ? "Authorized" : "AwaitingOtp"
        expect(Either.isRight(verified)).toBe(verify === undefined)
        if (verify !== undefined && Either.isLeft(verified)) {
          expect(verified.left).toMatchObject({ _tag: documented(verify), order: { id: order.id, state } })
        }

        if (state === "Authorized") {
          const committed = yield* Effect.either(shop.commit(order.id))
          state = commit === undefined ? "Committed" : afterCommit(commit)
          expect(Either.isRight(committed)).toBe(commit === undefined)
          if (commit !== undefined && Either.isLeft(committed)) {
            expect(committed.left).toMatchObject({ _tag: documented(commit), order: { id: order.id, state } })
          }
        }

        const { orders } = yield* shop.orders
        expect(orders.map((kept) => [kept.id, kept.state])).toStrictEqual([[order.id, state]])
      }).pipe(Effect.provide(shopWith(verify, commit, query))),
    sized(100, 50)
  )
})
