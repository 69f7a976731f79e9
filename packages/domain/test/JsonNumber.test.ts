import { describe, expect, it } from "@effect/vitest"
import { Amount, JsonNumber } from "@paywall-effect/domain"
import { BigDecimal, FastCheck as fc, Schema } from "effect"
import { sized } from "../../../test/fastcheck.js"

/** A decimal's text with 1 to 30 digits before the point and 0 to 12 after, possibly negative. */
const decimalText = fc.tuple(
  fc.boolean(),
  fc.stringMatching(/^(?:0|[1-9][0-9]{0,29})$/),
  fc.stringMatching(/^[0-9]{0,12}$/)
).map(([negative, whole, fraction]) => `${negative ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`)

describe("JsonNumber.stringify", () => {
  it("writes a JsonNumber as its text, anywhere, and everything else as JSON.stringify does", () => {
    const value = {
      Amount: JsonNumber.make("123456789012345678.12345678"),
      MarketPlace: { Platform: { DecreaseAmount: JsonNumber.make("0.10") } },
      List: [JsonNumber.make("1e-3"), undefined, "text", null],
      Gone: undefined,
      At: new Date("2025-06-04T00:00:00Z")
    }
    expect(JsonNumber.stringify(value)).toBe(
      "{\"Amount\":123456789012345678.12345678,\"MarketPlace\":{\"Platform\":{\"DecreaseAmount\":0.10}},"
        + "\"List\":[1e-3,null,\"text\",null],\"At\":\"2025-06-04T00:00:00.000Z\"}"
    )
    // Plain JSON.stringify still writes a number, never an object.
    expect(JSON.stringify({ Amount: JsonNumber.make("101.50") })).toBe("{\"Amount\":101.5}")
  })

  it.prop("is JSON.stringify for plain data", [fc.jsonValue()], ([value]) => {
    expect(JsonNumber.stringify(value)).toBe(JSON.stringify(value))
  }, sized(200, 5))
})

describe("JsonNumber.parse", () => {
  it("keeps a number a float cannot hold as its text, and reads every other number as JSON.parse does", () => {
    const parsed = JsonNumber.parse(
      "{\"ErrorCode\":0,\"Amount\":999999999999999999.99,\"Id\":9007199254740993,\"Huge\":1e400,"
        + "\"Float\":0.30000000000000004,\"Short\":101.50,\"Text\":\"x: 12345678901234567890\"}"
    )
    expect(parsed).toStrictEqual({
      ErrorCode: 0,
      Amount: new JsonNumber.JsonNumber("999999999999999999.99"),
      Id: new JsonNumber.JsonNumber("9007199254740993"),
      Huge: new JsonNumber.JsonNumber("1e400"),
      Float: 0.30000000000000004,
      Short: 101.5,
      Text: "x: 12345678901234567890"
    })
  })

  it("cannot be fooled by a string that looks like its markers, and drops __proto__ keys", () => {
    const parsed = JsonNumber.parse(
      "{\"a\":\"\\u00000:0\",\"b\":12345678901234567890.5,\"__proto__\":{\"polluted\":true},\"c\":[\"\\u00001:0\"]}"
    ) as Record<string, unknown>
    expect(parsed).toStrictEqual({
      a: "\u00000:0",
      b: new JsonNumber.JsonNumber("12345678901234567890.5"),
      c: ["\u00001:0"]
    })
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype)
    expect(Object.prototype.hasOwnProperty.call(parsed, "__proto__")).toBe(false)
  })

  it("throws on text that is not JSON, as JSON.parse does", () => {
    expect(() => JsonNumber.parse("{\"a\":12345678901234567890.5,}")).toThrow(SyntaxError)
    expect(() => JsonNumber.parse("{\"a\":1.2.3.4.5.6.7.8.9.0.1.2}")).toThrow(SyntaxError)
  })

  it.prop("reads back what JSON.stringify wrote, floats included", [fc.jsonValue()], ([value]) => {
    expect(JsonNumber.parse(JSON.stringify(value))).toStrictEqual(JSON.parse(JSON.stringify(value)))
  }, sized(200, 5))

  it.prop(
    "reads any decimal, wherever it stands, as exactly that decimal (no float drift)",
    [decimalText],
    ([text]) => {
      const read = Schema.decodeUnknownSync(Amount.Amount)
      const expected = BigDecimal.unsafeFromString(text)
      const found = [
        JsonNumber.parse(text),
        (JsonNumber.parse(`{"Amount":${text}}`) as { Amount: unknown }).Amount,
        (JsonNumber.parse(`[1, ${text}]`) as Array<unknown>)[1],
        (JsonNumber.parse(`{"a":{"b":\n\t${text} }}`) as { a: { b: unknown } }).a.b
      ]
      for (const value of found) expect(BigDecimal.equals(read(value), expected)).toBe(true)
    },
    sized(500, 4)
  )
})

describe("JsonNumber.isExactAsFloat", () => {
  it.each(
    [
      ["101.50", true],
      ["0.30000000000000004", true],
      ["123456789012345", true],
      ["1e21", true],
      ["9007199254740993", false],
      ["999999999999999999.99", false],
      ["0.1000000000000000001", false],
      ["1e400", false]
    ] as const
  )("%s: %s", (text, exact) => {
    expect(JsonNumber.isExactAsFloat(text)).toBe(exact)
  })
})
