/**
 * The requests and replies of Paywall's Payment Private API (query, cancel, refund, partial
 * refund, cancel-or-refund), each wire shape defined once: request types are camelCase, their
 * encoded forms are Paywall's PascalCase JSON (or, for the queries, its lower-case headers).
 *
 * @since 0.5.0
 */
import * as DateTime from "effect/DateTime"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Amount from "./Amount.js"
import { PaymentId } from "./MasterpassService.js"
import { expiryReader, ExpiryText } from "./MasterpassSession.js"
import * as PaymentStatus from "./PaymentStatus.js"

// ---------------------------------------------------------------------------------------------
// Request fields
// ---------------------------------------------------------------------------------------------

/**
 * The merchant's own unique code of a payment (`MerchantUniqueCode`, given when the payment was
 * started). Printable ASCII without leading or trailing blanks, up to 256 characters: the query
 * sends it in a header, which carries nothing else unchanged. Paywall documents no format or length.
 *
 * @example
 * ```ts
 * import { PrivateService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.is(PrivateService.MerchantUniqueCode)("order-1001") // true
 * Schema.is(PrivateService.MerchantUniqueCode)(" order-1001") // false
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const MerchantUniqueCode = Schema.String.pipe(
  Schema.pattern(/^[\x21-\x7e](?:[\x20-\x7e]{0,254}[\x21-\x7e])?$/, {
    message: () => "must be 1 to 256 printable ASCII characters, without leading or trailing blanks"
  }),
  Schema.annotations({ identifier: "MerchantUniqueCode" })
)

/**
 * Paywall's unique code of a payment (`UniqueCode`, a Guid Paywall returns when the payment starts).
 *
 * @example
 * ```ts
 * import { PrivateService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.is(PrivateService.UniqueCode)("cdd14b16-74fd-4f3b-863f-fccb3ec80baf") // true
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const UniqueCode = Schema.String.pipe(
  Schema.pattern(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
    message: () => "must be a Guid such as cdd14b16-74fd-4f3b-863f-fccb3ec80baf"
  }),
  Schema.annotations({ identifier: "UniqueCode", arbitrary: () => (fc) => fc.uuid() })
)

const calendarPattern = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * A payment's date as the Private API takes it: a calendar date `YYYY-MM-DD` that exists
 * (`2023-02-30` does not). A date, not an instant: which day an instant falls on depends on the
 * zone, and Paywall's day is its own (see {@link paymentDateOf}).
 *
 * @example
 * ```ts
 * import { PrivateService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.is(PrivateService.PaymentDate)("2024-06-13") // true
 * Schema.is(PrivateService.PaymentDate)("2024-06-31") // false
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const PaymentDate = Schema.String.pipe(
  Schema.filter((text) => {
    const match = calendarPattern.exec(text)
    const real = match !== null && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text
    return real || "must be a date such as 2024-06-13 (YYYY-MM-DD)"
  }),
  Schema.annotations({
    identifier: "PaymentDate",
    arbitrary: () => (fc) =>
      fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10))
  })
)

/**
 * The calendar date an instant falls on in `zone`: a payment's date for the Private API, in
 * Paywall's zone (the client's `expiryTimeZone`, Europe/Istanbul by default).
 *
 * @example
 * ```ts
 * import { PrivateService } from "@paywall-effect/domain"
 * import { DateTime } from "effect"
 *
 * const istanbul = DateTime.zoneUnsafeMakeNamed("Europe/Istanbul")
 * PrivateService.paymentDateOf(DateTime.unsafeMake("2024-06-12T22:30:00Z"), istanbul) // "2024-06-13"
 * ```
 *
 * @since 0.5.0
 * @category constructors
 */
export const paymentDateOf = (instant: DateTime.DateTime, zone: DateTime.TimeZone): string =>
  DateTime.formatIsoDate(DateTime.setZone(instant, zone))

const merchantUniqueCode = Schema.propertySignature(MerchantUniqueCode).pipe(Schema.fromKey("MerchantUniqueCode"))
const date = Schema.propertySignature(PaymentDate).pipe(Schema.fromKey("Date"))
const optionalFlag = <const K extends string>(key: K) =>
  Schema.optionalWith(Schema.Boolean, { exact: true }).pipe(Schema.fromKey(key))

/**
 * Marketplace options of a cancel, refund or revert: `DeleteExistingRecords` deletes the
 * payment's earnings once the cancel succeeds (for a payment whose earnings were approved).
 *
 * @example
 * ```ts
 * import { PrivateService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.encodeSync(PrivateService.MarketPlaceRecords)({ deleteExistingRecords: true }) // { DeleteExistingRecords: true }
 * ```
 *
 * @since 0.5.0
 * @category requests
 */
export const MarketPlaceRecords = Schema.Struct({
  deleteExistingRecords: optionalFlag("DeleteExistingRecords")
}).annotations({ identifier: "MarketPlaceRecords" })

const decrease = Schema.Struct({
  decrease: optionalFlag("Decrease"),
  // Paywall's example sends `"DecreaseAmount": null` with `"Decrease": false`: read as absent.
  decreaseAmount: Schema.optionalWith(Amount.NonNegativeAmount, { exact: true, nullable: true }).pipe(
    Schema.fromKey("DecreaseAmount")
  )
})

/**
 * Marketplace options of a partial refund: `ProviderCommissionUpdate`, and whether (and by how
 * much) the platform's and the member's earnings decrease.
 *
 * @example
 * ```ts
 * import { PrivateService } from "@paywall-effect/domain"
 * import { BigDecimal } from "effect"
 *
 * const options: PrivateService.PartialRefundMarketPlace = {
 *   providerCommissionUpdate: true,
 *   platform: { decrease: true, decreaseAmount: BigDecimal.unsafeFromString("101.5") }
 * }
 * ```
 *
 * @since 0.5.0
 * @category requests
 */
export const PartialRefundMarketPlace = Schema.Struct({
  providerCommissionUpdate: optionalFlag("ProviderCommissionUpdate"),
  platform: Schema.optionalWith(decrease, { exact: true }).pipe(Schema.fromKey("Platform")),
  member: Schema.optionalWith(decrease, { exact: true }).pipe(Schema.fromKey("Member"))
}).annotations({ identifier: "PartialRefundMarketPlace" })

/**
 * Marketplace options of a partial refund.
 *
 * @example
 * ```ts
 * import type { PrivateService } from "@paywall-effect/domain"
 *
 * const none: PrivateService.PartialRefundMarketPlace = {}
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type PartialRefundMarketPlace = typeof PartialRefundMarketPlace.Type

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/**
 * Query by the merchant's code: a GET with the code in the `merchantuniquecode` header.
 *
 * @example
 * ```ts
 * import { PrivateService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.encodeSync(PrivateService.QueryByMerchantCodeRequest)({ merchantUniqueCode: "order-1001" }) // { merchantuniquecode: "order-1001" }
 * ```
 *
 * @since 0.5.0
 * @category requests
 */
export const QueryByMerchantCodeRequest = Schema.Struct({
  merchantUniqueCode: Schema.propertySignature(MerchantUniqueCode).pipe(Schema.fromKey("merchantuniquecode"))
}).annotations({ identifier: "QueryByMerchantCodeRequest" })

/**
 * Query by Paywall's code: a GET with the Guid in the `uniquecode` header.
 *
 * @example
 * ```ts
 * import { PrivateService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.encodeSync(PrivateService.QueryByUniqueCodeRequest)({ uniqueCode: "cdd14b16-74fd-4f3b-863f-fccb3ec80baf" })
 * ```
 *
 * @since 0.5.0
 * @category requests
 */
export const QueryByUniqueCodeRequest = Schema.Struct({
  uniqueCode: Schema.propertySignature(UniqueCode).pipe(Schema.fromKey("uniquecode"))
}).annotations({ identifier: "QueryByUniqueCodeRequest" })

/**
 * Cancel (on the payment's day): `{Date, MerchantUniqueCode, MarketPlace?}`.
 *
 * @example
 * ```ts
 * import { PrivateService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.encodeSync(PrivateService.CancelRequest)({ date: "2023-01-23", merchantUniqueCode: "12222a2222a" })
 * // { Date: "2023-01-23", MerchantUniqueCode: "12222a2222a" }
 * ```
 *
 * @since 0.5.0
 * @category requests
 */
export const CancelRequest = Schema.Struct({
  date,
  merchantUniqueCode,
  marketPlace: Schema.optionalWith(MarketPlaceRecords, { exact: true }).pipe(Schema.fromKey("MarketPlace"))
}).annotations({ identifier: "CancelRequest" })

/**
 * A cancel request.
 *
 * @example
 * ```ts
 * import type { PrivateService } from "@paywall-effect/domain"
 *
 * const cancel: PrivateService.CancelRequest = { date: "2023-01-23", merchantUniqueCode: "12222a2222a" }
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type CancelRequest = typeof CancelRequest.Type

/**
 * Refund (after the payment's day): `{Date, MerchantUniqueCode, CompletePartialRefund?, MarketPlace?}`;
 * `Date` is the payment's date. `completePartialRefund: true` refunds what partial refunds left.
 *
 * @example
 * ```ts
 * import { PrivateService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.encodeSync(PrivateService.RefundRequest)({
 *   date: "2023-02-07", merchantUniqueCode: "AA90T0SD0ASF99", completePartialRefund: false,
 *   marketPlace: { deleteExistingRecords: false }
 * })
 * ```
 *
 * @since 0.5.0
 * @category requests
 */
export const RefundRequest = Schema.Struct({
  date,
  merchantUniqueCode,
  completePartialRefund: optionalFlag("CompletePartialRefund"),
  marketPlace: Schema.optionalWith(MarketPlaceRecords, { exact: true }).pipe(Schema.fromKey("MarketPlace"))
}).annotations({ identifier: "RefundRequest" })

/**
 * A refund request.
 *
 * @example
 * ```ts
 * import type { PrivateService } from "@paywall-effect/domain"
 *
 * const refund: PrivateService.RefundRequest = { date: "2023-02-07", merchantUniqueCode: "AA90T0SD0ASF99" }
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type RefundRequest = typeof RefundRequest.Type

/**
 * Partial refund: `{Date, MerchantUniqueCode, Amount, MarketPlace?}`; `Amount` (greater than 0)
 * is a `BigDecimal`, written into the JSON as its exact digits (`"Amount":101.5`).
 *
 * @example
 * ```ts
 * import { JsonNumber, PrivateService } from "@paywall-effect/domain"
 * import { BigDecimal, Schema } from "effect"
 *
 * const wire = Schema.encodeSync(PrivateService.PartialRefundRequest)({
 *   date: "2024-06-13", merchantUniqueCode: "458769387568376459898", amount: BigDecimal.unsafeFromString("101.5")
 * })
 * JsonNumber.stringify(wire) // '{"Date":"2024-06-13","MerchantUniqueCode":"458769387568376459898","Amount":101.5}'
 * ```
 *
 * @since 0.5.0
 * @category requests
 */
export const PartialRefundRequest = Schema.Struct({
  date,
  merchantUniqueCode,
  amount: Schema.propertySignature(Amount.PositiveAmount).pipe(Schema.fromKey("Amount")),
  marketPlace: Schema.optionalWith(PartialRefundMarketPlace, { exact: true }).pipe(Schema.fromKey("MarketPlace"))
}).annotations({ identifier: "PartialRefundRequest" })

/**
 * A partial refund request.
 *
 * @example
 * ```ts
 * import type { PrivateService } from "@paywall-effect/domain"
 * import { BigDecimal } from "effect"
 *
 * const partial: PrivateService.PartialRefundRequest = {
 *   date: "2024-06-13", merchantUniqueCode: "458769387568376459898", amount: BigDecimal.unsafeFromString("101.5")
 * }
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type PartialRefundRequest = typeof PartialRefundRequest.Type

/**
 * Cancel-or-refund: `{UniqueCode, MerchantUniqueCode, Amount?, MarketPlace?}`. Paywall cancels on
 * the payment's day and refunds after it; an `amount` other than 0 (the whole payment) and the
 * payment's amount makes the refund partial.
 *
 * @example
 * ```ts
 * import { PrivateService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.encodeSync(PrivateService.RevertRequest)({
 *   uniqueCode: "cdd14b16-74fd-4f3b-863f-fccb3ec80baf", merchantUniqueCode: "ABCD-EFGH-JKLP-MNBV"
 * })
 * ```
 *
 * @since 0.5.0
 * @category requests
 */
export const RevertRequest = Schema.Struct({
  uniqueCode: Schema.propertySignature(UniqueCode).pipe(Schema.fromKey("UniqueCode")),
  merchantUniqueCode,
  amount: Schema.optionalWith(Amount.NonNegativeAmount, { exact: true }).pipe(Schema.fromKey("Amount")),
  marketPlace: Schema.optionalWith(MarketPlaceRecords, { exact: true }).pipe(Schema.fromKey("MarketPlace"))
}).annotations({ identifier: "RevertRequest" })

/**
 * A cancel-or-refund request.
 *
 * @example
 * ```ts
 * import type { PrivateService } from "@paywall-effect/domain"
 *
 * const revert: PrivateService.RevertRequest = {
 *   uniqueCode: "cdd14b16-74fd-4f3b-863f-fccb3ec80baf", merchantUniqueCode: "ABCD-EFGH-JKLP-MNBV"
 * }
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type RevertRequest = typeof RevertRequest.Type

// ---------------------------------------------------------------------------------------------
// Replies
// ---------------------------------------------------------------------------------------------

/**
 * The success of a cancel, refund, partial refund or revert: `{"ErrorCode":0,"Result":true,
 * "Message":"Success","Body":null}` (no `ErrorCodeType` nor `ErrorMessage`). Its `Body` says
 * nothing, so the reply is `void`; a `Body` other than `null` is ignored.
 *
 * @example
 * ```ts
 * import { PrivateService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.decodeUnknownSync(PrivateService.AcceptedFromBody)(null) // undefined
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const AcceptedFromBody = Schema.transform(Schema.Unknown, Schema.Void, {
  strict: true,
  decode: () => undefined,
  encode: () => null
}).annotations({ identifier: "Accepted" })

/**
 * The query's `Body.Paywall`, as Paywall sends it (the keys this library reads; others are
 * ignored). Amounts are {@link Amount.Amount}s; `PaymentId` a number read as a `bigint`.
 *
 * @example
 * ```ts
 * import { PrivateService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.decodeUnknownSync(PrivateService.QueryPaywall)({
 *   PaymentId: 4045713, MerchantUniqueCode: "5b0287fb-0ccc-4366-9b2a-048be739e54c", StatusId: 3, PaymentAmount: 1000.00
 * })
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const QueryPaywall = Schema.Struct({
  PaymentId,
  UniqueCode: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
  MerchantUniqueCode: Schema.String,
  TrackingCode: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
  ActivityId: Schema.optionalWith(Schema.NullOr(Schema.Int), { exact: true }),
  AnySuccessPayment: Schema.optionalWith(Schema.NullOr(Schema.Boolean), { exact: true }),
  AnySuccessRefund: Schema.optionalWith(Schema.NullOr(Schema.Boolean), { exact: true }),
  AnySuccessPartialRefund: Schema.optionalWith(Schema.NullOr(Schema.Boolean), { exact: true }),
  AnySuccessCancel: Schema.optionalWith(Schema.NullOr(Schema.Boolean), { exact: true }),
  Error: Schema.optionalWith(
    Schema.NullOr(Schema.Struct({
      AnyError: Schema.Boolean,
      ErrorType: Schema.optionalWith(Schema.NullOr(Schema.Int), { exact: true }),
      ErrorMessage: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true })
    })),
    { exact: true }
  ),
  Status: Schema.optionalWith(Schema.NullOr(Schema.Boolean), { exact: true }),
  StatusName: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
  StatusId: PaymentStatus.FromId,
  TypeName: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
  TypeId: Schema.optionalWith(Schema.NullOr(Schema.Int), { exact: true }),
  Installment: Schema.optionalWith(Schema.NullOr(Schema.Int), { exact: true }),
  CurrencyId: Schema.optionalWith(Schema.NullOr(Schema.Int), { exact: true }),
  CurrencyName: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
  CardNumber: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
  LastActivityDateTime: Schema.optionalWith(Schema.NullOr(ExpiryText), { exact: true }),
  PaymentAmount: Amount.Amount,
  ActivityAmount: Schema.optionalWith(Schema.NullOr(Amount.Amount), { exact: true }),
  IsFullyRefunded: Schema.optionalWith(Schema.NullOr(Schema.Boolean), { exact: true }),
  RemainingRefundAmount: Schema.optionalWith(Schema.NullOr(Amount.Amount), { exact: true })
}).annotations({ identifier: "QueryPaywall" })

/**
 * The query's `Body`: `{Paywall: {...}}`.
 *
 * @example
 * ```ts
 * import { PrivateService } from "@paywall-effect/domain"
 *
 * const keys = Object.keys(PrivateService.QueryBody.fields) // ["Paywall"]
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const QueryBody = Schema.Struct({ Paywall: QueryPaywall }).annotations({ identifier: "QueryBody" })

/**
 * Paywall's `Error` of a queried payment: whether there was one, its type and message.
 *
 * @example
 * ```ts
 * import { PrivateService } from "@paywall-effect/domain"
 *
 * const error = new PrivateService.PaymentError({ anyError: false })
 * ```
 *
 * @since 0.5.0
 * @category replies
 */
export class PaymentError extends Schema.Class<PaymentError>("PaymentError")({
  anyError: Schema.Boolean,
  errorType: Schema.optionalWith(Schema.Int, { exact: true }),
  errorMessage: Schema.optionalWith(Schema.String, { exact: true })
}) {}

const text = Schema.optionalWith(Schema.String, { exact: true })
const flag = Schema.optionalWith(Schema.Boolean, { exact: true })
const int = Schema.optionalWith(Schema.Int, { exact: true })
const decimal = Schema.optionalWith(Schema.BigDecimalFromSelf, { exact: true })

/**
 * A payment as the query reports it. `status` is the named `StatusId` (`Pending`, `Succeeded`,
 * `Cancelled`, ... or `Unknown` with its id) and `statusName` Paywall's localised name of it;
 * `lastActivitySucceeded` is `Status` (how the last activity ended), `activityTypeId` /
 * `activityTypeName` its type and `activityAmount` its amount. Amounts are `BigDecimal`s,
 * `paymentId` a `bigint`. `lastActivityAt` is `LastActivityDateTime` read as
 * `SessionExpiryDate` is (a bare local time in the client's `expiryTimeZone`), with
 * `lastActivityText` as sent. A key Paywall leaves out (or sends `null`) is left out: in
 * particular a flag is never assumed `false`.
 *
 * @example
 * ```ts
 * import type { PrivateService } from "@paywall-effect/domain"
 *
 * const refundable = (payment: PrivateService.PaymentQuery) =>
 *   payment.status._tag === "Succeeded" && payment.isFullyRefunded !== true
 * ```
 *
 * @since 0.5.0
 * @category replies
 */
export class PaymentQuery extends Schema.Class<PaymentQuery>("PaymentQuery")({
  paymentId: Schema.typeSchema(PaymentId),
  uniqueCode: text,
  merchantUniqueCode: Schema.String,
  trackingCode: text,
  activityId: int,
  status: Schema.typeSchema(PaymentStatus.PaymentStatus),
  statusName: text,
  lastActivitySucceeded: flag,
  activityTypeId: int,
  activityTypeName: text,
  paymentAmount: Schema.BigDecimalFromSelf,
  activityAmount: decimal,
  remainingRefundAmount: decimal,
  isFullyRefunded: flag,
  anySuccessPayment: flag,
  anySuccessRefund: flag,
  anySuccessPartialRefund: flag,
  anySuccessCancel: flag,
  error: Schema.optionalWith(PaymentError, { exact: true }),
  installment: int,
  currencyId: int,
  currencyName: text,
  cardNumber: text,
  lastActivityAt: Schema.optionalWith(Schema.DateTimeUtcFromSelf, { exact: true }),
  lastActivityText: text
}) {}

const present = <K extends string, V>(key: K, value: V | null | undefined): { readonly [P in K]?: V } =>
  (value === null || value === undefined ? {} : { [key]: value }) as { readonly [P in K]?: V }

/**
 * From the query's `Body` to a {@link PaymentQuery}, reading bare local times in `zone`. Build
 * it once, not per call.
 *
 * @example
 * ```ts
 * import { PrivateService } from "@paywall-effect/domain"
 * import { DateTime, Schema } from "effect"
 *
 * const decode = Schema.decodeUnknownSync(PrivateService.fromQueryBody(DateTime.zoneUnsafeMakeNamed("Europe/Istanbul")))
 * decode({ Paywall: { PaymentId: 4045713, MerchantUniqueCode: "order-1", StatusId: 14, PaymentAmount: 1000 } }).status // { _tag: "Pending" }
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const fromQueryBody = (zone: DateTime.TimeZone) => {
  const readTime = expiryReader(zone)
  return Schema.transformOrFail(QueryBody, Schema.typeSchema(PaymentQuery), {
    strict: true,
    decode: ({ Paywall: p }, _, ast) => {
      const text = p.LastActivityDateTime
      const at = text === null || text === undefined ? Option.some(undefined) : readTime(text)
      if (Option.isNone(at)) {
        return ParseResult.fail(new ParseResult.Type(ast, p, `LastActivityDateTime ${text} is not a real date-time`))
      }
      return ParseResult.succeed(
        new PaymentQuery({
          paymentId: p.PaymentId,
          merchantUniqueCode: p.MerchantUniqueCode,
          status: p.StatusId,
          paymentAmount: p.PaymentAmount,
          ...present("uniqueCode", p.UniqueCode),
          ...present("trackingCode", p.TrackingCode),
          ...present("activityId", p.ActivityId),
          ...present("statusName", p.StatusName),
          ...present("lastActivitySucceeded", p.Status),
          ...present("activityTypeId", p.TypeId),
          ...present("activityTypeName", p.TypeName),
          ...present("activityAmount", p.ActivityAmount),
          ...present("remainingRefundAmount", p.RemainingRefundAmount),
          ...present("isFullyRefunded", p.IsFullyRefunded),
          ...present("anySuccessPayment", p.AnySuccessPayment),
          ...present("anySuccessRefund", p.AnySuccessRefund),
          ...present("anySuccessPartialRefund", p.AnySuccessPartialRefund),
          ...present("anySuccessCancel", p.AnySuccessCancel),
          ...present(
            "error",
            p.Error === null || p.Error === undefined ? undefined : new PaymentError({
              anyError: p.Error.AnyError,
              ...present("errorType", p.Error.ErrorType),
              ...present("errorMessage", p.Error.ErrorMessage)
            })
          ),
          ...present("installment", p.Installment),
          ...present("currencyId", p.CurrencyId),
          ...present("currencyName", p.CurrencyName),
          ...present("cardNumber", p.CardNumber),
          ...present("lastActivityAt", at.value),
          ...present("lastActivityText", text)
        })
      )
    },
    encode: (payment) =>
      ParseResult.succeed({
        Paywall: {
          PaymentId: payment.paymentId,
          UniqueCode: payment.uniqueCode ?? null,
          MerchantUniqueCode: payment.merchantUniqueCode,
          TrackingCode: payment.trackingCode ?? null,
          ActivityId: payment.activityId ?? null,
          AnySuccessPayment: payment.anySuccessPayment ?? null,
          AnySuccessRefund: payment.anySuccessRefund ?? null,
          AnySuccessPartialRefund: payment.anySuccessPartialRefund ?? null,
          AnySuccessCancel: payment.anySuccessCancel ?? null,
          Error: payment.error === undefined ? null : {
            AnyError: payment.error.anyError,
            ErrorType: payment.error.errorType ?? null,
            ErrorMessage: payment.error.errorMessage ?? null
          },
          Status: payment.lastActivitySucceeded ?? null,
          StatusName: payment.statusName ?? null,
          StatusId: payment.status,
          TypeName: payment.activityTypeName ?? null,
          TypeId: payment.activityTypeId ?? null,
          Installment: payment.installment ?? null,
          CurrencyId: payment.currencyId ?? null,
          CurrencyName: payment.currencyName ?? null,
          CardNumber: payment.cardNumber ?? null,
          LastActivityDateTime: payment.lastActivityText
            ?? (payment.lastActivityAt === undefined ? null : DateTime.formatIso(payment.lastActivityAt)),
          PaymentAmount: payment.paymentAmount,
          ActivityAmount: payment.activityAmount ?? null,
          IsFullyRefunded: payment.isFullyRefunded ?? null,
          RemainingRefundAmount: payment.remainingRefundAmount ?? null
        }
      })
  })
}
