import { describe, expect, it } from "@effect/vitest"
import {
  MasterpassAnswer,
  MasterpassService,
  MasterpassSession,
  PaywallApi,
  type PaywallEndpoint,
  PaywallEnvelope,
  PaywallError
} from "@paywall-effect/domain"
import { DateTime, Either, Option, Schema } from "effect"
import { readFileSync } from "node:fs"

const examples: Record<string, { Body: unknown }> = JSON.parse(
  readFileSync(new URL("../../../test/fixtures/masterpass/examples.json", import.meta.url), "utf8")
)

const read = (name: string, status = 200) => {
  const envelope = Schema.decodeUnknownSync(PaywallEnvelope.AnyEnvelope)(examples[name])
  return Option.map(
    MasterpassAnswer.readFailure({ status, envelope, scrub: (text) => text.replaceAll("secret", "<redacted>") }),
    (make) => make(1)
  )
}

describe("MasterpassAnswer.readFailure", () => {
  it("leaves every documented success to the reply", () => {
    for (
      const name of [
        "cardList.success",
        "link.success",
        "verifyOtp.success",
        "resendOtp.success",
        "deleteCard.success",
        "unlink.success",
        "commit.success"
      ]
    ) {
      expect(read(name), name).toStrictEqual(Option.none())
    }
  })

  it("reads every documented Masterpass failure as a PaywallMasterpassError, whatever the envelope says", () => {
    const cases = [
      ["cardList.userNotFound", "USER_NOT_FOUND", 0],
      ["cardList.notLinked", "ACCOUNT_NOT_LINKED_TO_MERCHANT", 0],
      ["link.accountNotFound", "ACCOUNT_NOT_FOUND", 0],
      ["verifyOtp.tokenHasExpired", "TOKEN_HAS_EXPIRED", 1],
      ["resendOtp.tokenIsNotValid", "TOKEN_IS_NOT_VALID", 0],
      ["deleteCard.cardNotFound", "CARD_NOT_FOUND", 0],
      ["unlink.notLinked", "ACCOUNT_NOT_LINKED_TO_MERCHANT", 0]
    ] as const
    for (const [name, exceptionCode, errorCode] of cases) {
      const error = Option.getOrThrow(read(name))
      expect(error, name).toBeInstanceOf(PaywallError.PaywallMasterpassError)
      expect(error, name).toMatchObject({ exceptionCode, errorCode, session: { renewed: expect.any(Boolean) } })
    }
  })

  it("reads the documented Paywall-level failures as PaywallEnvelopeErrors keeping the session", () => {
    const error = Option.getOrThrow(read("commit.autoCommit"))
    expect(error).toStrictEqual(
      new PaywallError.PaywallEnvelopeError({
        errorCode: 92,
        errorCodeType: 1,
        paywallMessage: "Auto commit payment cannot commit again",
        status: 200,
        session: new MasterpassSession.SessionState({
          sessionId: MasterpassSession.AnswerSessionId.make("dc27433e-f36b-1410-80e5-004205aa382d"),
          renewed: false
        })
      })
    )
  })

  it("scrubs the texts it keeps, and reads a failure envelope without a Body as a plain envelope error", () => {
    const envelope = {
      ErrorCode: 0,
      Result: true,
      Body: {
        Session: { SessionRenewed: false, SessionId: "a527433e-f36b-1410-80e5-004205aa382d" },
        Masterpass: { Result: null, Exception: { Code: "X", Message: "echo secret" }, StatusCode: 400 }
      }
    }
    const scrubbed = MasterpassAnswer.readFailure({
      status: 200,
      envelope,
      scrub: (text) => text.replace("secret", "***")
    })
    expect(Option.getOrThrow(scrubbed)(2)).toMatchObject({ masterpassMessage: "echo ***", attempts: 2 })
    const bare = MasterpassAnswer.readFailure({
      status: 500,
      envelope: { ErrorCode: 77, Result: false, Message: "Invalid credentials", Body: null },
      scrub: (text) => text
    })
    expect(Option.getOrThrow(bare)(1)).toStrictEqual(
      new PaywallError.PaywallEnvelopeError({ errorCode: 77, paywallMessage: "Invalid credentials", status: 500 })
    )
  })
})

describe("MasterpassAnswer.stepOf", () => {
  it("maps the documented ResponseCodes and refuses the rest", () => {
    expect(MasterpassAnswer.stepOf({ ResponseCode: "0000" })).toStrictEqual(Either.right(new MasterpassAnswer.Done()))
    expect(MasterpassAnswer.stepOf({ ResponseCode: "5001", Token: "t" })).toStrictEqual(
      Either.right(new MasterpassAnswer.OtpRequired({ otpToken: "t", source: "bank" }))
    )
    expect(MasterpassAnswer.stepOf({ ResponseCode: "5008", Token: "t" })).toStrictEqual(
      Either.right(new MasterpassAnswer.OtpRequired({ otpToken: "t", source: "masterpass" }))
    )
    expect(MasterpassAnswer.stepOf({ ResponseCode: "5010", Url3d: "https://bank.example/3d", Url3dFail: "f" }))
      .toStrictEqual(
        Either.right(new MasterpassAnswer.ThreeDSecureRequired({ url: "https://bank.example/3d", failUrl: "f" }))
      )
    expect(Either.isLeft(MasterpassAnswer.stepOf({ ResponseCode: "5001", Token: null }))).toBe(true)
    expect(Either.isLeft(MasterpassAnswer.stepOf({ ResponseCode: "5010" }))).toBe(true)
    expect(Either.isLeft(MasterpassAnswer.stepOf({ ResponseCode: "4004" }))).toBe(true)
  })
})

describe("Masterpass replies", () => {
  const context: PaywallEndpoint.ReplyContext = { expiryTimeZone: DateTime.zoneUnsafeMakeNamed("Europe/Istanbul") }
  const cases: ReadonlyArray<readonly [PaywallEndpoint.Any, string]> = [
    [PaywallApi.listCards, "cardList.success"],
    [PaywallApi.deleteCard, "deleteCard.success"],
    [PaywallApi.linkToMerchant, "link.success"],
    [PaywallApi.unlinkFromMerchant, "unlink.success"],
    [PaywallApi.verifyOtp, "verifyOtp.success"],
    [PaywallApi.resendOtp, "resendOtp.success"],
    [PaywallApi.verifyPayment, "verifyOtp.success"],
    [PaywallApi.commitPayment, "commit.success"],
    [PaywallApi.commitPaymentById, "commit.success"]
  ]

  it("decode every documented success, and what they encode (the sandbox's answers) decodes to the same reply", () => {
    for (const [endpoint, name] of cases) {
      const schema = endpoint.reply(context)
      const reply = Schema.decodeUnknownSync(schema)(examples[name]?.Body)
      const again = Schema.decodeUnknownSync(schema)(JSON.parse(JSON.stringify(Schema.encodeSync(schema)(reply))))
      expect(again, name).toStrictEqual(reply)
    }
  })

  it("every Masterpass declaration reads failures the one shared way", () => {
    for (const [endpoint] of cases) expect(endpoint.failure, endpoint.name).toBe(MasterpassAnswer.readFailure)
    expect(PaywallApi.commitPayment.idempotent).toBe(false)
    expect(PaywallApi.commitPaymentById.idempotent).toBe(false)
  })

  it("a PaymentId beyond what JSON numbers hold exactly is refused, not rounded", () => {
    expect(Either.isLeft(Schema.decodeUnknownEither(MasterpassService.PaymentId)(2 ** 53 + 2))).toBe(true)
    expect(Either.isLeft(Schema.encodeEither(MasterpassService.PaymentId)(2n ** 60n as MasterpassService.PaymentId)))
      .toBe(true)
  })
})
