import { describe, expect, it } from "@effect/vitest"
import { CreateSessionRequest } from "@paywall-effect/domain"
import { Effect, Either, Logger, ParseResult, Schema } from "effect"
import { inspect } from "node:util"
import { sized } from "../../../test/fastcheck.js"

const { CreateSessionRequest: Request } = CreateSessionRequest
const valid = {
  referenceCode: "order-1001",
  userId: "72812393211",
  userPhone: "905123456710"
}
const encode = Schema.encodeUnknownEither(Request)
const decode = Schema.decodeUnknownEither(Request, { errors: "all" })

/** The field paths a failed validation names. */
const pathsOf = (result: Either.Either<unknown, ParseResult.ParseError>) =>
  Either.isLeft(result)
    ? ParseResult.ArrayFormatter.formatErrorSync(result.left).map((issue) => issue.path.join("."))
    : []

describe("CreateSessionRequest", () => {
  it("encodes to exactly the documented wire keys, omitting absent optionals", () => {
    expect(Schema.encodeSync(Request)(new Request(valid))).toStrictEqual({
      ReferenceCode: "order-1001",
      UserId: "72812393211",
      UserPhone: "905123456710"
    })
    expect(
      JSON.stringify(
        Schema.encodeSync(Request)(new Request({ ...valid, force3D: false, phoneVerifiedByMerchant: true }))
      )
    ).toBe(
      "{\"ReferenceCode\":\"order-1001\",\"UserId\":\"72812393211\",\"UserPhone\":\"905123456710\",\"Force3D\":false,\"PhoneVerifiedByMerchant\":true}"
    )
  })

  it("decodes the docs' example body", () => {
    const body = {
      ReferenceCode: "0f8fad5b-d9cb-469f-a165-70867728950e",
      UserId: "72812393211",
      UserPhone: "905123456710",
      Force3D: false,
      PhoneVerifiedByMerchant: true
    }
    const request = Schema.decodeUnknownSync(Request)(body)
    expect(request.force3D).toBe(false)
    expect(request.phoneVerifiedByMerchant).toBe(true)
  })

  it.each([
    ["referenceCode", ""],
    ["referenceCode", " order-1 "],
    ["referenceCode", "a".repeat(101)],
    ["referenceCode", "order\r\n1"],
    ["userId", ""],
    ["userId", "user\u0000"],
    ["userPhone", "+905123456710"],
    ["userPhone", "123456789"],
    ["userPhone", "1234567890123456"],
    ["userPhone", "90512345671a"],
    ["userPhone", "９０５１２３４５６７１０"]
  ])("rejects %s = %j, naming the field", (field, value) => {
    expect(pathsOf(encode({ ...valid, [field]: value }))).toStrictEqual([field])
    expect(() => new Request({ ...valid, [field]: value })).toThrow(field)
  })

  it("names the wire field when the wire form is invalid", () => {
    expect(pathsOf(decode({ ReferenceCode: "r", UserId: "u", UserPhone: "905", Force3D: "yes" }))).toStrictEqual([
      "UserPhone",
      "Force3D"
    ])
  })

  it.prop("round-trips through its wire form", [Request], ([request]) => {
    const wire = Schema.encodeSync(Request)(request)
    expect(Schema.decodeUnknownSync(Request)(JSON.parse(JSON.stringify(wire)))).toStrictEqual(request)
  }, sized(100, 10))

  it.effect("masks the phone wherever it is printed", () =>
    Effect.gen(function*() {
      const request = new Request(valid)
      const logged: Array<string> = []
      yield* Effect.log(request).pipe(
        Effect.provide(
          Logger.replace(Logger.defaultLogger, Logger.map(Logger.logfmtLogger, (line) => logged.push(line)))
        )
      )
      for (const printed of [String(request), JSON.stringify(request), inspect(request), ...logged]) {
        expect(printed).toContain("9051*****710")
        expect(printed).not.toContain("905123456710")
      }
    }))
})

describe("CreateSessionRequest.make", () => {
  it.effect("validates into a request", () =>
    Effect.gen(function*() {
      const request = yield* CreateSessionRequest.make(valid)
      expect(request).toBeInstanceOf(Request)
      expect(request).toStrictEqual(new Request(valid))
    }))

  it.effect("fails with a PaywallRequestError naming every invalid field, never its value, without throwing", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(CreateSessionRequest.make({ ...valid, userId: "", userPhone: "12" }))
      expect(error).toMatchObject({
        _tag: "PaywallRequestError",
        endpoint: "createSession",
        fields: ["userId", "userPhone"]
      })
    }))
})
