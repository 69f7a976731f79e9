import { describe, expect, it } from "@effect/vitest"
import { Amount, JsonNumber } from "@paywall-effect/domain"
import { BigDecimal, Either, FastCheck as fc, Option, Schema } from "effect"
import { sized } from "../../../test/fastcheck.js"

const encode = Schema.encodeSync(Amount.Amount)
const decode = Schema.decodeUnknownEither(Amount.Amount)

/** Decimals as Paywall's amounts may be: 1 to 18 integer digits, 0 to 8 decimals. */
const decimalText = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }), fc.integer({ min: 0, max: 8 }))
  .chain(([whole, scale]) =>
    scale === 0
      ? fc.constant(whole.toString())
      : fc.bigInt({ min: 0n, max: 10n ** BigInt(scale) - 1n }).map((fraction) =>
        `${whole}.${fraction.toString().padStart(scale, "0")}`
      )
  )

describe("Amount", () => {
  it("writes a decimal's own digits: its scale kept, no exponent, a negative scale written out", () => {
    expect(Amount.toText(BigDecimal.unsafeFromString("101.50"))).toBe("101.50")
    expect(Amount.toText(BigDecimal.unsafeFromString("0.05"))).toBe("0.05")
    expect(Amount.toText(BigDecimal.unsafeFromString("-0.05"))).toBe("-0.05")
    expect(Amount.toText(BigDecimal.make(15n, -2))).toBe("1500")
    expect(Amount.toText(BigDecimal.make(0n, -2))).toBe("0")
    expect(Amount.toText(BigDecimal.make(1n, 20))).toBe("0.00000000000000000001")
    expect(encode(BigDecimal.unsafeFromString("101.50"))).toStrictEqual(new JsonNumber.JsonNumber("101.50"))
  })

  it("reads plain decimal text only", () => {
    expect(Option.map(Amount.fromText("101.50"), BigDecimal.format)).toStrictEqual(Option.some("101.5"))
    expect(Amount.fromText("1,5")).toStrictEqual(Option.none())
    expect(Amount.fromText("1e3")).toStrictEqual(Option.none())
    expect(Amount.fromText("")).toStrictEqual(Option.none())
  })

  it("reads a number as its shortest text, a JsonNumber as its text, and refuses what is not finite", () => {
    expect(Either.map(decode(101.5), BigDecimal.format)).toStrictEqual(Either.right("101.5"))
    expect(Either.map(decode(new JsonNumber.JsonNumber("999999999999999999.99")), BigDecimal.format))
      .toStrictEqual(Either.right("999999999999999999.99"))
    expect(Either.isLeft(decode(Number.POSITIVE_INFINITY))).toBe(true)
    expect(Either.isLeft(decode("101.5"))).toBe(true)
  })

  it("PositiveAmount and NonNegativeAmount", () => {
    const positive = Schema.is(Schema.typeSchema(Amount.PositiveAmount))
    const nonNegative = Schema.is(Schema.typeSchema(Amount.NonNegativeAmount))
    expect(positive(BigDecimal.unsafeFromString("0.01"))).toBe(true)
    expect(positive(BigDecimal.unsafeFromString("0"))).toBe(false)
    expect(nonNegative(BigDecimal.unsafeFromString("0"))).toBe(true)
    expect(nonNegative(BigDecimal.unsafeFromString("-0.01"))).toBe(false)
  })

  it.prop(
    "any decimal goes to the JSON text digit for digit and comes back as itself",
    [decimalText],
    ([text]) => {
      const amount = BigDecimal.unsafeFromString(text)
      const wire = JsonNumber.stringify({ Amount: encode(amount) })
      expect(wire).toBe(`{"Amount":${text}}`)
      const back = Either.getOrThrow(decode((JsonNumber.parse(wire) as { Amount: unknown }).Amount))
      expect(BigDecimal.equals(back, amount)).toBe(true)
    },
    sized(500, 2)
  )
})
