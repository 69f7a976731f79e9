import { describe, expect, it } from "@effect/vitest"
import { MasterpassSession, PaywallEnvelope } from "@paywall-effect/domain"
import { Either, Schema } from "effect"
import { docsSuccess } from "../../../test/fixtures/docs.js"

const Answer = PaywallEnvelope.PaywallEnvelope(MasterpassSession.SessionBody)
const decode = Schema.decodeUnknownEither(Answer)

describe("PaywallEnvelope", () => {
  it("decodes the docs' success sample", () => {
    const answer = Either.getOrThrow(decode(docsSuccess))
    expect(PaywallEnvelope.isSuccess(answer)).toBe(true)
    expect(answer.Body?.SessionId).toBe(docsSuccess.Body.SessionId)
  })

  it("decodes the docs' failure sample with the undecoded-body envelope, ignoring unknown fields", () => {
    const answer = Either.getOrThrow(
      Schema.decodeUnknownEither(PaywallEnvelope.AnyEnvelope)({
        ErrorCodeType: 1,
        ErrorMessage: null,
        ErrorCode: 56,
        Result: false,
        Message: "Masterpass payment not found",
        Body: {
          Session: { SessionRenewed: false, SessionId: "dc27433e-f36b-1410-80e5-004205aa382d" },
          Masterpass: null
        },
        Unexpected: "field"
      })
    )
    expect(PaywallEnvelope.isSuccess(answer)).toBe(false)
    expect(answer.ErrorCode).toBe(56)
    expect("Unexpected" in answer).toBe(false)
  })

  it("accepts nulls and absent optionals", () => {
    expect(Either.isRight(decode({ ErrorCode: 0, Result: true }))).toBe(true)
    expect(Either.isRight(decode({ ErrorCodeType: null, Message: null, ErrorCode: 7, Result: false, Body: null })))
      .toBe(true)
  })

  it.each([
    [{ Result: true }, "ErrorCode"],
    [{ ErrorCode: "0", Result: true }, "ErrorCode"],
    [{ ErrorCode: 0.5, Result: true }, "ErrorCode"],
    [{ ErrorCode: 0 }, "Result"],
    [[], "Expected"]
  ])("rejects %j", (input, mention) => {
    const result = decode(input)
    expect(Either.isLeft(result) && result.left.message).toContain(mention)
  })

  it("counts a success only when ErrorCode is 0 and Result true", () => {
    expect(PaywallEnvelope.isSuccess({ ErrorCode: 0, Result: true })).toBe(true)
    expect(PaywallEnvelope.isSuccess({ ErrorCode: 0, Result: false })).toBe(false)
    expect(PaywallEnvelope.isSuccess({ ErrorCode: 1, Result: true })).toBe(false)
  })
})
