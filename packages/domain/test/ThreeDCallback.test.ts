import { describe, expect, it } from "@effect/vitest"
import { MasterpassService, ThreeDCallback } from "@paywall-effect/domain"
import { BigDecimal, DateTime, Either, Encoding, ParseResult, Redacted, Schema } from "effect"

const istanbul = DateTime.zoneUnsafeMakeNamed("Europe/Istanbul")
const schema = ThreeDCallback.fromForm(istanbul)
const decode = Schema.decodeUnknownEither(schema, { errors: "all" })
const encode = Schema.encodeSync(schema)

/** Paywall's HTML sample (docs `geri-bildirim-ornekleri/3d-bildirimi`), every placeholder filled, in its order. */
const sample: ThreeDCallback.Form = [
  ["date", "2025-06-04T18:42:27"],
  ["status", "Unsuccessful"],
  ["errorCode", "1"],
  ["errorMessage", Encoding.encodeBase64("Ödeme başarısız")],
  ["errorMessage", "Yetersiz bakiye"],
  ["paymentCode", "aaaaaaa-33333-32222-0000-11111111111"],
  ["uniqueCode", "order-1001"],
  ["amount", "149.90"],
  ["installment", "1"],
  ["paymentId", "8013143466"],
  ["providerErrorCode", "51"],
  ["providerErrorMessage", "Yetersiz bakiye"],
  ["providerBankErrorCode", ""],
  ["providerBankErrorMessage", ""],
  ["cardSaved", "False"],
  ["cardSavedUniqueCode", ""],
  ["trackingCode", "0-0-0-0-0"],
  ["paymentGatewayId", "12"],
  ["paymentGatewayName", "Sandbox POS"],
  ["paymentGatewayProviderName", "Sandbox Bank"],
  ["hash", "0f".repeat(32)]
]

/** The sample with `field`'s entries replaced by `values` (none: left out). */
const withField = (field: string, ...values: ReadonlyArray<string>): ThreeDCallback.Form => {
  const at = sample.findIndex(([key]) => key === field)
  const rest = sample.filter(([key]) => key !== field)
  const entries = values.map((value): readonly [string, string] => [field, value])
  return at < 0 ? [...rest, ...entries] : [...rest.slice(0, at), ...entries, ...rest.slice(at)]
}

/** The inputs a decode failure names. */
const refused = (form: ThreeDCallback.Form) =>
  Either.match(decode(form), {
    onLeft: (error) => ThreeDCallback.ThreeDCallbackMalformed.fromParseError(error).fields,
    onRight: () => []
  })

const decoded = (form: ThreeDCallback.Form) => Either.getOrThrow(decode(form))

describe("ThreeDCallback.fromForm", () => {
  it("reads Paywall's sample form into typed values", () => {
    const callback = decoded(sample)
    expect(callback.status).toBe("Unsuccessful")
    expect(callback.errorCode).toBe(1)
    expect(callback.errorMessage).toBe("Ödeme başarısız")
    expect(callback.providerMessage).toBe("Yetersiz bakiye")
    expect(callback.paymentCode).toBe("aaaaaaa-33333-32222-0000-11111111111")
    expect(callback.merchantUniqueCode).toBe("order-1001")
    expect(callback.amount).toStrictEqual(BigDecimal.make(14990n, 2))
    expect(callback.installment).toBe(1)
    expect(callback.paymentId).toBe(8013143466n)
    expect(callback.dateText).toBe("2025-06-04T18:42:27")
    expect(callback.date && DateTime.formatIso(callback.date)).toBe("2025-06-04T15:42:27.000Z")
    expect(callback.providerErrorCode).toBe("51")
    expect(callback.providerBankErrorCode).toBeUndefined()
    expect(callback.cardSaved).toBe(false)
    expect(callback.cardSavedUniqueCode).toBeUndefined()
    expect(callback.paymentGatewayProviderName).toBe("Sandbox Bank")
    expect(callback.hash).toBe("0f".repeat(32))
  })

  it("keeps a payment id exact up to 2^53 - 1, what PaymentId holds (and a JSON number carries exactly)", () => {
    expect(decoded(withField("paymentId", "9007199254740991")).paymentId).toBe(9007199254740991n)
    expect(refused(withField("paymentId", "9007199254740992"))).toStrictEqual(["paymentId"])
  })

  it("keeps the amount's decimals as written, with either separator", () => {
    expect(decoded(withField("amount", "101.50")).amount).toStrictEqual(BigDecimal.make(10150n, 2))
    expect(decoded(withField("amount", "101,5")).amount).toStrictEqual(BigDecimal.make(1015n, 1))
    expect(decoded(withField("amount", "7")).amount).toStrictEqual(BigDecimal.make(7n, 0))
    expect(decoded(withField("amount", "0.05")).amount).toStrictEqual(BigDecimal.make(5n, 2))
  })

  it.each(["", " 1.00", "1.", ".5", "01.00", "-1.00", "+1.00", "1e3", "1.000.00", "1 000", "0x10", "1_000"])(
    "refuses the amount %j",
    (amount) => expect(refused(withField("amount", amount))).toStrictEqual(["amount"])
  )

  it.each([
    ["paymentId", "0"],
    ["paymentId", "-8013143466"],
    ["paymentId", "08013143466"],
    ["paymentId", "12345678901234567890"],
    ["installment", "-1"],
    ["installment", "1.0"],
    ["errorCode", "-0"],
    ["errorCode", "one"],
    ["status", "success"],
    ["status", "Pending"],
    ["uniqueCode", ""],
    ["cardSaved", "yes"]
  ])("refuses %s %j, naming it", (field, value) => {
    expect(refused(withField(field, value))).toStrictEqual([field])
  })

  it("decodes Paywall's message from Base64, and refuses text that is not Base64 (not a defect)", () => {
    expect(decoded(withField("errorMessage", Encoding.encodeBase64("İşlem onaylandı"))).errorMessage)
      .toBe("İşlem onaylandı")
    expect(decoded(withField("errorMessage", "")).errorMessage).toBe("")
    expect(refused(withField("errorMessage", "not base64!"))).toStrictEqual(["errorMessage"])
    expect(refused(withField("errorMessage", "aGVsbG8"))).toStrictEqual(["errorMessage"])
  })

  it("reads the second errorMessage as the provider's message, as posted, and refuses a third", () => {
    const one = decoded(withField("errorMessage", Encoding.encodeBase64("x")))
    expect(one.errorMessage).toBe("x")
    expect(one.providerMessage).toBeUndefined()
    const two = decoded(withField("errorMessage", "", "not Base64 at all"))
    expect(two.errorMessage).toBe("")
    expect(two.providerMessage).toBe("not Base64 at all")
    expect(decoded(withField("errorMessage")).errorMessage).toBe("")
    expect(refused(withField("errorMessage", "", "", ""))).toStrictEqual(["errorMessage"])
  })

  it("refuses any other input posted twice, even with the same value: which one was signed is ambiguous", () => {
    for (const [field, value] of sample) {
      if (field === "errorMessage") continue
      expect(refused(withField(field, value, value))).toStrictEqual([field])
    }
  })

  it("names every missing input the callback needs, and ignores inputs Paywall does not document", () => {
    expect(refused([])).toStrictEqual(["status", "errorCode", "uniqueCode", "amount", "installment", "paymentId"])
    expect(decoded([...sample, ["somethingNew", "1"], ["somethingNew", "2"]]).paymentId).toBe(8013143466n)
  })

  it("reads an input posted empty as absent, and cardSaved in any case", () => {
    const callback = decoded(withField("hash", ""))
    expect(callback.hash).toBeUndefined()
    expect(decoded(withField("cardSaved", "True")).cardSaved).toBe(true)
    expect(decoded(withField("cardSaved", "true")).cardSaved).toBe(true)
    expect(decoded(withField("cardSaved")).cardSaved).toBe(false)
  })

  it("reads the date in the configured zone, honours an offset, and keeps other date texts without an instant", () => {
    expect(decoded(withField("date", "2025-06-04T18:42:27+00:00")).date?.epochMillis)
      .toBe(Date.parse("2025-06-04T18:42:27Z"))
    const utc = Schema.decodeUnknownSync(ThreeDCallback.fromForm(DateTime.zoneUnsafeMakeNamed("UTC")))(sample)
    expect(utc.date?.epochMillis).toBe(Date.parse("2025-06-04T18:42:27Z"))
    const dotted = decoded(withField("date", "04.06.2025 18:42:27"))
    expect(dotted.dateText).toBe("04.06.2025 18:42:27")
    expect(dotted.date).toBeUndefined()
  })

  it("encodes back to the form it read (Paywall's order, empty inputs not posted)", () => {
    const form = encode(decoded(sample))
    expect(form).toStrictEqual(
      sample.filter(([key, value]) => value !== "" || key === "errorMessage").map(
        ([key, value]): readonly [string, string] => key === "cardSaved" ? [key, value.toLowerCase()] : [key, value]
      )
    )
    expect(decoded(form)).toStrictEqual(decoded(sample))
  })

  it("names inputs in its failures, never their values", () => {
    const result = decode(withField("amount", "secret-looking-value"))
    expect(Either.isLeft(result)).toBe(true)
    const error = ThreeDCallback.ThreeDCallbackMalformed.fromParseError(Either.flip(result).pipe(Either.getOrThrow))
    expect(error.message).toBe("Refused a 3D callback: invalid or missing inputs: amount")
    expect(JSON.stringify(error)).not.toContain("secret-looking-value")
  })
})

describe("amount formats", () => {
  const amount = (value: bigint, scale: number) => BigDecimal.make(value, scale)

  it("write what .NET's decimal.ToString writes: the scale kept, no grouping", () => {
    expect(ThreeDCallback.invariantCulture(amount(10150n, 2))).toBe("101.50")
    expect(ThreeDCallback.invariantCulture(amount(1015n, 1))).toBe("101.5")
    expect(ThreeDCallback.invariantCulture(amount(101n, 0))).toBe("101")
    expect(ThreeDCallback.invariantCulture(amount(5n, 2))).toBe("0.05")
    expect(ThreeDCallback.invariantCulture(amount(0n, 2))).toBe("0.00")
    expect(ThreeDCallback.invariantCulture(amount(123456789012n, 2))).toBe("1234567890.12")
    expect(ThreeDCallback.invariantCulture(amount(-5n, 1))).toBe("-0.5")
    expect(ThreeDCallback.invariantCulture(amount(1n, -3))).toBe("1000")
    expect(ThreeDCallback.turkishCulture(amount(10150n, 2))).toBe("101,50")
    expect(ThreeDCallback.turkishCulture(amount(101n, 0))).toBe("101")
  })

  it("read back what they write", () => {
    for (const text of ["0.00", "0.05", "101.50", "101", "99999999999999999999999999999.1234"]) {
      expect(ThreeDCallback.invariantCulture(decoded(withField("amount", text)).amount)).toBe(text)
    }
  })
})

describe("ThreeDCallback.hashInput", () => {
  const signed: ThreeDCallback.Signed = {
    paymentId: MasterpassService.PaymentId.make(8013143466n),
    merchantUniqueCode: "order-1001",
    amount: BigDecimal.make(14990n, 2),
    installment: 3
  }

  it("is the documented string, the amount written by the format", () => {
    expect(ThreeDCallback.hashInput(Redacted.make("k3y"), signed)).toBe("k3y###8013143466###order-1001###149.90###3")
    expect(ThreeDCallback.hashInput(Redacted.make("k3y"), signed, ThreeDCallback.turkishCulture))
      .toBe("k3y###8013143466###order-1001###149,90###3")
  })
})

describe("refusals", () => {
  it("say what was refused, serialise, and carry the payment as text", () => {
    const mismatch = new ThreeDCallback.ThreeDCallbackHashMismatch({ paymentId: "8013143466" })
    expect(mismatch.message).toBe("Refused a 3D callback whose hash does not match (payment 8013143466)")
    const missing = new ThreeDCallback.ThreeDCallbackHashMissing({})
    expect(missing.message).toBe("Refused a 3D callback without a hash: a 3D hash key is configured")
    const encoded = Schema.encodeSync(ThreeDCallback.ThreeDCallbackError)(mismatch)
    expect(encoded).toStrictEqual({ _tag: "ThreeDCallbackHashMismatch", paymentId: "8013143466" })
    expect(JSON.parse(JSON.stringify(mismatch))).toMatchObject({ _tag: "ThreeDCallbackHashMismatch" })
  })

  it("fromParseError names the posted input of each issue", () => {
    const failure = Schema.decodeUnknownEither(schema)(withField("status", "Maybe"))
    const error = Either.flip(failure).pipe(Either.getOrThrow)
    expect(ParseResult.ArrayFormatter.formatErrorSync(error)[0]?.path).toStrictEqual(["status"])
  })
})
