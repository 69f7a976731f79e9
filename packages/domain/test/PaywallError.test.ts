import { describe, expect, it } from "@effect/vitest"
import { PaywallError } from "@paywall-effect/domain"
import { Schema } from "effect"
import { sized } from "../../../test/fastcheck.js"

describe("PaywallError", () => {
  it.prop("every error survives a JSON round trip with its tag", [PaywallError.PaywallError], ([error]) => {
    const encode = Schema.encodeSync(PaywallError.PaywallError)
    const back = Schema.decodeUnknownSync(PaywallError.PaywallError)(JSON.parse(JSON.stringify(encode(error))))
    expect(back).toBeInstanceOf(error.constructor)
    expect(encode(back)).toStrictEqual(encode(error))
    expect(back._tag).toBe(error.constructor.name)
    expect(back.message).toBe(error.message)
  }, sized(100, 10))

  it("says what happened in its message", () => {
    expect(
      new PaywallError.PaywallEnvelopeError({
        errorCode: 56,
        paywallMessage: "Masterpass payment not found",
        status: 200
      }).message
    )
      .toBe("Paywall refused the request with ErrorCode 56: Masterpass payment not found (HTTP 200)")
    expect(
      new PaywallError.PaywallTransportError({
        reason: "HttpStatus",
        description: "HTTP 503 without a Paywall envelope",
        status: 503
      }).message
    )
      .toBe("Paywall transport failure, HttpStatus (HTTP 503): HTTP 503 without a Paywall envelope")
    expect(new PaywallError.PaywallDecodeError({ status: 200, issue: "the body is not JSON" }).message)
      .toBe("Paywall's answer could not be read (HTTP 200): the body is not JSON")
  })

  it("bounds body excerpts", () => {
    expect(PaywallError.excerpt("x".repeat(10_000))).toHaveLength(PaywallError.maxExcerptLength + 1)
    expect(PaywallError.excerpt("short")).toBe("short")
  })
})
