/**
 * fast-check arbitraries for the Payment Private API's answers: payment queries as Paywall
 * writes them (amounts of any length, statuses Paywall does not document, keys left out or
 * `null`), each with the `PaymentQuery` the client reads from it, by the same schemas.
 *
 * @since 0.5.0
 */
import { Amount, JsonNumber, MasterpassSession, PaywallApi, PrivateService } from "@paywall-effect/domain"
import * as Arbitrary from "effect/Arbitrary"
import * as BigDecimal from "effect/BigDecimal"
import * as DateTime from "effect/DateTime"
import * as fc from "effect/FastCheck"
import * as Schema from "effect/Schema"

/** A decimal amount as Paywall may write it: up to 20 integer digits and 4 decimals. */
const amount: fc.Arbitrary<number | JsonNumber.JsonNumber> = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 20n - 1n }), fc.integer({ min: 0, max: 4 }), fc.boolean())
  .map(([digits, scale, asFloat]) => {
    const text = Amount.toText(BigDecimal.make(digits, scale))
    // A float when one holds it (what most servers write), else its exact text.
    return asFloat && JsonNumber.isExactAsFloat(text) ? Number(text) : new JsonNumber.JsonNumber(text)
  })

/** A value, `null`, or no key at all. */
const maybe = <A>(value: fc.Arbitrary<A>): fc.Arbitrary<A | null | undefined> =>
  fc.oneof(value, fc.constant(null), fc.constant(undefined))

/** Bare local date-times, as `SessionExpiryDate` is written. */
const expiryText = Arbitrary.make(MasterpassSession.ExpiryText)

/**
 * The query's `Body.Paywall` as Paywall writes it: a payment id within what a float holds, a
 * `StatusId` from -2 to 20 (ids 1 to 14 are Paywall's), amounts of up to 24 digits, and every
 * optional key present, `null` or left out.
 *
 * @example
 * ```ts
 * import { PrivateApiArbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * FastCheck.sample(PrivateApiArbitraries.queryPaywall, 1) // [{ PaymentId: …, StatusId: …, PaymentAmount: … }]
 * ```
 *
 * @since 0.5.0
 * @category arbitraries
 */
export const queryPaywall: fc.Arbitrary<typeof PrivateService.QueryPaywall.Encoded> = fc
  .record({
    PaymentId: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    UniqueCode: maybe(fc.uuid()),
    MerchantUniqueCode: fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/),
    TrackingCode: maybe(fc.string({ maxLength: 40 })),
    ActivityId: maybe(fc.nat()),
    AnySuccessPayment: maybe(fc.boolean()),
    AnySuccessRefund: maybe(fc.boolean()),
    AnySuccessPartialRefund: maybe(fc.boolean()),
    AnySuccessCancel: maybe(fc.boolean()),
    Status: maybe(fc.boolean()),
    StatusName: maybe(fc.string({ maxLength: 30 })),
    StatusId: fc.integer({ min: -2, max: 20 }),
    TypeName: maybe(fc.string({ maxLength: 20 })),
    TypeId: maybe(fc.nat(20)),
    Installment: maybe(fc.integer({ min: 1, max: 12 })),
    CurrencyId: maybe(fc.nat(5)),
    CurrencyName: maybe(fc.constantFrom("TRY", "USD", "EUR")),
    CardNumber: maybe(fc.constantFrom("552879******0008", "************0016")),
    LastActivityDateTime: maybe(expiryText),
    PaymentAmount: amount,
    ActivityAmount: maybe(amount),
    IsFullyRefunded: maybe(fc.boolean()),
    RemainingRefundAmount: maybe(amount)
  })
  // A key drawn as `undefined` is left out, as Paywall leaves keys out.
  .map((paywall) =>
    Object.fromEntries(
      Object.entries(paywall).filter(([, value]) => value !== undefined)
    ) as typeof PrivateService.QueryPaywall.Encoded
  )

/**
 * A payment query's answer as it comes over HTTP (status 200, the JSON text of the success
 * envelope, amounts written with their exact digits), with the payment the client reads from it
 * (bare local times in `zone`, default Europe/Istanbul).
 *
 * @example
 * ```ts
 * import { PrivateApiArbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * const [drawn] = FastCheck.sample(PrivateApiArbitraries.queryAnswer(), 1)
 * drawn?.payment.status // { _tag: "Succeeded" }, { _tag: "Unknown", id: 17 }, …
 * ```
 *
 * @since 0.5.0
 * @category arbitraries
 */
export const queryAnswer = (
  zone: DateTime.TimeZone = DateTime.zoneUnsafeMakeNamed(PaywallApi.defaultExpiryTimeZone)
): fc.Arbitrary<{ readonly status: 200; readonly body: string; readonly payment: PrivateService.PaymentQuery }> => {
  const decode = Schema.decodeSync(PrivateService.fromQueryBody(zone))
  return queryPaywall.map((Paywall) => ({
    status: 200 as const,
    body: JsonNumber.stringify({
      ErrorCodeType: 1,
      ErrorMessage: null,
      ErrorCode: 0,
      Result: true,
      Message: "",
      Body: { Paywall }
    }),
    payment: decode({ Paywall })
  }))
}

/**
 * Payments as the client reads them from a query (see {@link queryAnswer}).
 *
 * @example
 * ```ts
 * import { PrivateApiArbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * FastCheck.sample(PrivateApiArbitraries.payment(), 3)
 * ```
 *
 * @since 0.5.0
 * @category arbitraries
 */
export const payment = (
  zone: DateTime.TimeZone = DateTime.zoneUnsafeMakeNamed(PaywallApi.defaultExpiryTimeZone)
): fc.Arbitrary<PrivateService.PaymentQuery> => queryAnswer(zone).map(({ payment }) => payment)
