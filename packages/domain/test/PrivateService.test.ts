import { describe, expect, it } from "@effect/vitest"
import {
  JsonNumber,
  PaymentStatus,
  PaywallApi,
  PaywallEndpoint,
  PaywallEnvelope,
  PaywallError,
  PrivateService
} from "@paywall-effect/domain"
import { BigDecimal, DateTime, Either, FastCheck as fc, Schema } from "effect"
import { readFileSync } from "node:fs"
import { sized } from "../../../test/fastcheck.js"

/** Paywall's documented Private API examples (MASTERPASS.md section 6), as JSON fixtures. */
const examples: Record<string, unknown> = JSON.parse(
  readFileSync(new URL("../../../test/fixtures/private/examples.json", import.meta.url), "utf8")
)
const example = (name: string) => {
  const found = examples[name]
  if (found === undefined) throw new Error(`no example ${name}`)
  return found
}

const istanbul = DateTime.zoneUnsafeMakeNamed("Europe/Istanbul")
const decodeQuery = Schema.decodeUnknownEither(PrivateService.fromQueryBody(istanbul))
const wire = <A, I>(schema: Schema.Schema<A, I>) => (request: A) =>
  JsonNumber.stringify(Schema.encodeSync(schema)(request))

describe("Private API replies", () => {
  it("the documented query answer decodes to a PaymentQuery: named status, decimal amounts, bigint id, local time read in Istanbul", () => {
    const envelope = Either.getOrThrow(
      Schema.decodeUnknownEither(PaywallEnvelope.AnyEnvelope)(example("query.success"))
    )
    expect(PaywallEnvelope.isSuccess(envelope)).toBe(true)
    const payment = Either.getOrThrow(decodeQuery(envelope.Body))
    expect(payment).toBeInstanceOf(PrivateService.PaymentQuery)
    expect(payment).toMatchObject({
      paymentId: 4045713n,
      uniqueCode: "cdd14b16-74fd-4f3b-863f-fccb3ec80baf",
      merchantUniqueCode: "5b0287fb-0ccc-4366-9b2a-048be739e54c",
      activityId: 8907375,
      status: { _tag: "AwaitingSettlement" },
      statusName: "Finansallaştırma Bekliyor",
      lastActivitySucceeded: false,
      activityTypeId: 1,
      activityTypeName: "Satış",
      anySuccessPayment: false,
      anySuccessCancel: false,
      installment: 1,
      currencyName: "TRY",
      cardNumber: "552879******0008",
      lastActivityText: "2025-06-04T18:42:27.5447456"
    })
    expect(payment.error).toStrictEqual(
      new PrivateService.PaymentError({ anyError: false, errorType: 0, errorMessage: "" })
    )
    expect(BigDecimal.equals(payment.paymentAmount, BigDecimal.unsafeFromString("1000.00"))).toBe(true)
    expect(DateTime.formatIso(payment.lastActivityAt!)).toBe("2025-06-04T15:42:27.544Z")
    // Keys the example leaves out are left out, never guessed.
    expect(payment.isFullyRefunded).toBeUndefined()
    expect(payment.remainingRefundAmount).toBeUndefined()
  })

  it("a cancel's or refund's documented success has no ErrorCodeType nor ErrorMessage, and its reply is void", () => {
    const envelope = Either.getOrThrow(Schema.decodeUnknownEither(PaywallEnvelope.AnyEnvelope)(example("accepted")))
    expect(PaywallEnvelope.isSuccess(envelope)).toBe(true)
    expect(envelope.ErrorCodeType).toBeUndefined()
    expect(Schema.decodeUnknownSync(PrivateService.AcceptedFromBody)(envelope.Body)).toBeUndefined()
  })

  it("refuses an unreadable query: a date-time that does not exist, a missing amount, a float amount as text", () => {
    const paywall = (extra: Record<string, unknown>) => ({
      Paywall: { PaymentId: 1, MerchantUniqueCode: "order-1", StatusId: 4, PaymentAmount: 10, ...extra }
    })
    expect(Either.isRight(decodeQuery(paywall({})))).toBe(true)
    expect(Either.isLeft(decodeQuery(paywall({ LastActivityDateTime: "2025-02-30T10:00:00" })))).toBe(true)
    expect(Either.isLeft(decodeQuery(paywall({ PaymentAmount: undefined })))).toBe(true)
    expect(Either.isLeft(decodeQuery(paywall({ PaymentAmount: "10.00" })))).toBe(true)
    // A PaymentId beyond what a float holds is refused rather than rounded.
    expect(Either.isLeft(decodeQuery(paywall({ PaymentId: JsonNumber.parse("9007199254740993") })))).toBe(true)
  })

  it.prop(
    "a payment encoded to the wire decodes back to itself",
    [
      fc.record({
        paymentId: fc.bigInt({ min: 1n, max: 2n ** 53n - 1n }),
        statusId: fc.integer({ min: -5, max: 40 }),
        amount: fc.bigInt({ min: 0n, max: 10n ** 20n }),
        scale: fc.integer({ min: 0, max: 4 }),
        refunded: fc.option(fc.boolean(), { nil: undefined })
      })
    ],
    ([drawn]) => {
      const payment = Either.getOrThrow(decodeQuery({
        Paywall: {
          PaymentId: Number(drawn.paymentId),
          MerchantUniqueCode: "order-1",
          StatusId: drawn.statusId,
          PaymentAmount: JsonNumber.parse(BigDecimal.format(BigDecimal.make(drawn.amount, drawn.scale))),
          IsFullyRefunded: drawn.refunded ?? null,
          LastActivityDateTime: "2025-06-04T18:42:27"
        }
      }))
      expect(PaymentStatus.toId(payment.status)).toBe(drawn.statusId)
      expect(payment.isFullyRefunded).toBe(drawn.refunded)
      const encoded = Schema.encodeSync(PrivateService.fromQueryBody(istanbul))(payment)
      const again = Either.getOrThrow(decodeQuery(JsonNumber.parse(JsonNumber.stringify(encoded))))
      expect(again).toStrictEqual(payment)
      expect(BigDecimal.equals(again.paymentAmount, BigDecimal.make(drawn.amount, drawn.scale))).toBe(true)
    },
    sized(200, 5)
  )
})

describe("Private API requests", () => {
  it("encode to Paywall's documented request bodies", () => {
    expect(
      Schema.encodeSync(PaywallApi.cancelPayment.request)({
        date: "2023-01-23",
        merchantUniqueCode: "12222a2222a",
        marketPlace: { deleteExistingRecords: false }
      })
    ).toStrictEqual(example("cancel.request"))
    expect(
      Schema.encodeSync(PaywallApi.refundPayment.request)({
        date: "2023-02-07",
        merchantUniqueCode: "AA90T0SD0ASF99",
        completePartialRefund: false,
        marketPlace: { deleteExistingRecords: false }
      })
    ).toStrictEqual(example("refund.request"))
    expect(
      wire(PaywallApi.refundPartially.request)({
        date: "2024-06-13",
        merchantUniqueCode: "458769387568376459898",
        amount: BigDecimal.unsafeFromString("101.5")
      })
    ).toBe(JSON.stringify(example("partial.request")))
    expect(
      wire(PaywallApi.revertPayment.request)({
        uniqueCode: "cdd14b16-74fd-4f3b-863f-fccb3ec80baf",
        merchantUniqueCode: "ABCD-EFGH-JKLP-MNBV",
        amount: BigDecimal.unsafeFromString("0"),
        marketPlace: { deleteExistingRecords: false }
      })
    ).toBe(JSON.stringify(example("revert.request")))
  })

  it("decode the documented partial refund with its marketplace options (a null DecreaseAmount is absent)", () => {
    const request = Schema.decodeUnknownSync(PaywallApi.refundPartially.request)(example("partial.request.marketPlace"))
    expect(request.marketPlace?.member).toStrictEqual({ decrease: false })
    expect(request.marketPlace?.platform?.decrease).toBe(true)
    expect(BigDecimal.format(request.marketPlace!.platform!.decreaseAmount!)).toBe("101.5")
  })

  it("queries travel in headers: lower-case keys", () => {
    expect(PaywallApi.queryPayment.headers).toStrictEqual(["merchantuniquecode"])
    expect(Schema.encodeSync(PaywallApi.queryPayment.request)({ merchantUniqueCode: "order-1001" }))
      .toStrictEqual({ merchantuniquecode: "order-1001" })
    expect(
      Schema.encodeSync(PaywallApi.queryPaymentByUniqueCode.request)({
        uniqueCode: "cdd14b16-74fd-4f3b-863f-fccb3ec80baf"
      })
    ).toStrictEqual({ uniquecode: "cdd14b16-74fd-4f3b-863f-fccb3ec80baf" })
  })

  it.each(
    [
      ["a date that does not exist", { date: "2024-02-30", merchantUniqueCode: "order-1" }, ["date"]],
      ["a date with a time", { date: "2024-02-03T10:00:00", merchantUniqueCode: "order-1" }, ["date"]],
      ["a code with a leading blank", { date: "2024-02-03", merchantUniqueCode: " order-1" }, ["merchantUniqueCode"]],
      ["a code with a line break", { date: "2024-02-03", merchantUniqueCode: "order\n1" }, ["merchantUniqueCode"]],
      ["an empty code and no date", { date: "", merchantUniqueCode: "" }, ["date", "merchantUniqueCode"]]
    ] as const
  )("a cancel with %s is refused, naming the fields", (_, request, fields) => {
    const result = PaywallEndpoint.validate(PaywallApi.cancelPayment, request)
    expect(Either.flip(result)).toStrictEqual(
      Either.right(new PaywallError.PaywallRequestError({ endpoint: "cancelPayment", fields }))
    )
  })

  it("amounts: a partial refund's is greater than 0, a revert's is 0 or more", () => {
    const partial = Schema.encodeEither(PaywallApi.refundPartially.request)
    const revert = Schema.encodeEither(PaywallApi.revertPayment.request)
    const common = { date: "2024-06-13", merchantUniqueCode: "order-1" }
    expect(Either.isLeft(partial({ ...common, amount: BigDecimal.unsafeFromString("0") }))).toBe(true)
    expect(Either.isRight(partial({ ...common, amount: BigDecimal.unsafeFromString("0.01") }))).toBe(true)
    const guid = "cdd14b16-74fd-4f3b-863f-fccb3ec80baf"
    expect(
      Either.isRight(revert({ uniqueCode: guid, merchantUniqueCode: "o", amount: BigDecimal.unsafeFromString("0") }))
    )
      .toBe(true)
    expect(
      Either.isLeft(revert({ uniqueCode: guid, merchantUniqueCode: "o", amount: BigDecimal.unsafeFromString("-1") }))
    )
      .toBe(true)
    expect(Either.isLeft(revert({ uniqueCode: "1111-1111-1111-1111", merchantUniqueCode: "o" }))).toBe(true)
  })

  it("paymentDateOf: the calendar day in the zone, not in UTC", () => {
    expect(PrivateService.paymentDateOf(DateTime.unsafeMake("2024-06-12T21:30:00Z"), istanbul)).toBe("2024-06-13")
    expect(PrivateService.paymentDateOf(DateTime.unsafeMake("2024-06-12T20:30:00Z"), istanbul)).toBe("2024-06-12")
  })
})

describe("PaymentStatus", () => {
  it("names Paywall's 14 statuses and keeps any other id", () => {
    expect(PaymentStatus.fromId(14)).toStrictEqual({ _tag: "Pending" })
    expect(PaymentStatus.fromId(12)).toStrictEqual({ _tag: "Cancelled" })
    expect(PaymentStatus.fromId(4)).toStrictEqual({ _tag: "Succeeded" })
    expect(PaymentStatus.fromId(1)).toStrictEqual({ _tag: "Created" })
    expect(PaymentStatus.fromId(15)).toStrictEqual({ _tag: "Unknown", id: 15 })
    expect(PaymentStatus.fromId(0)).toStrictEqual({ _tag: "Unknown", id: 0 })
    for (let id = -3; id <= 20; id++) expect(PaymentStatus.toId(PaymentStatus.fromId(id))).toBe(id)
    expect(Either.isLeft(Schema.decodeUnknownEither(PaymentStatus.Unknown)({ _tag: "Unknown", id: 4 }))).toBe(true)
  })
})
