import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import { MasterpassAnswer, MasterpassService, MasterpassSession, PaywallError } from "@paywall-effect/domain"
import { MasterpassClient } from "@paywall-effect/http"
import { Effect, Schema } from "effect"
import { readFileSync } from "node:fs"
import { bodyText, fakePaywall, json } from "./support.js"

/** Paywall's documented Masterpass examples (MASTERPASS.md section 5), as JSON fixtures. */
const examples: Record<string, Record<string, unknown>> = JSON.parse(
  readFileSync(new URL("../../../test/fixtures/masterpass/examples.json", import.meta.url), "utf8")
)
const example = (name: string) => {
  const found = examples[name]
  if (found === undefined) throw new Error(`no example ${name}`)
  return found
}

const sessionId = MasterpassSession.AnswerSessionId.make("5895433e-f36b-1410-825e-001264113a90")
const session = (id: string, renewed = false) =>
  new MasterpassSession.SessionState({ sessionId: MasterpassSession.AnswerSessionId.make(id), renewed })

/** Runs `use` with a client whose every answer is `body` (or what `answer` gives), and returns what was sent. */
const withAnswer = <A, E>(
  body: unknown,
  use: (client: MasterpassClient.Service) => Effect.Effect<A, E>
) =>
  Effect.gen(function*() {
    const paywall = fakePaywall(() => json(body))
    const result = yield* Effect.either(
      Effect.provide(Effect.flatMap(MasterpassClient.MasterpassClient, use), paywall.layer)
    )
    return { result, sent: paywall.sent }
  })

const sentJson = (sent: ReadonlyArray<HttpClientRequest.HttpClientRequest>) => JSON.parse(bodyText(sent[0]!))

describe("Masterpass services: Paywall's documented examples", () => {
  it.effect("card list: a GET with the sessionid header and no body, decoded to the account and cards", () =>
    Effect.gen(function*() {
      const { result, sent } = yield* withAnswer(
        example("cardList.success"),
        (client) => client.listCards({ sessionId })
      )
      expect(sent[0]?.method).toBe("GET")
      expect(sent[0]?.url).toBe("https://test-payment-api.itspaywall.com/api/paywall/masterpass/card/list")
      expect(sent[0]?.headers["sessionid"]).toBe(sessionId)
      expect(sent[0]?.body._tag).toBe("Empty")
      const list = yield* result
      expect(list.session).toStrictEqual(session("9b27433e-f36b-1410-80e5-004205aa382d"))
      expect(list.correlationId).toBe("d5ac3ba9-bb68-419f-8dbd-6a5561e0353f")
      expect(list).toMatchObject({ accountKey: "905123456710", accountState: "Activated", isAccountLinked: true })
      expect(list.cards).toHaveLength(1)
      expect(list.cards[0]).toBeInstanceOf(MasterpassService.Card)
      expect(list.cards[0]).toMatchObject({
        alias: "55daa93d-4a99-45de-9431-bb93d0bbf92e",
        maskedNumber: "552879********08",
        bin: "552879",
        cardId: 713633,
        cardType: "Credit",
        isDefault: true,
        productName: "YIKK"
      })
      expect(list.cards[0]?.eftCode).toBeUndefined()
    }))

  it.effect("card list failures at ErrorCode 0 / Result true are PaywallMasterpassErrors with the session", () =>
    Effect.gen(function*() {
      const unknownUser = yield* withAnswer(
        example("cardList.userNotFound"),
        (client) => client.listCards({ sessionId })
      )
      expect(unknownUser.result._tag).toBe("Left")
      const error = yield* Effect.flip(unknownUser.result)
      expect(error).toBeInstanceOf(PaywallError.PaywallMasterpassError)
      expect(error).toMatchObject({
        exceptionCode: "USER_NOT_FOUND",
        level: "Http403",
        masterpassMessage: "Kullanıcı bulunamadı.",
        statusCode: 403,
        errorCode: 0,
        status: 200,
        session: session("9d27433e-f36b-1410-80e5-004205aa382d")
      })
      expect(error._tag === "PaywallMasterpassError" && error.correlationId).toBeUndefined()
      const notLinked = yield* Effect.flip(
        (yield* withAnswer(example("cardList.notLinked"), (client) => client.listCards({ sessionId }))).result
      )
      expect(notLinked).toMatchObject({
        _tag: "PaywallMasterpassError",
        exceptionCode: "ACCOUNT_NOT_LINKED_TO_MERCHANT",
        statusCode: 404
      })
    }))

  it.effect("delete card: a DELETE with its JSON body; CARD_NOT_FOUND as a PaywallMasterpassError", () =>
    Effect.gen(function*() {
      const cardAlias = "85a142b9-736b-4232-bd9e-647e3cfd1b56"
      const { result, sent } = yield* withAnswer(
        example("deleteCard.success"),
        (client) => client.deleteCard({ sessionId, cardAlias })
      )
      expect(sent[0]?.method).toBe("DELETE")
      expect(sent[0]?.url).toMatch(/\/api\/paywall\/masterpass\/card\/delete$/)
      expect(sentJson(sent)).toStrictEqual({ SessionId: sessionId, CardAlias: cardAlias })
      expect(yield* result).toStrictEqual(
        new MasterpassService.CardDeleted({
          session: session("a327433e-f36b-1410-80e5-004205aa382d"),
          correlationId: "6853867a-dc35-4db1-83c6-870e3c5428b5",
          clientId: "34878516",
          refNo: "100005844111"
        })
      )
      const failed = yield* Effect.flip(
        (yield* withAnswer(example("deleteCard.cardNotFound"), (client) => client.deleteCard({ sessionId, cardAlias })))
          .result
      )
      expect(failed).toMatchObject({ _tag: "PaywallMasterpassError", exceptionCode: "CARD_NOT_FOUND", statusCode: 404 })
    }))

  it.effect("link: a bank OTP step (5001, Masterpass 202); ACCOUNT_NOT_FOUND as a PaywallMasterpassError", () =>
    Effect.gen(function*() {
      const { result, sent } = yield* withAnswer(
        example("link.success"),
        (client) => client.linkToMerchant({ sessionId })
      )
      expect(sent[0]?.method).toBe("POST")
      expect(sent[0]?.url).toMatch(/\/api\/paywall\/masterpass\/merchant\/link$/)
      expect(sentJson(sent)).toStrictEqual({ SessionId: sessionId })
      const reply = yield* result
      expect(reply.step).toStrictEqual(
        new MasterpassAnswer.OtpRequired({ otpToken: "c0645409b83f4344bf588ef4142559a9", source: "bank" })
      )
      expect(reply).toMatchObject({ cardIssuerName: "Akbank", maskedPan: "************0016" })
      const failed = yield* Effect.flip(
        (yield* withAnswer(example("link.accountNotFound"), (client) => client.linkToMerchant({ sessionId }))).result
      )
      expect(failed).toMatchObject({ _tag: "PaywallMasterpassError", exceptionCode: "ACCOUNT_NOT_FOUND" })
    }))

  it.effect("unlink: a DELETE with its JSON body; the failure keeps the renewed session", () =>
    Effect.gen(function*() {
      const { result, sent } = yield* withAnswer(example("unlink.success"), (client) =>
        client.unlinkFromMerchant({ sessionId }))
      expect(sent[0]?.method).toBe("DELETE")
      expect(sent[0]?.url).toMatch(/\/api\/paywall\/masterpass\/merchant\/unlink$/)
      expect(sentJson(sent)).toStrictEqual({ SessionId: sessionId })
      expect((yield* result).retrievalReferenceNumber).toBe("100005844116")
      const failed = yield* Effect.flip(
        (yield* withAnswer(example("unlink.notLinked"), (client) =>
          client.unlinkFromMerchant({ sessionId }))).result
      )
      expect(failed).toMatchObject({
        _tag: "PaywallMasterpassError",
        exceptionCode: "ACCOUNT_NOT_LINKED_TO_MERCHANT",
        session: session("c427433e-f36b-1410-80e5-004205aa382d", true)
      })
    }))

  it.effect("verify OTP: Done; the ErrorCode 1 failure is a PaywallMasterpassError keeping the renewed session", () =>
    Effect.gen(function*() {
      const request = {
        sessionId,
        otpToken: "88599362e05441458c1efa588a711c8f",
        otpCode: "123456",
        forLinkToMerchant: false
      }
      const { result, sent } = yield* withAnswer(example("verifyOtp.success"), (client) => client.verifyOtp(request))
      expect(sent[0]?.url).toMatch(/\/api\/paywall\/masterpass\/otp\/verify$/)
      expect(sentJson(sent)).toStrictEqual({
        SessionId: sessionId,
        OtpToken: "88599362e05441458c1efa588a711c8f",
        OtpCode: "123456",
        ForLinkToMerchant: false
      })
      const reply = yield* result
      expect(reply.step).toStrictEqual(new MasterpassAnswer.Done())
      expect(reply).toMatchObject({ isVerified: true, description: "OTP verified successfully." })
      const failed = yield* Effect.flip(
        (yield* withAnswer(example("verifyOtp.tokenHasExpired"), (client) => client.verifyOtp(request))).result
      )
      expect(failed).toMatchObject({
        _tag: "PaywallMasterpassError",
        exceptionCode: "TOKEN_HAS_EXPIRED",
        level: "Unauthorized",
        statusCode: 401,
        errorCode: 1,
        session: session("a527433e-f36b-1410-80e5-004205aa382d", true)
      })
    }))

  it.effect("resend OTP: a new OTP step with the new token; TOKEN_IS_NOT_VALID as a PaywallMasterpassError", () =>
    Effect.gen(function*() {
      const request = { sessionId, otpToken: "67a40b720d564a878dd46579b3d2eff3" }
      const { result, sent } = yield* withAnswer(example("resendOtp.success"), (client) => client.resendOtp(request))
      expect(sentJson(sent)).toStrictEqual({ SessionId: sessionId, OtpToken: "67a40b720d564a878dd46579b3d2eff3" })
      expect((yield* result).step).toStrictEqual(
        new MasterpassAnswer.OtpRequired({ otpToken: "b1b9baa4018d4f17b1fd85592344b09a", source: "bank" })
      )
      const failed = yield* Effect.flip(
        (yield* withAnswer(example("resendOtp.tokenIsNotValid"), (client) => client.resendOtp(request))).result
      )
      expect(failed).toMatchObject({ _tag: "PaywallMasterpassError", exceptionCode: "TOKEN_IS_NOT_VALID" })
    }))

  it.effect("verify payment: its documented examples (those of verify OTP) and its wire body", () =>
    Effect.gen(function*() {
      const request = {
        sessionId,
        masterpassPaymentId: "ce55004d-888c-416f-84d7-ed2873531fe7",
        otpToken: "f6b4401774f544dc8ec958dbe7a8470f",
        otpCode: "123456"
      }
      const { result, sent } = yield* withAnswer(
        example("verifyOtp.success"),
        (client) => client.verifyPayment(request)
      )
      expect(sent[0]?.url).toMatch(/\/api\/paywall\/masterpass\/payment\/verify$/)
      expect(sentJson(sent)).toStrictEqual({
        SessionId: sessionId,
        MasterpassPaymentId: "ce55004d-888c-416f-84d7-ed2873531fe7",
        OtpToken: "f6b4401774f544dc8ec958dbe7a8470f",
        OtpCode: "123456"
      })
      expect((yield* result).isVerified).toBe(true)
      const failed = yield* Effect.flip(
        (yield* withAnswer(example("verifyOtp.tokenHasExpired"), (client) => client.verifyPayment(request))).result
      )
      expect(failed).toMatchObject({ _tag: "PaywallMasterpassError", exceptionCode: "TOKEN_HAS_EXPIRED" })
    }))

  it.effect("commit: the details with a bigint PaymentId and the placeholder session; 56 and 92 as envelope errors with the session", () =>
    Effect.gen(function*() {
      const request = { sessionId, masterpassPaymentId: "ce55004d-888c-416f-84d7-ed2873531fe7" }
      const { result, sent } = yield* withAnswer(example("commit.success"), (client) => client.commitPayment(request))
      expect(sent[0]?.url).toMatch(/\/api\/paywall\/masterpass\/payment\/commit$/)
      expect(sentJson(sent)).toStrictEqual({
        SessionId: sessionId,
        MasterpassPaymentId: "ce55004d-888c-416f-84d7-ed2873531fe7"
      })
      const committed = yield* result
      expect(committed.paymentId).toBe(203948888n)
      expect(committed).toMatchObject({
        session: session("55555555-4444-3333-222222-11111111"),
        paymentActivityId: 4413674,
        uniqueCode: "aaaaaaa-33333-32222-0000-11111111111",
        merchantUniqueCode: "0000000-2664-4d3c-ae6e-000000000000"
      })
      for (
        const [name, errorCode, message] of [
          ["commit.paymentNotFound", 56, "Masterpass payment not found"],
          ["commit.autoCommit", 92, "Auto commit payment cannot commit again"]
        ] as const
      ) {
        const failed = yield* Effect.flip(
          (yield* withAnswer(example(name), (client) => client.commitPayment(request))).result
        )
        expect(failed).toBeInstanceOf(PaywallError.PaywallEnvelopeError)
        expect(failed).toMatchObject({
          errorCode,
          paywallMessage: message,
          session: session("dc27433e-f36b-1410-80e5-004205aa382d")
        })
      }
    }))

  it.effect("commit by payment id: PaymentId beyond 32 bits sent as a JSON number", () =>
    Effect.gen(function*() {
      const { result, sent } = yield* withAnswer(example("commit.success"), (client) =>
        client.commitPaymentById({
          sessionId: MasterpassSession.AnswerSessionId.make("512b673e-f36b-1410-80e8-004205aa382d"),
          paymentId: Schema.decodeSync(MasterpassService.PaymentId)(8013143466)
        }))
      expect(sent[0]?.url).toMatch(/\/api\/paywall\/masterpass\/payment\/commit\/by\/paymentid$/)
      expect(bodyText(sent[0]!)).toBe(
        "{\"SessionId\":\"512b673e-f36b-1410-80e8-004205aa382d\",\"PaymentId\":8013143466}"
      )
      expect((yield* result).paymentId).toBe(203948888n)
      // No failure is documented for this variant: the commit's 56 form is assumed.
      const failed = yield* Effect.flip(
        (yield* withAnswer(example("commit.paymentNotFound"), (client) =>
          client.commitPaymentById({
            sessionId,
            paymentId: Schema.decodeSync(MasterpassService.PaymentId)(8013143466)
          }))).result
      )
      expect(failed).toMatchObject({ _tag: "PaywallEnvelopeError", errorCode: 56 })
    }))
})

const stepAnswer = (result: Record<string, unknown>) => ({
  ErrorCodeType: 1,
  ErrorMessage: null,
  ErrorCode: 0,
  Result: true,
  Message: "",
  Body: {
    Session: { SessionRenewed: false, SessionId: "b827433e-f36b-1410-80e5-004205aa382d" },
    Masterpass: { Result: result, BuildId: "83", CorrelationId: null, Exception: null, Message: "OK", StatusCode: 200 }
  }
})

describe("Masterpass steps and undocumented codes", () => {
  it.effect("5008 is a Masterpass OTP, 5010 a 3D Secure step with its URLs", () =>
    Effect.gen(function*() {
      const otp = yield* withAnswer(
        stepAnswer({ ResponseCode: "5008", Token: "t-1", RetrievalReferenceNumber: "1" }),
        (client) => client.linkToMerchant({ sessionId })
      )
      expect((yield* otp.result).step).toStrictEqual(
        new MasterpassAnswer.OtpRequired({ otpToken: "t-1", source: "masterpass" })
      )
      const threeD = yield* withAnswer(
        stepAnswer({
          ResponseCode: "5010",
          IsVerified: false,
          Url3d: "https://bank.example/3d",
          Url3dSuccess: "https://shop.example/ok",
          Url3dFail: null
        }),
        (client) => client.verifyOtp({ sessionId, otpToken: "t-1", otpCode: "123456" })
      )
      expect((yield* threeD.result).step).toStrictEqual(
        new MasterpassAnswer.ThreeDSecureRequired({
          url: "https://bank.example/3d",
          successUrl: "https://shop.example/ok"
        })
      )
    }))

  it.effect("an undocumented ResponseCode is a PaywallMasterpassError keeping the code, not a decode error", () =>
    Effect.gen(function*() {
      const { result } = yield* withAnswer(
        stepAnswer({ ResponseCode: "4004", Description: "Card already registered", Token: null }),
        (client) => client.linkToMerchant({ sessionId })
      )
      const error = yield* Effect.flip(result)
      expect(error).toMatchObject({
        _tag: "PaywallMasterpassError",
        responseCode: "4004",
        description: "Card already registered",
        session: session("b827433e-f36b-1410-80e5-004205aa382d")
      })
      expect(error.message).toContain("ResponseCode 4004")
    }))

  it.effect("an invalid request is refused before any I/O, naming the field", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall(() => json(example("verifyOtp.success")))
      const error = yield* Effect.flip(
        Effect.provide(
          Effect.flatMap(MasterpassClient.MasterpassClient, (client) =>
            client.verifyOtp({ sessionId, otpToken: "t", otpCode: " " })),
          paywall.layer
        )
      )
      expect(error).toMatchObject({ _tag: "PaywallRequestError", endpoint: "verifyOtp", fields: ["otpCode"] })
      expect(paywall.sent).toHaveLength(0)
    }))
})

describe("commitPayment is never sent twice once it may have reached Paywall", () => {
  const request = { sessionId, masterpassPaymentId: "ce55004d-888c-416f-84d7-ed2873531fe7" }
  const commit = Effect.flatMap(MasterpassClient.MasterpassClient, (client) => client.commitPayment(request))
  const retries = { maxRetries: 2, retryBaseDelay: "1 millis" } as const
  const transportError = (sent: HttpClientRequest.HttpClientRequest, code: string) =>
    new HttpClientError.RequestError({
      request: sent,
      reason: "Transport",
      cause: Object.assign(new Error(`${code} 127.0.0.1:4010`), { code })
    })

  it.live("after a 503: one attempt, and the error says the outcome is unknown", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall(() => new Response("busy", { status: 503 }), { config: retries })
      const error = yield* Effect.flip(Effect.provide(commit, paywall.layer))
      expect(error).toMatchObject({ _tag: "PaywallHttpError", status: 503, attempts: 1, outcomeUnknown: true })
      expect(error.message).toContain("outcome is unknown")
      expect(paywall.sent).toHaveLength(1)
    }))

  it.live("after a reset connection: one attempt, outcome unknown", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall((sent) => transportError(sent, "ECONNRESET"), { config: retries })
      const error = yield* Effect.flip(Effect.provide(commit, paywall.layer))
      expect(error).toMatchObject({ _tag: "PaywallTransportError", attempts: 1, outcomeUnknown: true })
      expect(paywall.sent).toHaveLength(1)
    }))

  it.live("after a refused connection (the request never left): retried, and succeeds", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall(
        (sent, attempt) => attempt === 1 ? transportError(sent, "ECONNREFUSED") : json(example("commit.success")),
        { config: retries }
      )
      const committed = yield* Effect.provide(commit, paywall.layer)
      expect(committed.paymentId).toBe(203948888n)
      expect(paywall.sent).toHaveLength(2)
    }))

  it.live("refused until the deadline passes: a Timeout that claims no unknown outcome (nothing ever left)", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall((sent) => transportError(sent, "ECONNREFUSED"), {
        config: { maxRetries: 5, retryBaseDelay: "1 second", deadline: "50 millis" }
      })
      const error = yield* Effect.flip(Effect.provide(commit, paywall.layer))
      expect(error).toMatchObject({ _tag: "PaywallTransportError", reason: "Timeout" })
      expect(error._tag === "PaywallTransportError" && error.outcomeUnknown).toBeUndefined()
    }))

  it.live("an idempotent service is retried after a 503 and its error never claims an unknown outcome", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall(() => new Response("busy", { status: 503 }), { config: retries })
      const error = yield* Effect.flip(
        Effect.provide(
          Effect.flatMap(MasterpassClient.MasterpassClient, (client) => client.listCards({ sessionId })),
          paywall.layer
        )
      )
      expect(error).toMatchObject({ _tag: "PaywallHttpError", attempts: 3 })
      expect(error._tag === "PaywallHttpError" && error.outcomeUnknown).toBeUndefined()
      expect(paywall.sent).toHaveLength(3)
    }))
})
