/**
 * A money amount: a `BigDecimal` here, a JSON number on the wire (`"Amount":101.5`), and never a
 * binary float in between.
 *
 * @since 0.5.0
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as JsonNumber from "./JsonNumber.js"

/**
 * The digits of `amount` as a plain decimal (no exponent), with its own scale: `101.50` stays
 * `101.50`, a negative scale is written out with zeros (`1500`).
 *
 * @example
 * ```ts
 * import { Amount } from "@paywall-effect/domain"
 * import { BigDecimal } from "effect"
 *
 * Amount.toText(BigDecimal.unsafeFromString("101.50")) // "101.50"
 * Amount.toText(BigDecimal.make(15n, -2)) // "1500"
 * ```
 *
 * @since 0.5.0
 * @category formatting
 */
export const toText = (amount: BigDecimal.BigDecimal): string => {
  const { scale, value } = amount
  const sign = value < 0n ? "-" : ""
  const digits = (value < 0n ? -value : value).toString()
  if (scale <= 0) return `${sign}${digits}${value === 0n ? "" : "0".repeat(-scale)}`
  const padded = digits.padStart(scale + 1, "0")
  return `${sign}${padded.slice(0, -scale)}.${padded.slice(-scale)}`
}

/**
 * `text` as a decimal, when it is a plain decimal number (`101.5`, `-0.25`, `1000`; no
 * exponent, no grouping).
 *
 * @example
 * ```ts
 * import { Amount } from "@paywall-effect/domain"
 *
 * Amount.fromText("101.50") // Some(BigDecimal(101.5))
 * Amount.fromText("1,5") // None
 * ```
 *
 * @since 0.5.0
 * @category parsing
 */
export const fromText = (text: string): Option.Option<BigDecimal.BigDecimal> =>
  /^-?\d+(?:\.\d+)?$/.test(text) ? BigDecimal.fromString(text) : Option.none()

const fromWire = (wire: number | JsonNumber.JsonNumber): Option.Option<BigDecimal.BigDecimal> =>
  wire instanceof JsonNumber.JsonNumber
    ? BigDecimal.fromString(wire.text)
    : Number.isFinite(wire)
    ? BigDecimal.fromString(String(wire))
    : Option.none()

/**
 * An amount: a `BigDecimal`, from and to a JSON number. Written as a {@link JsonNumber.JsonNumber}
 * with the decimal's own digits (see {@link toText}), which the client writes into the JSON text
 * as they are. Read from a `JsonNumber` exactly, or from a plain `number` as its shortest
 * decimal text: exactly what was written when the JSON was read with `JsonNumber.parse`, as the
 * client reads every answer (a number a float cannot hold as written comes as a `JsonNumber`).
 * After a plain `JSON.parse`, that holds for any amount of up to 15 significant digits.
 *
 * @example
 * ```ts
 * import { Amount, JsonNumber } from "@paywall-effect/domain"
 * import { BigDecimal, Schema } from "effect"
 *
 * const read = Schema.decodeUnknownSync(Amount.Amount)
 * read(101.5) // BigDecimal(101.5)
 * read(JsonNumber.parse("999999999999999999.99")) // BigDecimal(999999999999999999.99)
 * JsonNumber.stringify({ Amount: Schema.encodeSync(Amount.Amount)(BigDecimal.unsafeFromString("0.30")) }) // '{"Amount":0.30}'
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const Amount = Schema.transformOrFail(
  Schema.Union(Schema.Number, JsonNumber.JsonNumberFromSelf).annotations({
    jsonSchema: { type: "number", description: "a decimal amount, written with its exact digits" }
  }),
  Schema.BigDecimalFromSelf,
  {
    strict: true,
    decode: (wire, _, ast) =>
      Option.match(fromWire(wire), {
        onNone: () => ParseResult.fail(new ParseResult.Type(ast, wire, "must be a finite decimal number")),
        onSome: ParseResult.succeed
      }),
    encode: (amount) => ParseResult.succeed(new JsonNumber.JsonNumber(toText(amount)))
  }
).annotations({ identifier: "Amount" })

/**
 * An amount greater than zero (a partial refund's).
 *
 * @example
 * ```ts
 * import { Amount } from "@paywall-effect/domain"
 * import { BigDecimal, Schema } from "effect"
 *
 * Schema.is(Schema.typeSchema(Amount.PositiveAmount))(BigDecimal.unsafeFromString("0")) // false
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const PositiveAmount = Amount.pipe(
  Schema.filter((amount) => BigDecimal.isPositive(amount) || "must be greater than 0"),
  Schema.annotations({ identifier: "PositiveAmount" })
)

/**
 * An amount of zero or more (a revert's: 0 means the whole payment).
 *
 * @example
 * ```ts
 * import { Amount } from "@paywall-effect/domain"
 * import { BigDecimal, Schema } from "effect"
 *
 * Schema.is(Schema.typeSchema(Amount.NonNegativeAmount))(BigDecimal.unsafeFromString("0")) // true
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const NonNegativeAmount = Amount.pipe(
  Schema.filter((amount) => !BigDecimal.isNegative(amount) || "must not be negative"),
  Schema.annotations({ identifier: "NonNegativeAmount" })
)
