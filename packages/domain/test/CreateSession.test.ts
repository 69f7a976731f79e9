import { describe, expect, it } from "@effect/vitest"
import { CreateSession, PaywallError } from "@paywall-effect/domain"
import { Either, Option, Schema } from "effect"
import { sized } from "../../../test/fastcheck.js"
import { docsBody } from "../../../test/fixtures/docs.js"

const { CreateSession: Record } = CreateSession

describe("CreateSession", () => {
  it("encodes with exactly the seed's keys and a fixed Type", () => {
    const record = new Record({ status: "succeeded", statusCode: 200, responseBody: { ErrorCode: 0 } })
    expect(Schema.encodeSync(Record)(record)).toStrictEqual({
      Type: "payment-service-session",
      Status: "succeeded",
      StatusCode: 200,
      ResponseBody: { ErrorCode: 0 }
    })
  })

  it("decodes a record without Type, and rejects another Type", () => {
    expect(Schema.decodeUnknownSync(Record)({ Status: "failed", Code: "TIMEOUT" }).type).toBe("payment-service-session")
    expect(Either.isLeft(Schema.decodeUnknownEither(Record)({ Type: "x", Status: "failed", Code: "TIMEOUT" }))).toBe(
      true
    )
  })

  it("requires a Code exactly when the status is failed", () => {
    expect(() => new Record({ status: "failed" })).toThrow("a failed record has a Code")
    expect(() => new Record({ status: "succeeded", code: "TIMEOUT" })).toThrow("a failed record has a Code")
  })

  it.prop("round-trips through JSON", [Record], ([record]) => {
    const json = JSON.parse(JSON.stringify(Schema.encodeSync(Record)(record)))
    expect(Schema.decodeUnknownSync(Record)(json)).toStrictEqual(record)
  }, sized(100, 20))

  it("drops a ResponseBody's __proto__ key instead of taking it as a prototype", () => {
    const json = JSON.parse(
      "{\"Type\":\"payment-service-session\",\"Status\":\"succeeded\",\"ResponseBody\":{\"__proto__\":{\"isAdmin\":true}}}"
    )
    const body = Schema.decodeUnknownSync(Record)(json).responseBody
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype)
    expect(body).toStrictEqual({})
    expect(body && "isAdmin" in body).toBe(false)
  })

  it("maps every failure to its generic code", () => {
    expect(
      CreateSession.codeOf(new PaywallError.PaywallRequestError({ endpoint: "createSession", fields: ["userId"] }))
    )
      .toBe("INVALID_REQUEST")
    expect(CreateSession.codeOf(new PaywallError.PaywallHttpError({ status: 503 }))).toBe("HTTP_ERROR")
    const transport = (reason: typeof PaywallError.TransportReason.Type) =>
      CreateSession.codeOf(new PaywallError.PaywallTransportError({ reason, description: "" }))
    expect(transport("RequestFailed")).toBe("CONNECTION_ERROR")
    expect(transport("BodyFailed")).toBe("CONNECTION_ERROR")
    expect(transport("Timeout")).toBe("TIMEOUT")
    expect(CreateSession.codeOf(new PaywallError.PaywallEnvelopeError({ errorCode: 56, status: 200 })))
      .toBe("PAYWALL_ERROR")
    expect(CreateSession.codeOf(new PaywallError.PaywallDecodeError({ status: 200, issue: "" })))
      .toBe("INVALID_RESPONSE")
  })
})

describe("CreateSession.fromResult and sessionBody", () => {
  const body = docsBody

  it("records a success with its status and body, and gives the session back", () => {
    const record = CreateSession.fromResult(Either.right("anything"), {
      statusCode: 200,
      responseBody: { ErrorCode: 0, Result: true, Body: body }
    })
    expect(record).toMatchObject({ status: "succeeded", statusCode: 200 })
    expect(CreateSession.sessionBody(record)).toStrictEqual(Option.some(body))
  })

  it("records a failure with its code, keeping only a JSON object as the body", () => {
    const error = new PaywallError.PaywallDecodeError({ status: 200, issue: "the body is not JSON" })
    const record = CreateSession.fromResult(Either.left(error), { statusCode: 200, responseBody: [1, 2] })
    expect(record).toMatchObject({ status: "failed", code: "INVALID_RESPONSE", statusCode: 200 })
    expect(record.responseBody).toBeUndefined()
    expect(CreateSession.sessionBody(record)).toStrictEqual(Option.none())
  })
})
