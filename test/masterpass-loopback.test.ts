import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { CreateSessionRequest, MasterpassAnswer, type MasterpassSession } from "@paywall-effect/domain"
import { MasterpassClient } from "@paywall-effect/http"
import { Fault, PaywallSandbox } from "@paywall-effect/sandbox"
import { Effect, Layer } from "effect"
import { refusedClient } from "./loopback.js"

// The real client, over real sockets on 127.0.0.1, against the sandbox's in-memory Masterpass.
const masterpass = (options: PaywallSandbox.Options = {}) =>
  MasterpassClient.layer.pipe(
    Layer.provideMerge(PaywallSandbox.layer({
      accounts: [
        { userId: "linked", cards: ["card-1", "card-2"] },
        { userId: "unlinked", linked: false }
      ],
      client: { maxRetries: 0 },
      ...options
    })),
    Layer.provide(NodeHttpClient.layerUndici)
  )

const client = MasterpassClient.MasterpassClient
const sandbox = PaywallSandbox.PaywallSandbox

const sessionFor = (userId: string) =>
  Effect.flatMap(client, (client) =>
    client.createSession(
      new CreateSessionRequest.CreateSessionRequest({
        referenceCode: `ref-${userId}-${Math.random()}`,
        userId,
        userPhone: "905123456710"
      })
    )).pipe(Effect.map((session): MasterpassSession.SessionId => session.sessionId))

describe("Masterpass services over loopback against the sandbox", () => {
  it.live("card list: the user's cards; USER_NOT_FOUND for a user without an account; an unknown session refused", () =>
    Effect.gen(function*() {
      const masterpass = yield* client
      const sessionId = yield* sessionFor("linked")
      const list = yield* masterpass.listCards({ sessionId })
      expect(list.cards.map((card) => card.alias)).toStrictEqual(["card-1", "card-2"])
      expect(list.session).toMatchObject({ sessionId, renewed: false })

      const stranger = yield* sessionFor("stranger")
      const unknownUser = yield* Effect.flip(masterpass.listCards({ sessionId: stranger }))
      expect(unknownUser).toMatchObject({
        _tag: "PaywallMasterpassError",
        exceptionCode: "USER_NOT_FOUND",
        statusCode: 403,
        errorCode: 0,
        session: { sessionId: stranger }
      })

      const notLinked = yield* Effect.flip(masterpass.listCards({ sessionId: yield* sessionFor("unlinked") }))
      expect(notLinked).toMatchObject({ exceptionCode: "ACCOUNT_NOT_LINKED_TO_MERCHANT", statusCode: 404 })

      const unknownSession = yield* Effect.flip(
        masterpass.listCards({ sessionId: "00000000-0000-0000-0000-000000000000" as MasterpassSession.SessionId })
      )
      expect(unknownSession).toMatchObject({
        _tag: "PaywallEnvelopeError",
        errorCode: PaywallSandbox.SandboxErrorCode.SessionNotFound
      })
    }).pipe(Effect.provide(masterpass())))

  it.live("delete card: removes it (the DELETE's body arrives); a second delete answers CARD_NOT_FOUND", () =>
    Effect.gen(function*() {
      const masterpass = yield* client
      const sessionId = yield* sessionFor("linked")
      const deleted = yield* masterpass.deleteCard({ sessionId, cardAlias: "card-1" })
      expect(deleted.refNo).toBeDefined()
      expect((yield* masterpass.listCards({ sessionId })).cards.map((card) => card.alias)).toStrictEqual(["card-2"])
      const again = yield* Effect.flip(masterpass.deleteCard({ sessionId, cardAlias: "card-1" }))
      expect(again).toMatchObject({ _tag: "PaywallMasterpassError", exceptionCode: "CARD_NOT_FOUND" })
    }).pipe(Effect.provide(masterpass())))

  it.live("link: an OTP step; a wrong code refused, the sandbox's code links; ACCOUNT_NOT_FOUND without an account", () =>
    Effect.gen(function*() {
      const masterpass = yield* client
      const sessionId = yield* sessionFor("unlinked")
      const link = yield* masterpass.linkToMerchant({ sessionId })
      expect(link.step._tag).toBe("OtpRequired")
      const otpToken = link.step._tag === "OtpRequired" ? link.step.otpToken : ""
      const wrong = yield* Effect.flip(masterpass.verifyOtp({ sessionId, otpToken, otpCode: "000000" }))
      expect(wrong).toMatchObject({ _tag: "PaywallMasterpassError", exceptionCode: "OTP_IS_NOT_VALID", errorCode: 1 })
      const verified = yield* masterpass.verifyOtp({
        sessionId,
        otpToken,
        otpCode: PaywallSandbox.otpCode,
        forLinkToMerchant: true
      })
      expect(verified.step).toStrictEqual(new MasterpassAnswer.Done())
      expect(verified.isVerified).toBe(true)
      expect((yield* masterpass.listCards({ sessionId })).isAccountLinked).toBe(true)

      const used = yield* Effect.flip(masterpass.verifyOtp({ sessionId, otpToken, otpCode: PaywallSandbox.otpCode }))
      expect(used).toMatchObject({ exceptionCode: "TOKEN_HAS_EXPIRED", statusCode: 401 })

      const noAccount = yield* Effect.flip(masterpass.linkToMerchant({ sessionId: yield* sessionFor("stranger") }))
      expect(noAccount).toMatchObject({ _tag: "PaywallMasterpassError", exceptionCode: "ACCOUNT_NOT_FOUND" })
    }).pipe(Effect.provide(masterpass())))

  it.live("resend OTP: a new token replaces the old one, which is then TOKEN_IS_NOT_VALID", () =>
    Effect.gen(function*() {
      const masterpass = yield* client
      const sessionId = yield* sessionFor("unlinked")
      const link = yield* masterpass.linkToMerchant({ sessionId })
      const first = link.step._tag === "OtpRequired" ? link.step.otpToken : ""
      const resent = yield* masterpass.resendOtp({ sessionId, otpToken: first })
      expect(resent.step._tag).toBe("OtpRequired")
      expect(resent.step._tag === "OtpRequired" && resent.step.otpToken).not.toBe(first)
      const stale = yield* Effect.flip(masterpass.resendOtp({ sessionId, otpToken: first }))
      expect(stale).toMatchObject({ _tag: "PaywallMasterpassError", exceptionCode: "TOKEN_IS_NOT_VALID" })
    }).pipe(Effect.provide(masterpass())))

  it.live("unlink: succeeds once; then ACCOUNT_NOT_LINKED_TO_MERCHANT", () =>
    Effect.gen(function*() {
      const masterpass = yield* client
      const sessionId = yield* sessionFor("linked")
      expect((yield* masterpass.unlinkFromMerchant({ sessionId })).retrievalReferenceNumber).toBeDefined()
      const again = yield* Effect.flip(masterpass.unlinkFromMerchant({ sessionId }))
      expect(again).toMatchObject({ exceptionCode: "ACCOUNT_NOT_LINKED_TO_MERCHANT", statusCode: 404 })
    }).pipe(Effect.provide(masterpass())))

  it.live("payment: verify its OTP, commit it (a bigint PaymentId); a second commit answers 56 with the session", () =>
    Effect.gen(function*() {
      const masterpass = yield* client
      const paywall = yield* sandbox
      const sessionId = yield* sessionFor("linked")
      const payment = yield* paywall.startPayment({ sessionId, otp: true })
      const request = { sessionId, masterpassPaymentId: payment.masterpassPaymentId }
      const early = yield* Effect.flip(masterpass.commitPayment(request))
      expect(early).toMatchObject({ _tag: "PaywallEnvelopeError", errorCode: 56 })
      const badToken = yield* Effect.flip(
        masterpass.verifyPayment({ ...request, otpToken: "not-the-token", otpCode: PaywallSandbox.otpCode })
      )
      expect(badToken).toMatchObject({ _tag: "PaywallMasterpassError", exceptionCode: "TOKEN_HAS_EXPIRED" })
      const verified = yield* masterpass.verifyPayment({
        ...request,
        otpToken: payment.otpToken ?? "",
        otpCode: PaywallSandbox.otpCode
      })
      expect(verified.step._tag).toBe("Done")
      const committed = yield* masterpass.commitPayment(request)
      expect(committed.paymentId).toBe(payment.paymentId)
      expect(typeof committed.paymentId).toBe("bigint")
      const twice = yield* Effect.flip(masterpass.commitPayment(request))
      expect(twice).toMatchObject({
        _tag: "PaywallEnvelopeError",
        errorCode: 56,
        paywallMessage: "Masterpass payment not found",
        session: { sessionId }
      })
    }).pipe(Effect.provide(masterpass())))

  it.live("commit by payment id: commits; an auto-committed payment answers 92", () =>
    Effect.gen(function*() {
      const masterpass = yield* client
      const paywall = yield* sandbox
      const sessionId = yield* sessionFor("linked")
      const payment = yield* paywall.startPayment({ sessionId })
      expect(payment.paymentId > 2n ** 32n).toBe(true)
      const committed = yield* masterpass.commitPaymentById({ sessionId, paymentId: payment.paymentId })
      expect(committed.paymentId).toBe(payment.paymentId)
      const auto = yield* paywall.startPayment({ sessionId, autoCommit: true })
      const refused = yield* Effect.flip(masterpass.commitPaymentById({ sessionId, paymentId: auto.paymentId }))
      expect(refused).toMatchObject({ _tag: "PaywallEnvelopeError", errorCode: 92 })
    }).pipe(Effect.provide(masterpass())))

  it.live("a renewal in a failure is kept on the error, and the renewed session is the one that works", () =>
    Effect.gen(function*() {
      const masterpass = yield* client
      const sessionId = yield* sessionFor("unlinked")
      yield* masterpass.linkToMerchant({ sessionId })
      // The second call renews the session, and fails.
      const failed = yield* Effect.flip(masterpass.listCards({ sessionId }))
      expect(failed._tag).toBe("PaywallMasterpassError")
      const renewed = failed._tag === "PaywallMasterpassError" ? failed.session : undefined
      expect(renewed?.renewed).toBe(true)
      expect(renewed?.sessionId).not.toBe(sessionId)
      const stale = yield* Effect.flip(masterpass.unlinkFromMerchant({ sessionId }))
      expect(stale).toMatchObject({ errorCode: PaywallSandbox.SandboxErrorCode.SessionNotFound })
      const step = yield* masterpass.linkToMerchant({ sessionId: renewed!.sessionId })
      expect(step.session).toMatchObject({ sessionId: renewed!.sessionId, renewed: false })
    }).pipe(Effect.provide(masterpass({ renewEvery: 2 }))))

  it.live("faults on demand: Masterpass's failure form and the 56 form, both with the session", () =>
    Effect.gen(function*() {
      const masterpass = yield* client
      const paywall = yield* sandbox
      const sessionId = yield* sessionFor("linked")
      yield* paywall.inject(
        Fault.Fault.MasterpassError({
          code: "TOKEN_HAS_EXPIRED",
          level: "Unauthorized",
          statusCode: 401,
          errorCode: 1
        }),
        { endpoint: "listCards" }
      )
      const masterpassFailure = yield* Effect.flip(masterpass.listCards({ sessionId }))
      expect(masterpassFailure).toMatchObject({
        _tag: "PaywallMasterpassError",
        exceptionCode: "TOKEN_HAS_EXPIRED",
        level: "Unauthorized",
        errorCode: 1,
        session: { sessionId }
      })
      yield* paywall.inject(Fault.Fault.EnvelopeError({ errorCode: 56, message: "Masterpass payment not found" }))
      const envelopeFailure = yield* Effect.flip(
        masterpass.commitPayment({ sessionId, masterpassPaymentId: "ce55004d-888c-416f-84d7-ed2873531fe7" })
      )
      expect(envelopeFailure).toMatchObject({ _tag: "PaywallEnvelopeError", errorCode: 56, session: { sessionId } })
    }).pipe(Effect.provide(masterpass())))
})

describe("commitPayment over loopback is never sent twice once it may have reached Paywall", () => {
  const retrying = masterpass({ client: { maxRetries: 2, retryBaseDelay: "1 millis" } })

  it.live("a 503 and a reset connection each end the call after one request, outcome unknown", () =>
    Effect.gen(function*() {
      const masterpass = yield* client
      const paywall = yield* sandbox
      const sessionId = yield* sessionFor("linked")
      const payment = yield* paywall.startPayment({ sessionId })
      const request = { sessionId, masterpassPaymentId: payment.masterpassPaymentId }
      const before = yield* paywall.requests

      yield* paywall.inject(Fault.Fault.Status({ status: 503 }), { endpoint: "commitPayment" })
      const busy = yield* Effect.flip(masterpass.commitPayment(request))
      expect(busy).toMatchObject({ _tag: "PaywallHttpError", status: 503, attempts: 1, outcomeUnknown: true })
      expect((yield* paywall.requests) - before).toBe(1)

      yield* paywall.inject(Fault.Fault.ResetConnection(), { endpoint: "commitPayment" })
      const reset = yield* Effect.flip(masterpass.commitPayment(request))
      expect(reset).toMatchObject({ _tag: "PaywallTransportError", attempts: 1, outcomeUnknown: true })
      expect((yield* paywall.requests) - before).toBe(2)

      // Without a fault, the same payment commits: the failed attempts never reached the sandbox's Masterpass.
      const committed = yield* masterpass.commitPayment(request)
      expect(committed.paymentId).toBe(payment.paymentId)
    }).pipe(Effect.provide(retrying)))

  it.live("a refused connection (nothing listening) is retried, and its error claims no unknown outcome", () =>
    Effect.gen(function*() {
      const refused = yield* refusedClient(MasterpassClient.layer)
      const error = yield* Effect.flip(
        Effect.flatMap(client, (masterpass) =>
          masterpass.commitPayment({
            sessionId: "5895433e-f36b-1410-825e-001264113a90" as MasterpassSession.SessionId,
            masterpassPaymentId: "ce55004d-888c-416f-84d7-ed2873531fe7"
          })).pipe(Effect.provide(refused))
      )
      expect(error).toMatchObject({ _tag: "PaywallTransportError", reason: "RequestFailed", attempts: 3 })
      expect(error._tag === "PaywallTransportError" && error.outcomeUnknown).toBeUndefined()
    }))
})
