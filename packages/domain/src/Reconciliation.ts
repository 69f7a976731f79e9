/**
 * What became of a money-moving call whose outcome is unknown (its request may have reached
 * Paywall, and no answer said what happened), read from a query of the payment afterwards.
 * Pure: the query is the caller's (`PaywallPrivateClient.reconcile` makes it).
 *
 * @since 0.5.0
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Schema from "effect/Schema"
import type * as PrivateService from "./PrivateService.js"
import { PaymentQuery } from "./PrivateService.js"

/**
 * A call that moves money, as it was made: the operation (its endpoint's name) and its request.
 * A Masterpass commit names the payment by the merchant's code (its request has none). A partial
 * refund (or a partial revert) is judged by how much the refundable amount went down, so it
 * takes `before`, the payment as queried before the call, when the caller has it.
 *
 * @example
 * ```ts
 * import type { Reconciliation } from "@paywall-effect/domain"
 *
 * const operation: Reconciliation.Operation = {
 *   operation: "cancelPayment",
 *   request: { date: "2024-06-13", merchantUniqueCode: "order-1001" }
 * }
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type Operation =
  | { readonly operation: "commitPayment"; readonly merchantUniqueCode: string }
  | { readonly operation: "cancelPayment"; readonly request: PrivateService.CancelRequest }
  | { readonly operation: "refundPayment"; readonly request: PrivateService.RefundRequest }
  | {
    readonly operation: "refundPartially"
    readonly request: PrivateService.PartialRefundRequest
    readonly before?: PaymentQuery | undefined
  }
  | {
    readonly operation: "revertPayment"
    readonly request: PrivateService.RevertRequest
    readonly before?: PaymentQuery | undefined
  }

/**
 * The payment shows that the call took effect: do not send it again.
 *
 * @example
 * ```ts
 * import { Reconciliation } from "@paywall-effect/domain"
 *
 * const done = (verdict: Reconciliation.Reconciliation) => verdict._tag === "Applied"
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export class Applied extends Schema.TaggedClass<Applied>()("Applied", {
  payment: PaymentQuery
}) {}

/**
 * The payment shows that the call did not take effect: it can be sent again.
 *
 * @example
 * ```ts
 * import { Reconciliation } from "@paywall-effect/domain"
 *
 * const again = (verdict: Reconciliation.Reconciliation) => verdict._tag === "NotApplied"
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export class NotApplied extends Schema.TaggedClass<NotApplied>()("NotApplied", {
  payment: PaymentQuery
}) {}

/**
 * The payment does not show whether the call took effect (`reason` says why): look at it
 * (Paywall's panel, a later query) before doing anything else.
 *
 * @example
 * ```ts
 * import { Reconciliation } from "@paywall-effect/domain"
 *
 * const why = (verdict: Reconciliation.Reconciliation) => verdict._tag === "Undetermined" ? verdict.reason : ""
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export class Undetermined extends Schema.TaggedClass<Undetermined>()("Undetermined", {
  payment: PaymentQuery,
  reason: Schema.String
}) {}

/**
 * What a query says became of a call: {@link Applied}, {@link NotApplied} or {@link Undetermined}.
 *
 * @example
 * ```ts
 * import { Reconciliation } from "@paywall-effect/domain"
 *
 * const say = (verdict: Reconciliation.Reconciliation) =>
 *   verdict._tag === "Applied" ? "done" : verdict._tag === "NotApplied" ? "not done" : "unknown"
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export const Reconciliation = Schema.Union(Applied, NotApplied, Undetermined)

/**
 * What a query says became of a call.
 *
 * @example
 * ```ts
 * import type { Reconciliation } from "@paywall-effect/domain"
 *
 * const payment = (verdict: Reconciliation.Reconciliation) => verdict.payment
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type Reconciliation = typeof Reconciliation.Type

/**
 * The merchant's code of the payment an operation is about: what to query.
 *
 * @example
 * ```ts
 * import { Reconciliation } from "@paywall-effect/domain"
 *
 * Reconciliation.merchantUniqueCodeOf({ operation: "commitPayment", merchantUniqueCode: "order-1001" }) // "order-1001"
 * ```
 *
 * @since 0.5.0
 * @category getters
 */
export const merchantUniqueCodeOf = (operation: Operation): string =>
  operation.operation === "commitPayment" ? operation.merchantUniqueCode : operation.request.merchantUniqueCode

type Verdict = (payment: PaymentQuery) => Reconciliation

const applied: Verdict = (payment) => new Applied({ payment })
const notApplied: Verdict = (payment) => new NotApplied({ payment })
const undetermined = (reason: string): Verdict => (payment) => new Undetermined({ payment, reason })

/** A flag Paywall left out says nothing: only `true` and `false` are evidence. */
const says = (flag: boolean | undefined, value: boolean) => flag === value

const isCancelled = (payment: PaymentQuery) =>
  payment.status._tag === "Cancelled" || says(payment.anySuccessCancel, true)
const isRefunded = (payment: PaymentQuery) =>
  says(payment.isFullyRefunded, true) || says(payment.anySuccessRefund, true)

/** The payment was committed: Paywall saw a successful sale (whatever came after it). */
const commit: Verdict = (payment) => {
  if (says(payment.anySuccessPayment, true) || payment.status._tag === "Succeeded") return applied(payment)
  const waiting = ["Created", "Started", "IntermediateStep", "Pending"].includes(payment.status._tag)
  if (says(payment.anySuccessPayment, false) && waiting) return notApplied(payment)
  return undetermined(`the payment's status is ${payment.status._tag} and it shows no successful sale`)(payment)
}

const cancel: Verdict = (payment) => {
  if (isCancelled(payment)) return applied(payment)
  return says(payment.anySuccessCancel, false)
    ? notApplied(payment)
    : undetermined("Paywall's answer does not say whether the payment has a successful cancel")(payment)
}

const refund: Verdict = (payment) => {
  if (isRefunded(payment)) return applied(payment)
  return says(payment.anySuccessRefund, false)
    ? notApplied(payment)
    : undetermined("Paywall's answer does not say whether the payment has a successful refund")(payment)
}

/** A partial refund of `amount`: judged by the refundable amount before and after, when both are known. */
const partial = (amount: BigDecimal.BigDecimal, before: PaymentQuery | undefined): Verdict => (payment) => {
  if (before?.remainingRefundAmount !== undefined && payment.remainingRefundAmount !== undefined) {
    const refunded = BigDecimal.subtract(before.remainingRefundAmount, payment.remainingRefundAmount)
    if (BigDecimal.equals(refunded, amount)) return applied(payment)
    if (BigDecimal.isZero(refunded)) return notApplied(payment)
    return undetermined(`the refundable amount went down by ${BigDecimal.format(refunded)}, not by the amount`)(payment)
  }
  if (says(payment.anySuccessPartialRefund, false) && says(payment.anySuccessRefund, false)) return notApplied(payment)
  return undetermined(
    before === undefined
      ? "a partial refund is judged against the payment as queried before it (give `before`)"
      : "Paywall's answers do not say the refundable amount (RemainingRefundAmount)"
  )(payment)
}

/** A revert is a cancel or a full refund, unless its amount makes it a partial refund. */
const revert = (request: PrivateService.RevertRequest, before: PaymentQuery | undefined): Verdict => (payment) => {
  const amount = request.amount
  const whole = amount === undefined || BigDecimal.isZero(amount) || BigDecimal.equals(amount, payment.paymentAmount)
  if (!whole) return partial(amount, before)(payment)
  if (isCancelled(payment) || isRefunded(payment)) return applied(payment)
  return says(payment.anySuccessCancel, false) && says(payment.anySuccessRefund, false)
    ? notApplied(payment)
    : undetermined("Paywall's answer does not say whether the payment has a successful cancel or refund")(payment)
}

/**
 * Reads what became of `operation` from `payment`, the payment as queried after it:
 * - `commitPayment`: `Applied` when the payment shows a successful sale (`AnySuccessPayment`, or
 *   status `Succeeded`); `NotApplied` when it shows none and still waits (`Created`, `Started`,
 *   `IntermediateStep`, `Pending`);
 * - `cancelPayment`: `Applied` when it shows a successful cancel (`AnySuccessCancel`, or status
 *   `Cancelled`); `NotApplied` when `AnySuccessCancel` is `false`;
 * - `refundPayment`: `Applied` when it shows a refund (`AnySuccessRefund` or `IsFullyRefunded`);
 *   `NotApplied` when `AnySuccessRefund` is `false`;
 * - `refundPartially` (and a `revertPayment` whose amount is neither 0 nor the payment's):
 *   `Applied` when the refundable amount (`RemainingRefundAmount`) went down by the amount since
 *   `before`, `NotApplied` when it did not change, or when the payment shows no refund at all;
 * - `revertPayment` of the whole payment: `Applied` when it shows a cancel or a refund,
 *   `NotApplied` when it shows neither.
 *
 * Anything else is `Undetermined`, with the reason: a flag Paywall left out is never read as
 * `false`. A call still in flight at Paywall when the query ran may yet take effect: query once
 * the attempt timeout has passed.
 *
 * @example
 * ```ts
 * import { MasterpassService, PaymentStatus, PrivateService, Reconciliation } from "@paywall-effect/domain"
 * import { BigDecimal } from "effect"
 *
 * const payment = new PrivateService.PaymentQuery({
 *   paymentId: MasterpassService.PaymentId.make(8013143466n), merchantUniqueCode: "order-1001", status: PaymentStatus.fromId(12),
 *   paymentAmount: BigDecimal.unsafeFromString("100.00"), anySuccessCancel: true
 * })
 * Reconciliation.judge({ operation: "cancelPayment", request: { date: "2024-06-13", merchantUniqueCode: "order-1001" } }, payment)._tag
 * // "Applied"
 * ```
 *
 * @since 0.5.0
 * @category reconciling
 */
export const judge = (operation: Operation, payment: PaymentQuery): Reconciliation => {
  switch (operation.operation) {
    case "commitPayment":
      return commit(payment)
    case "cancelPayment":
      return cancel(payment)
    case "refundPayment":
      return refund(payment)
    case "refundPartially":
      return partial(operation.request.amount, operation.before)(payment)
    case "revertPayment":
      return revert(operation.request, operation.before)(payment)
  }
}
