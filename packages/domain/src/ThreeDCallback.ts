/**
 * Paywall's 3D callback: the form Paywall's page posts from the user's browser to the merchant
 * once a 3D Secure step is over (`application/x-www-form-urlencoded`, form id
 * `paywall-callback-form`), read into typed values; the string its hash is computed over; and
 * the typed refusals of a callback. Verifying the hash needs the merchant's key and SHA-256, so
 * it lives in `@paywall-effect/http` (`ThreeDCallbackVerifier`); this module has no I/O.
 *
 * @since 0.5.0
 */
import * as Arr from "effect/Array"
import * as BigDecimal from "effect/BigDecimal"
import type * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { PaymentId } from "./MasterpassService.js"
import { expiryReader } from "./MasterpassSession.js"

// ---------------------------------------------------------------------------------------------
// The form as posted
// ---------------------------------------------------------------------------------------------

/**
 * A posted form: its entries in the order they came, a repeated key once per value (what
 * `URLSearchParams` iterates and @effect/platform's `UrlParams` holds). Paywall's form posts
 * `errorMessage` twice, so a form is never read as a plain record.
 *
 * @example
 * ```ts
 * import { ThreeDCallback } from "@paywall-effect/domain"
 *
 * const form: ThreeDCallback.Form = [...new URLSearchParams("status=Success&errorMessage=&errorMessage=OK")]
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const Form = Schema.Array(Schema.Tuple(Schema.String, Schema.String)).annotations({ identifier: "Form" })

/**
 * A posted form's entries.
 *
 * @example
 * ```ts
 * import type { ThreeDCallback } from "@paywall-effect/domain"
 *
 * const keys = (form: ThreeDCallback.Form) => form.map(([key]) => key)
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type Form = typeof Form.Type

/**
 * The inputs of Paywall's callback form, by their posted names, in the order of Paywall's HTML
 * sample; `hashFormat` and `hashKeyType` are in its table only. `errorMessage` is posted twice:
 * Paywall's message (Base64), then the provider's message.
 *
 * @example
 * ```ts
 * import { ThreeDCallback } from "@paywall-effect/domain"
 *
 * ThreeDCallback.fieldNames.includes("uniqueCode") // true
 * ```
 *
 * @since 0.5.0
 * @category constants
 */
export const fieldNames = [
  "date",
  "status",
  "errorCode",
  "errorMessage",
  "paymentCode",
  "uniqueCode",
  "amount",
  "installment",
  "paymentId",
  "providerErrorCode",
  "providerErrorMessage",
  "providerBankErrorCode",
  "providerBankErrorMessage",
  "cardSaved",
  "cardSavedUniqueCode",
  "trackingCode",
  "paymentGatewayId",
  "paymentGatewayName",
  "paymentGatewayProviderName",
  "hash",
  "hashFormat",
  "hashKeyType"
] as const

/**
 * A posted input's name.
 *
 * @example
 * ```ts
 * import type { ThreeDCallback } from "@paywall-effect/domain"
 *
 * const field: ThreeDCallback.FieldName = "amount"
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type FieldName = typeof fieldNames[number]

/**
 * The inputs Paywall's hash covers, by their posted names, in the order of the hash string:
 * `{hashKey}###{paymentId}###{uniqueCode}###{amount}###{installment}`. Nothing else is covered:
 * `status`, `errorCode` and every other input can be changed without breaking the hash.
 *
 * @example
 * ```ts
 * import { ThreeDCallback } from "@paywall-effect/domain"
 *
 * ThreeDCallback.signedFields // ["paymentId", "uniqueCode", "amount", "installment"]
 * ```
 *
 * @since 0.5.0
 * @category constants
 */
export const signedFields = ["paymentId", "uniqueCode", "amount", "installment"] as const satisfies ReadonlyArray<
  FieldName
>

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

/**
 * The payment's outcome as the callback states it: `Success` or `Unsuccessful`, the two values
 * Paywall documents. Any other value is refused (a decode error): the form is then not the
 * documented one, and guessing an outcome is worse than asking Paywall.
 *
 * @example
 * ```ts
 * import { ThreeDCallback } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.is(ThreeDCallback.Status)("Success") // true
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const Status = Schema.Literal("Success", "Unsuccessful").annotations({ identifier: "Status" })

/**
 * The payment's outcome as the callback states it.
 *
 * @example
 * ```ts
 * import type { ThreeDCallback } from "@paywall-effect/domain"
 *
 * const paid = (status: ThreeDCallback.Status) => status === "Success"
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type Status = typeof Status.Type

/** Fails `text` at `ast` with `message`. */
const invalid = (ast: Schema.Schema.AnyNoContext["ast"], text: string, message: string) =>
  ParseResult.fail(new ParseResult.Type(ast, text, message))

/** A whole number as .NET writes one (no leading zeros, no plus sign, no blanks), at most `digits` long. */
const integerText = (digits: number, options: { readonly negative: boolean }) => {
  const pattern = new RegExp(`^(0|${options.negative ? "-?" : ""}[1-9]\\d{0,${digits - 1}})$`)
  return Schema.transformOrFail(Schema.String, Schema.Int, {
    strict: true,
    decode: (text, _, ast) =>
      pattern.test(text)
        ? ParseResult.succeed(Number(text))
        : invalid(ast, text, `must be a whole number of at most ${digits} digits`),
    encode: (value) => ParseResult.succeed(String(value))
  })
}

const ErrorCodeText = integerText(9, { negative: true })

const InstallmentText = integerText(4, { negative: false })

const digitsPattern = /^[1-9]\d{0,15}$/

/**
 * Paywall's payment id as posted: decimal digits, read as a `PaymentId` (a `bigint` within what a
 * JSON number carries exactly, as `commitPaymentById` sends it).
 */
const PaymentIdText = Schema.transformOrFail(Schema.String, Schema.BigIntFromSelf, {
  strict: true,
  decode: (text, _, ast) =>
    digitsPattern.test(text)
      ? ParseResult.succeed(BigInt(text))
      : invalid(ast, text, "must be a positive whole number"),
  encode: (id) => ParseResult.succeed(id.toString())
}).pipe(Schema.compose(Schema.typeSchema(PaymentId), { strict: false }))

/** `101.50`, `101,50`, `0.5`, `7`: no sign, no grouping, no exponent, .NET decimal's 28-29 digits at most. */
const amountPattern = /^(0|[1-9]\d{0,28})(?:[.,](\d{1,28}))?$/

/**
 * A non-negative amount, exact, with the scale it was written with (`101.50` keeps 2 decimals):
 * a `BigDecimal`, never a binary float, so that it compares exactly with the order's amount and
 * writes back as it was read.
 *
 * @example
 * ```ts
 * import { ThreeDCallback } from "@paywall-effect/domain"
 * import { BigDecimal, Schema } from "effect"
 *
 * Schema.is(ThreeDCallback.Amount)(BigDecimal.unsafeFromString("101.50")) // true
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const Amount = Schema.NonNegativeBigDecimalFromSelf.annotations({ identifier: "Amount" })

/**
 * The amount as posted: digits with an optional fraction after `.` or `,` (Paywall's culture is
 * not documented, so both are read), into a `BigDecimal` whose scale is the number of decimals
 * written. Written back in the invariant culture.
 */
const AmountText = Schema.transformOrFail(Schema.String, Amount, {
  strict: true,
  decode: (text, _, ast) => {
    const match = amountPattern.exec(text)
    if (match === null) return invalid(ast, text, "must be an amount such as 101.50")
    const [, whole, fraction = ""] = match
    return ParseResult.succeed(BigDecimal.make(BigInt(`${whole}${fraction}`), fraction.length))
  },
  encode: (amount) => ParseResult.succeed(invariantCulture(amount))
})

/** Paywall's message: Base64 of UTF-8 text; text that is not Base64 is a decode error. */
const Base64Text = Schema.transformOrFail(Schema.String, Schema.String, {
  strict: true,
  decode: (text, _, ast) =>
    Either.match(Encoding.decodeBase64String(text), {
      onLeft: () => invalid(ast, text, "must be Base64"),
      onRight: ParseResult.succeed
    }),
  encode: (text) => ParseResult.succeed(Encoding.encodeBase64(text))
})

/** `true` or `false`, in any case (.NET writes `True`); empty or left out means `false`. */
const BooleanText = Schema.transformOrFail(Schema.String, Schema.Boolean, {
  strict: true,
  decode: (text, _, ast) => {
    const lower = text.toLowerCase()
    return lower === "true" || lower === "false" || lower === ""
      ? ParseResult.succeed(lower === "true")
      : invalid(ast, text, "must be true or false")
  },
  encode: (value) => ParseResult.succeed(String(value))
})

/** An input that may be left out or posted empty: both read as absent; absent is not posted. */
const optionalText = Schema.optionalToOptional(Schema.String, Schema.String, {
  decode: Option.filter((text) => text !== ""),
  encode: (text) => text
})

// ---------------------------------------------------------------------------------------------
// The callback
// ---------------------------------------------------------------------------------------------

const optionalString = Schema.optionalWith(Schema.String, { exact: true })

/**
 * A 3D callback, read: every documented input as a typed value.
 * - `status`: `Success` or `Unsuccessful`; `errorCode`: Paywall's code (0 success, 1 failure);
 * - `errorMessage`: Paywall's message, decoded from Base64 (`""` when none);
 *   `providerMessage`: the second `errorMessage` input of Paywall's form, as posted;
 * - `paymentCode`: Paywall's unique code of the payment; `merchantUniqueCode`: **your** code of
 *   it (posted as `uniqueCode`);
 * - `amount`: a `BigDecimal` with the posted scale; `installment`: a whole number;
 *   `paymentId`: Paywall's payment id, a `bigint` (pass it to `commitPaymentById`);
 * - `dateText`: the posted date; `date`: its instant, when it is an ISO-8601 date-time (a bare
 *   local time is read in the verifier's zone, as session expiry times are);
 * - `cardSaved` (`false` when not posted), `cardSavedUniqueCode`, the provider's codes and
 *   messages, `trackingCode`, `paymentGateway*`, and `hash`, `hashFormat`, `hashKeyType` as posted.
 *
 * Inputs posted empty are absent here. Only `paymentId`, `merchantUniqueCode`, `amount` and
 * `installment` are covered by Paywall's hash (see {@link signedFields}).
 *
 * @example
 * ```ts
 * import { MasterpassService, ThreeDCallback } from "@paywall-effect/domain"
 * import { BigDecimal } from "effect"
 *
 * const callback = new ThreeDCallback.ThreeDCallback({
 *   status: "Success",
 *   errorCode: 0,
 *   errorMessage: "",
 *   merchantUniqueCode: "order-1001",
 *   amount: BigDecimal.unsafeFromString("149.90"),
 *   installment: 1,
 *   paymentId: MasterpassService.PaymentId.make(8013143466n),
 *   cardSaved: false
 * })
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export class ThreeDCallback extends Schema.Class<ThreeDCallback>("ThreeDCallback")({
  status: Status,
  errorCode: Schema.Int,
  errorMessage: Schema.String,
  providerMessage: optionalString,
  paymentCode: optionalString,
  merchantUniqueCode: Schema.NonEmptyString,
  amount: Amount,
  installment: Schema.NonNegativeInt,
  paymentId: Schema.typeSchema(PaymentId),
  dateText: optionalString,
  date: Schema.optionalWith(Schema.DateTimeUtcFromSelf, { exact: true }),
  providerErrorCode: optionalString,
  providerErrorMessage: optionalString,
  providerBankErrorCode: optionalString,
  providerBankErrorMessage: optionalString,
  cardSaved: Schema.Boolean,
  cardSavedUniqueCode: optionalString,
  trackingCode: optionalString,
  paymentGatewayId: optionalString,
  paymentGatewayName: optionalString,
  paymentGatewayProviderName: optionalString,
  hash: optionalString,
  hashFormat: optionalString,
  hashKeyType: optionalString
}) {}

/** The name under which the second `errorMessage` input travels between grouping and reading. */
const providerMessageKey = "providerMessage"

/**
 * The grouped inputs (one text per name, the second `errorMessage` as `providerMessage`) read
 * into typed values, named as the callback names them. Everything but the instant of `date`.
 */
const Inputs = Schema.Struct({
  status: Status,
  errorCode: ErrorCodeText,
  errorMessage: Schema.optionalWith(Base64Text, { default: () => "" }),
  providerMessage: optionalText,
  paymentCode: optionalText,
  merchantUniqueCode: Schema.propertySignature(Schema.NonEmptyString).pipe(Schema.fromKey("uniqueCode")),
  amount: AmountText,
  installment: InstallmentText,
  paymentId: PaymentIdText,
  dateText: optionalText.pipe(Schema.fromKey("date")),
  providerErrorCode: optionalText,
  providerErrorMessage: optionalText,
  providerBankErrorCode: optionalText,
  providerBankErrorMessage: optionalText,
  cardSaved: Schema.optionalWith(BooleanText, { default: () => false }),
  cardSavedUniqueCode: optionalText,
  trackingCode: optionalText,
  paymentGatewayId: optionalText,
  paymentGatewayName: optionalText,
  paymentGatewayProviderName: optionalText,
  hash: optionalText,
  hashFormat: optionalText,
  hashKeyType: optionalText
})

const known = new Set<string>(fieldNames)

/**
 * The form's entries grouped by name: documented inputs only (Paywall may add others), each at
 * most once, but `errorMessage` at most twice (Paywall's message, then the provider's). A name
 * posted more often is refused: two values of one input leave it ambiguous which one was signed.
 */
const Grouped = Schema.transformOrFail(Form, Schema.Record({ key: Schema.String, value: Schema.String }), {
  strict: true,
  decode: (form, _, ast) => {
    const values = new Map<string, Array<string>>()
    for (const [key, value] of form) {
      if (!known.has(key)) continue
      const list = values.get(key)
      if (list === undefined) values.set(key, [value])
      else list.push(value)
    }
    const grouped: Record<string, string> = {}
    const issues: Array<ParseResult.ParseIssue> = []
    for (const [key, list] of values) {
      const allowed = key === "errorMessage" ? 2 : 1
      if (list.length > allowed) {
        issues.push(
          new ParseResult.Pointer(key, form, new ParseResult.Type(ast, list, `posted ${list.length} times`))
        )
        continue
      }
      grouped[key] = list[0]!
      if (list.length === 2) grouped[providerMessageKey] = list[1]!
    }
    return Arr.isNonEmptyArray(issues)
      ? ParseResult.fail(new ParseResult.Composite(ast, form, issues))
      : ParseResult.succeed(grouped)
  },
  encode: (grouped) => {
    const form: Array<readonly [string, string]> = []
    for (const name of fieldNames) {
      const value = grouped[name]
      if (value !== undefined) form.push([name, value])
      const provider = grouped[providerMessageKey]
      if (name === "errorMessage" && provider !== undefined) form.push([name, provider])
    }
    return ParseResult.succeed(form)
  }
})

/**
 * The schema from a posted {@link Form} to a {@link ThreeDCallback}, reading a bare local `date`
 * in `zone` (as `MasterpassSession.fromSessionBody` reads expiry times). Build it once and reuse it.
 * Its failures name the posted inputs (`amount`, `uniqueCode`, ...), never their values. It encodes
 * back to a form in the order of Paywall's sample (inputs that are absent are not posted).
 *
 * @example
 * ```ts
 * import { ThreeDCallback } from "@paywall-effect/domain"
 * import { DateTime, Schema } from "effect"
 *
 * const decode = Schema.decodeUnknownSync(ThreeDCallback.fromForm(DateTime.zoneUnsafeMakeNamed("Europe/Istanbul")))
 * const callback = decode([
 *   ...new URLSearchParams(
 *     "date=2025-06-04T18:42:27&status=Success&errorCode=0&errorMessage=&uniqueCode=order-1001" +
 *       "&amount=149.90&installment=1&paymentId=8013143466&cardSaved=false"
 *   )
 * ])
 * callback.paymentId // 8013143466n
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const fromForm = (zone: DateTime.TimeZone) => {
  const readDate = expiryReader(zone)
  return Schema.transform(Schema.compose(Grouped, Inputs, { strict: false }), Schema.typeSchema(ThreeDCallback), {
    strict: true,
    decode: (inputs) => {
      const date = inputs.dateText === undefined ? Option.none() : readDate(inputs.dateText)
      // Every field was just decoded: validating them again is waste.
      return new ThreeDCallback({ ...inputs, ...(Option.isSome(date) ? { date: date.value } : {}) }, true)
    },
    encode: ({ date: _, ...inputs }) => inputs
  })
}

// ---------------------------------------------------------------------------------------------
// The hash string
// ---------------------------------------------------------------------------------------------

/**
 * How the amount is written inside the hash string. Paywall's docs write `amount.ToString()`
 * (a .NET `decimal`) and say nothing of the culture, so this is a setting.
 *
 * @example
 * ```ts
 * import { ThreeDCallback } from "@paywall-effect/domain"
 * import { BigDecimal } from "effect"
 *
 * // Always two decimals, whatever was posted: 101.5 is written "101.50".
 * const twoDecimals: ThreeDCallback.AmountFormat = (amount) =>
 *   ThreeDCallback.invariantCulture(BigDecimal.scale(amount, 2))
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type AmountFormat = (amount: BigDecimal.BigDecimal) => string

/** The digits of `amount` with its scale kept (trailing zeros included), `separator` before the decimals. */
const writeDecimal = (amount: BigDecimal.BigDecimal, separator: string): string => {
  const sign = amount.value < 0n ? "-" : ""
  const digits = (amount.value < 0n ? -amount.value : amount.value).toString()
  if (amount.scale <= 0) return `${sign}${digits}${"0".repeat(digits === "0" ? 0 : -amount.scale)}`
  const padded = digits.padStart(amount.scale + 1, "0")
  return `${sign}${padded.slice(0, -amount.scale)}${separator}${padded.slice(-amount.scale)}`
}

/**
 * What .NET's `decimal.ToString(CultureInfo.InvariantCulture)` writes: the decimals the value
 * was written with, trailing zeros kept (`101.50`, `101.5`, `101`), a `.` separator, no grouping.
 * The default: Paywall's .NET SDK formats the one decimal it writes itself this way
 * (`Amount.ToString(CultureInfo.InvariantCulture)`), and a .NET server without a culture set runs
 * in the invariant one.
 *
 * @example
 * ```ts
 * import { ThreeDCallback } from "@paywall-effect/domain"
 * import { BigDecimal } from "effect"
 *
 * ThreeDCallback.invariantCulture(BigDecimal.unsafeFromString("101.50")) // "101.50"
 * ```
 *
 * @since 0.5.0
 * @category amount formats
 */
export const invariantCulture: AmountFormat = (amount) => writeDecimal(amount, ".")

/**
 * What .NET's `decimal.ToString()` writes under the Turkish culture (`tr-TR`): as
 * {@link invariantCulture} with a `,` separator (`101,50`). Use it if Paywall's hashes are
 * computed on a server running in that culture.
 *
 * @example
 * ```ts
 * import { ThreeDCallback } from "@paywall-effect/domain"
 * import { BigDecimal } from "effect"
 *
 * ThreeDCallback.turkishCulture(BigDecimal.unsafeFromString("101.50")) // "101,50"
 * ```
 *
 * @since 0.5.0
 * @category amount formats
 */
export const turkishCulture: AmountFormat = (amount) => writeDecimal(amount, ",")

/**
 * The fields the hash covers.
 *
 * @example
 * ```ts
 * import { MasterpassService, type ThreeDCallback } from "@paywall-effect/domain"
 * import { BigDecimal } from "effect"
 *
 * const signed: ThreeDCallback.Signed = {
 *   paymentId: MasterpassService.PaymentId.make(8013143466n),
 *   merchantUniqueCode: "order-1001",
 *   amount: BigDecimal.unsafeFromString("149.90"),
 *   installment: 1
 * }
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type Signed = Pick<ThreeDCallback, "paymentId" | "merchantUniqueCode" | "amount" | "installment">

/**
 * The text Paywall's 3D hash is the SHA-256 of (lowercase hex, over its UTF-8 bytes):
 * `{hashKey}###{paymentId}###{merchantUniqueCode}###{amount}###{installment}`, the amount written
 * by `amountFormat` (default {@link invariantCulture}). It contains the key: hash it at once and
 * never keep, log or show it.
 *
 * @example
 * ```ts
 * import { MasterpassService, ThreeDCallback } from "@paywall-effect/domain"
 * import { BigDecimal, Redacted } from "effect"
 *
 * ThreeDCallback.hashInput(Redacted.make("key"), {
 *   paymentId: MasterpassService.PaymentId.make(8013143466n),
 *   merchantUniqueCode: "order-1001",
 *   amount: BigDecimal.unsafeFromString("149.90"),
 *   installment: 1
 * }) // "key###8013143466###order-1001###149.90###1"
 * ```
 *
 * @since 0.5.0
 * @category hashing
 */
export const hashInput = (
  hashKey: Redacted.Redacted<string>,
  signed: Signed,
  amountFormat: AmountFormat = invariantCulture
): string =>
  `${Redacted.value(hashKey)}###${signed.paymentId}###${signed.merchantUniqueCode}###${
    amountFormat(signed.amount)
  }###${signed.installment}`

// ---------------------------------------------------------------------------------------------
// Refusals
// ---------------------------------------------------------------------------------------------

/**
 * The callback is not a form Paywall's documentation describes: not a urlencoded body, too
 * large, or with inputs missing, invalid or posted twice. `fields` names those inputs (never
 * their values).
 *
 * @example
 * ```ts
 * import { ThreeDCallback } from "@paywall-effect/domain"
 *
 * const error = new ThreeDCallback.ThreeDCallbackMalformed({ reason: "invalid or missing inputs", fields: ["amount"] })
 * error.message // "Refused a 3D callback: invalid or missing inputs: amount"
 * ```
 *
 * @since 0.5.0
 * @category errors
 */
export class ThreeDCallbackMalformed extends Schema.TaggedError<ThreeDCallbackMalformed>()("ThreeDCallbackMalformed", {
  reason: Schema.String,
  fields: Schema.Array(Schema.String)
}) {
  /**
   * The refusal of a form that failed {@link fromForm}: each failing input by its posted name.
   *
   * @example
   * ```ts
   * import { ThreeDCallback } from "@paywall-effect/domain"
   * import { DateTime, Either, Schema } from "effect"
   *
   * const decoded = Schema.decodeUnknownEither(ThreeDCallback.fromForm(DateTime.zoneUnsafeMakeNamed("UTC")))([])
   * if (Either.isLeft(decoded)) ThreeDCallback.ThreeDCallbackMalformed.fromParseError(decoded.left).fields
   * // ["status", "errorCode", "uniqueCode", "amount", "installment", "paymentId"]
   * ```
   *
   * @since 0.5.0
   */
  static fromParseError(error: ParseResult.ParseError): ThreeDCallbackMalformed {
    const fields = ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => String(issue.path[0] ?? "form"))
    return new ThreeDCallbackMalformed({ reason: "invalid or missing inputs", fields: Arr.dedupe(fields) })
  }

  /**
   * @since 0.5.0
   */
  override get message(): string {
    return `Refused a 3D callback: ${this.reason}${this.fields.length === 0 ? "" : `: ${this.fields.join(", ")}`}`
  }
}

/** The payment a refused callback named: its id as text (a `bigint` would not survive `JSON.stringify`). */
const refusedPaymentId = Schema.optionalWith(Schema.String, { exact: true })

/**
 * A 3D hash key is configured, and the callback carries no `hash`: Paywall signs every callback
 * once the key is enabled in its panel, so an unsigned one did not come from Paywall (or the key
 * was disabled there). Shows neither the key nor any hash.
 *
 * @example
 * ```ts
 * import { ThreeDCallback } from "@paywall-effect/domain"
 *
 * new ThreeDCallback.ThreeDCallbackHashMissing({ paymentId: "8013143466" }).message
 * // "Refused a 3D callback without a hash (payment 8013143466): a 3D hash key is configured"
 * ```
 *
 * @since 0.5.0
 * @category errors
 */
export class ThreeDCallbackHashMissing
  extends Schema.TaggedError<ThreeDCallbackHashMissing>()("ThreeDCallbackHashMissing", { paymentId: refusedPaymentId })
{
  /**
   * @since 0.5.0
   */
  override get message(): string {
    return `Refused a 3D callback without a hash${
      this.paymentId === undefined ? "" : ` (payment ${this.paymentId})`
    }: a 3D hash key is configured`
  }
}

/**
 * The callback's `hash` is not the one its signed inputs and the configured key give: one of
 * `paymentId`, `uniqueCode`, `amount`, `installment` or the hash was changed, the key is not
 * Paywall's, or the amount is written differently (see {@link AmountFormat}). Shows neither the
 * key nor the expected hash.
 *
 * @example
 * ```ts
 * import { ThreeDCallback } from "@paywall-effect/domain"
 *
 * new ThreeDCallback.ThreeDCallbackHashMismatch({ paymentId: "8013143466" }).message
 * // "Refused a 3D callback whose hash does not match (payment 8013143466)"
 * ```
 *
 * @since 0.5.0
 * @category errors
 */
export class ThreeDCallbackHashMismatch
  extends Schema.TaggedError<ThreeDCallbackHashMismatch>()("ThreeDCallbackHashMismatch", {
    paymentId: refusedPaymentId
  })
{
  /**
   * @since 0.5.0
   */
  override get message(): string {
    return `Refused a 3D callback whose hash does not match${
      this.paymentId === undefined ? "" : ` (payment ${this.paymentId})`
    }`
  }
}

/**
 * Every refusal of a 3D callback.
 *
 * @example
 * ```ts
 * import { ThreeDCallback } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.encodeSync(ThreeDCallback.ThreeDCallbackError)(new ThreeDCallback.ThreeDCallbackHashMismatch({}))
 * // { _tag: "ThreeDCallbackHashMismatch" }
 * ```
 *
 * @since 0.5.0
 * @category errors
 */
export const ThreeDCallbackError = Schema.Union(
  ThreeDCallbackMalformed,
  ThreeDCallbackHashMissing,
  ThreeDCallbackHashMismatch
)

/**
 * Every refusal of a 3D callback.
 *
 * @example
 * ```ts
 * import type { ThreeDCallback } from "@paywall-effect/domain"
 *
 * const reason = (error: ThreeDCallback.ThreeDCallbackError) => error._tag
 * ```
 *
 * @since 0.5.0
 * @category errors
 */
export type ThreeDCallbackError = typeof ThreeDCallbackError.Type
