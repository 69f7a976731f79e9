/**
 * A JSON number kept as its exact text, and JSON text written and read with such numbers
 * intact. `JSON.parse` and `JSON.stringify` go through a binary float, which holds at most 15
 * significant decimal digits exactly (`0.1 + 0.2` is `0.30000000000000004`); money must not.
 *
 * @since 0.5.0
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

/** A JSON number, as JSON's grammar spells one. */
const grammar = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/

/**
 * A JSON number as its exact text (`101.50`, `8013143466`, `1e-3`). {@link stringify} writes it
 * as that text; plain `JSON.stringify` writes it as the nearest float (exact for any decimal of
 * up to 15 significant digits), never as an object.
 *
 * @example
 * ```ts
 * import { JsonNumber } from "@paywall-effect/domain"
 *
 * JsonNumber.stringify({ Amount: JsonNumber.make("101.50") }) // '{"Amount":101.50}'
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export class JsonNumber {
  constructor(
    /** The number's text, valid by JSON's grammar. */
    readonly text: string
  ) {}

  /**
   * What plain `JSON.stringify` writes: the nearest float.
   *
   * @example
   * ```ts
   * import { JsonNumber } from "@paywall-effect/domain"
   *
   * JSON.stringify({ Amount: JsonNumber.make("101.50") }) // '{"Amount":101.5}'
   * ```
   *
   * @since 0.5.0
   */
  toJSON(): number {
    return Number(this.text)
  }

  /**
   * The number's text.
   *
   * @example
   * ```ts
   * import { JsonNumber } from "@paywall-effect/domain"
   *
   * String(JsonNumber.make("101.50")) // "101.50"
   * ```
   *
   * @since 0.5.0
   */
  toString(): string {
    return this.text
  }
}

/**
 * Whether `text` is a JSON number (`-0.5`, `1e3`; not `+1`, `.5`, `01`, `NaN`).
 *
 * @example
 * ```ts
 * import { JsonNumber } from "@paywall-effect/domain"
 *
 * JsonNumber.isValidText("101.50") // true
 * JsonNumber.isValidText("1,5") // false
 * ```
 *
 * @since 0.5.0
 * @category predicates
 */
export const isValidText = (text: string): boolean => grammar.test(text)

/**
 * A {@link JsonNumber} from its text; throws on text that is not a JSON number (for constants).
 *
 * @example
 * ```ts
 * import { JsonNumber } from "@paywall-effect/domain"
 *
 * JsonNumber.make("1000.00").text // "1000.00"
 * ```
 *
 * @since 0.5.0
 * @category constructors
 */
export const make = (text: string): JsonNumber => {
  if (!isValidText(text)) throw new TypeError(`not a JSON number: ${JSON.stringify(text)}`)
  return new JsonNumber(text)
}

/**
 * A {@link JsonNumber} instance, as a schema (the wire side of exact numbers).
 *
 * @example
 * ```ts
 * import { JsonNumber } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.is(JsonNumber.JsonNumberFromSelf)(JsonNumber.make("1.5")) // true
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const JsonNumberFromSelf: Schema.Schema<JsonNumber> = Schema.declare(
  (input: unknown): input is JsonNumber => input instanceof JsonNumber && isValidText(input.text),
  {
    identifier: "JsonNumber",
    description: "a JSON number, kept as its exact text",
    jsonSchema: { type: "number" },
    pretty: () => (number) => `JsonNumber(${number.text})`,
    arbitrary: () => (fc) =>
      fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.nat(8)).map(([negative, digits, scale]) => {
        const text = digits.toString().padStart(scale + 1, "0")
        const plain = scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`
        return new JsonNumber(negative && digits !== 0n ? `-${plain}` : plain)
      }),
    equivalence: () => (a, b) => a.text === b.text
  }
)

/**
 * JSON text of `value`, as `JSON.stringify` writes it, except that every {@link JsonNumber}
 * is written as its own text: a decimal goes to the wire digit for digit, never through a
 * float. `undefined` members are left out and values with `toJSON` are written as what it
 * returns, as `JSON.stringify` does.
 *
 * @example
 * ```ts
 * import { JsonNumber } from "@paywall-effect/domain"
 *
 * JsonNumber.stringify({ Amount: JsonNumber.make("123456789012345678.12345678"), Ok: true })
 * // '{"Amount":123456789012345678.12345678,"Ok":true}'
 * ```
 *
 * @since 0.5.0
 * @category writing
 */
export const stringify = (value: unknown): string =>
  holdsJsonNumber(value, 0) ? write(value) ?? "null" : JSON.stringify(value) ?? "null"

/** Whether a `JsonNumber` is anywhere in `value` (most bodies have none: `JSON.stringify` is faster). */
const holdsJsonNumber = (value: unknown, depth: number): boolean => {
  if (value instanceof JsonNumber) return true
  if (typeof value !== "object" || value === null || depth > 64) return false
  for (const member of Array.isArray(value) ? value : Object.values(value)) {
    if (typeof member === "object" && member !== null && holdsJsonNumber(member, depth + 1)) return true
  }
  return false
}

const write = (value: unknown): string | undefined => {
  if (value instanceof JsonNumber) return value.text
  if (typeof value !== "object" || value === null) return JSON.stringify(value)
  if ("toJSON" in value && typeof value.toJSON === "function") return write(value.toJSON())
  if (Array.isArray(value)) return `[${value.map((item) => write(item) ?? "null").join(",")}]`
  const members: Array<string> = []
  for (const [key, member] of Object.entries(value)) {
    const written = write(member)
    if (written !== undefined) members.push(`${JSON.stringify(key)}:${written}`)
  }
  return `{${members.join(",")}}`
}

/**
 * Whether a float holds the JSON number `text` exactly: `Number(text)`, written back in its
 * shortest form, is the same decimal. True of any number of at most 15 significant digits and of
 * whatever `JSON.stringify` wrote from a float; false of `0.1000000000000000001`,
 * `9007199254740993` or `1e400`.
 *
 * @example
 * ```ts
 * import { JsonNumber } from "@paywall-effect/domain"
 *
 * JsonNumber.isExactAsFloat("101.50") // true
 * JsonNumber.isExactAsFloat("999999999999999999.99") // false
 * ```
 *
 * @since 0.5.0
 * @category predicates
 */
export const isExactAsFloat = (text: string): boolean => {
  // The common case, decided without arithmetic: no exponent and at most 15 significant digits.
  if (!/[eE]/.test(text) && text.replace(/^-?0*/, "").replace(".", "").replace(/^0+/, "").length <= 15) return true
  const float = Number(text)
  if (!Number.isFinite(float)) return false
  return Option.getOrElse(
    Option.zipWith(BigDecimal.fromString(text), BigDecimal.fromString(String(float)), BigDecimal.equals),
    () => false
  )
}

const quote = 0x22
const backslash = 0x5c

/** Where a JSON number starts: a minus sign or a digit, outside strings. */
const startsNumber = (code: number) => code === 0x2d || (code >= 0x30 && code <= 0x39)

/** Whether a character can continue a JSON number. */
const continuesNumber = (code: number) =>
  (code >= 0x30 && code <= 0x39) || code === 0x2e || code === 0x65 || code === 0x45 || code === 0x2b || code === 0x2d

/** The number tokens of JSON text (outside strings) that a float does not hold exactly. */
const inexactNumbers = (text: string): Array<{ readonly start: number; readonly end: number }> => {
  const found: Array<{ start: number; end: number }> = []
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (inString) {
      if (code === backslash) i++
      else if (code === quote) inString = false
    } else if (code === quote) {
      inString = true
    } else if (startsNumber(code)) {
      let end = i + 1
      let exponent = false
      for (let next = text.charCodeAt(end); end < text.length && continuesNumber(next); next = text.charCodeAt(++end)) {
        if (next === 0x65 || next === 0x45) exponent = true
      }
      // At most 15 characters and no exponent: at most 15 digits, which a float holds.
      if ((exponent || end - i > 15) && !isExactAsFloat(text.slice(i, end))) found.push({ start: i, end })
      i = end - 1
    }
  }
  return found
}

/**
 * Where a JSON number of 16 characters or more, or with an exponent, may start: at the start, or
 * after `:`, `,`, `[` or a blank. It also matches such text inside a string, which the scan then
 * tells apart.
 */
const mayHoldInexact = /(?:^|[:,[\s])-?(?:[0-9.]{16}|[0-9]+(?:\.[0-9]+)?[eE])/

/** Returning `undefined` from a reviver deletes the property from the object holding it. */
const withoutProto = (key: string, value: unknown): unknown => key === "__proto__" ? undefined : value

/**
 * Reads JSON text as `JSON.parse` does, except that a number a float does not hold exactly (see
 * {@link isExactAsFloat}) comes back as a {@link JsonNumber} with its text; every other number
 * is a plain `number`, which is then exactly the decimal written. The value is plain data:
 * `__proto__` keys are dropped (an own `__proto__` property would set the prototype of any object
 * it is copied into). Throws as `JSON.parse` does on text that is not JSON.
 *
 * @example
 * ```ts
 * import { JsonNumber } from "@paywall-effect/domain"
 *
 * JsonNumber.parse('{"ErrorCode":0,"Amount":123456789012345678.12345678}')
 * // { ErrorCode: 0, Amount: JsonNumber("123456789012345678.12345678") }
 * ```
 *
 * @since 0.5.0
 * @category reading
 */
export const parse = (text: string): unknown => {
  // A `__proto__` key may also be spelled with escapes (`"\u005f_proto__"`): look for both.
  const reviver = text.includes("__proto__") || text.includes("\\u") ? withoutProto : undefined
  // Most texts have no number a float could miss (none of 16 characters or more, no exponent):
  // then there is nothing to look for, and nothing to scan.
  if (!mayHoldInexact.test(text)) return JSON.parse(text, reviver)
  const inexact = inexactNumbers(text)
  if (inexact.length === 0) return JSON.parse(text, reviver)
  // Each such number becomes a string holding a marker and its index, read back by the reviver.
  // A string can only hold U+0000 through the escape `\u0000`, so a marker whose escaped form
  // the text does not contain cannot be confused with any string of the text.
  let tag = 0
  while (text.includes(`\\u0000${tag}:`)) tag++
  const marker = `\u0000${tag}:`
  let rewritten = ""
  let from = 0
  inexact.forEach(({ end, start }, index) => {
    rewritten += `${text.slice(from, start)}"\\u0000${tag}:${index}"`
    from = end
  })
  rewritten += text.slice(from)
  return JSON.parse(rewritten, (key, value: unknown) => {
    if (key === "__proto__") return undefined
    if (typeof value !== "string" || !value.startsWith(marker)) return value
    const token = inexact[Number(value.slice(marker.length))]!
    const number = text.slice(token.start, token.end)
    if (!isValidText(number)) throw new SyntaxError(`not a JSON number: ${number}`)
    return new JsonNumber(number)
  })
}
