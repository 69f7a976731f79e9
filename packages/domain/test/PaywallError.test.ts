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
      new PaywallError.PaywallTransportError({ reason: "BodyFailed", description: "terminated", status: 200 }).message
    )
      .toBe("Paywall transport failure, BodyFailed (HTTP 200): terminated")
    expect(new PaywallError.PaywallHttpError({ status: 503, attempts: 3 }).message)
      .toBe("Paywall answered HTTP 503 without an envelope after 3 attempts")
    expect(new PaywallError.PaywallHttpError({ status: 302 }).message)
      .toBe("Paywall answered HTTP 302 (a redirect, not followed) without an envelope")
    expect(new PaywallError.PaywallRequestError({ endpoint: "createSession", fields: ["userPhone", "userId"] }).message)
      .toBe("Invalid createSession request, nothing was sent: userPhone, userId")
    expect(new PaywallError.PaywallDecodeError({ status: 200, issue: "the body is not JSON" }).message)
      .toBe("Paywall's answer could not be read (HTTP 200): the body is not JSON")
  })
})
