import { describe, expect, it } from "@effect/vitest"
import { MasterpassService, PaymentStatus, PrivateService, Reconciliation } from "@paywall-effect/domain"
import { BigDecimal } from "effect"

const dec = BigDecimal.unsafeFromString

/** A payment of 100.00 as a query reports it, with `fields` on top. */
const payment = (
  statusId: number,
  fields: Partial<ConstructorParameters<typeof PrivateService.PaymentQuery>[0]> = {}
) =>
  new PrivateService.PaymentQuery({
    paymentId: MasterpassService.PaymentId.make(8013143466n),
    merchantUniqueCode: "order-1",
    status: PaymentStatus.fromId(statusId),
    paymentAmount: dec("100.00"),
    ...fields
  })

const request = { date: "2025-06-04", merchantUniqueCode: "order-1" }
const uniqueCode = "cdd14b16-74fd-4f3b-863f-fccb3ec80baf"
const judge = (operation: Reconciliation.Operation, queried: PrivateService.PaymentQuery) =>
  Reconciliation.judge(operation, queried)._tag

const flags = {
  anySuccessPayment: true,
  anySuccessCancel: false,
  anySuccessRefund: false,
  anySuccessPartialRefund: false
}

describe("Reconciliation.judge", () => {
  it("commit: applied once the payment shows a sale; not applied while it still waits; else undetermined", () => {
    const commit: Reconciliation.Operation = { operation: "commitPayment", merchantUniqueCode: "order-1" }
    expect(judge(commit, payment(4, flags))).toBe("Applied")
    expect(judge(commit, payment(12, { ...flags, anySuccessCancel: true }))).toBe("Applied")
    expect(judge(commit, payment(14, { ...flags, anySuccessPayment: false }))).toBe("NotApplied")
    expect(judge(commit, payment(14))).toBe("Undetermined")
    expect(judge(commit, payment(5, { ...flags, anySuccessPayment: false }))).toBe("Undetermined")
  })

  it("cancel: applied when cancelled; not applied when AnySuccessCancel is false; undetermined when Paywall does not say", () => {
    const cancel: Reconciliation.Operation = { operation: "cancelPayment", request }
    expect(judge(cancel, payment(12))).toBe("Applied")
    expect(judge(cancel, payment(4, { ...flags, anySuccessCancel: true }))).toBe("Applied")
    expect(judge(cancel, payment(4, flags))).toBe("NotApplied")
    expect(judge(cancel, payment(4))).toBe("Undetermined")
  })

  it("refund: applied when refunded; not applied when AnySuccessRefund is false; undetermined when Paywall does not say", () => {
    const refund: Reconciliation.Operation = { operation: "refundPayment", request }
    expect(judge(refund, payment(4, { ...flags, anySuccessRefund: true }))).toBe("Applied")
    expect(judge(refund, payment(4, { isFullyRefunded: true }))).toBe("Applied")
    expect(judge(refund, payment(4, flags))).toBe("NotApplied")
    expect(judge(refund, payment(4, { isFullyRefunded: false }))).toBe("Undetermined")
  })

  it("partial refund: by how much the refundable amount went down since before", () => {
    const before = payment(4, { ...flags, remainingRefundAmount: dec("70.00") })
    const partial: Reconciliation.Operation = {
      operation: "refundPartially",
      request: { ...request, amount: dec("20.5") },
      before
    }
    const after = (left: string) =>
      payment(4, { ...flags, anySuccessPartialRefund: true, remainingRefundAmount: dec(left) })
    expect(judge(partial, after("49.50"))).toBe("Applied")
    expect(judge(partial, after("70"))).toBe("NotApplied")
    const other = Reconciliation.judge(partial, after("60.00"))
    expect(other._tag).toBe("Undetermined")
    expect(other._tag === "Undetermined" && other.reason).toContain("went down by 10")
  })

  it("partial refund without before: not applied only when the payment shows no refund at all", () => {
    const partial: Reconciliation.Operation = {
      operation: "refundPartially",
      request: { ...request, amount: dec("1") }
    }
    expect(judge(partial, payment(4, flags))).toBe("NotApplied")
    const unknown = Reconciliation.judge(partial, payment(4, { ...flags, anySuccessPartialRefund: true }))
    expect(unknown._tag === "Undetermined" && unknown.reason).toContain("before")
  })

  it("revert: of the whole payment (no amount, 0, or the payment's), a cancel or a refund; else a partial refund", () => {
    const whole = (amount?: string): Reconciliation.Operation => ({
      operation: "revertPayment",
      request: { uniqueCode, merchantUniqueCode: "order-1", ...(amount === undefined ? {} : { amount: dec(amount) }) }
    })
    for (const amount of [undefined, "0", "100"]) {
      expect(judge(whole(amount), payment(12))).toBe("Applied")
      expect(judge(whole(amount), payment(4, { ...flags, anySuccessRefund: true }))).toBe("Applied")
      expect(judge(whole(amount), payment(4, flags))).toBe("NotApplied")
      expect(judge(whole(amount), payment(4))).toBe("Undetermined")
    }
    const before = payment(4, { ...flags, remainingRefundAmount: dec("100") })
    const part: Reconciliation.Operation = {
      operation: "revertPayment",
      request: { uniqueCode, merchantUniqueCode: "order-1", amount: dec("30") },
      before
    }
    expect(judge(part, payment(4, { ...flags, remainingRefundAmount: dec("70") }))).toBe("Applied")
    expect(judge(part, payment(4, { ...flags, remainingRefundAmount: dec("100") }))).toBe("NotApplied")
  })

  it("names the payment to query", () => {
    expect(Reconciliation.merchantUniqueCodeOf({ operation: "cancelPayment", request })).toBe("order-1")
    expect(Reconciliation.merchantUniqueCodeOf({ operation: "commitPayment", merchantUniqueCode: "order-9" }))
      .toBe("order-9")
  })
})
