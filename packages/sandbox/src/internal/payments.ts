/**
 * The sandbox's payments as the Private API sees them: started by the Masterpass flow (pending
 * until committed), then queryable by either code, cancelled on their day, refunded (whole or
 * in parts that add up) after it. Pure state, no HTTP; the day is the caller's ("now", from the
 * `Clock`, read in the sandbox's zone).
 */
import { type MasterpassService, PaymentStatus, type PaywallApi, PrivateService } from "@paywall-effect/domain"
import * as BigDecimal from "effect/BigDecimal"
import * as DateTime from "effect/DateTime"
import type { Handled, Ledger } from "./masterpass.js"

/**
 * The codes of the sandbox's refusals: the numbers of Paywall's .NET SDK `ErrorCodes` (which
 * MASTERPASS.md trusts over the general table), with the sandbox's own messages. Paywall
 * documents no failure of these services, nor their HTTP status (the sandbox answers 200).
 */
export const refusal = {
  /** No payment with this code (on this date): `PaymentNotFound`. */
  notFound: { _tag: "Paywall", errorCode: 56, message: "Payment not found" },
  /** Not a state the operation applies to (pending; a cancel after the day, a refund on it): `PaymentNotConvenientForOperation`. */
  notConvenient: { _tag: "Paywall", errorCode: 92, message: "Payment is not convenient for this operation" },
  /** Already refunded (wholly, or partly for a cancel or a whole refund): `PaymentHasSuccessfulRefund`. */
  refunded: { _tag: "Paywall", errorCode: 93, message: "Payment has a successful refund" },
  /** Already cancelled: `PaymentHasSuccessfulCancel`. */
  cancelled: { _tag: "Paywall", errorCode: 94, message: "Payment has a successful cancel" },
  /** A partial refund beyond what is left to refund: `PaymentAmountNotConvenient`. */
  beyondAmount: { _tag: "Paywall", errorCode: 112, message: "The amount is more than can be refunded" }
} as const satisfies Record<string, Handled<never>>

/** The last activity's type, as the sandbox names it (Paywall documents only 1, "Satış"). */
const activity = {
  sale: { id: 1, name: "Satış" },
  cancel: { id: 2, name: "İptal" },
  refund: { id: 3, name: "İade" },
  partialRefund: { id: 4, name: "Kısmi İade" }
} as const

/** Paywall's names of the statuses the sandbox uses ("Ödeme Durumları"). */
const statusNames: Partial<Record<PaymentStatus.KnownName, string>> = {
  Succeeded: "Başarılı",
  Cancelled: "İptal Edildi",
  Pending: "Beklemede"
}

interface Payment {
  readonly paymentId: MasterpassService.PaymentId
  readonly uniqueCode: string
  readonly merchantUniqueCode: string
  readonly amount: BigDecimal.BigDecimal
  status: "Pending" | "Succeeded" | "Cancelled"
  /** The day it succeeded, in the sandbox's zone. */
  date: string | undefined
  refunded: BigDecimal.BigDecimal
  anyRefund: boolean
  anyPartialRefund: boolean
  activityId: number
  lastActivity: { readonly type: typeof activity[keyof typeof activity]; readonly amount: BigDecimal.BigDecimal }
  lastActivityAt: DateTime.Utc
}

type Request<E extends keyof typeof PaywallApi.endpoints> = typeof PaywallApi.endpoints[E]["request"]["Type"]

/** A payment as a test sees it: its codes, amount, status and what was refunded. */
export interface PaymentView {
  readonly paymentId: MasterpassService.PaymentId
  readonly uniqueCode: string
  readonly merchantUniqueCode: string
  readonly amount: BigDecimal.BigDecimal
  readonly status: "Pending" | "Succeeded" | "Cancelled"
  readonly date: string | undefined
  readonly refunded: BigDecimal.BigDecimal
}

const reply = <A>(reply: A): Handled<A> => ({ _tag: "Reply", reply })

/** The payments, for a sandbox whose days are in `zone`. */
export const makePayments = (zone: DateTime.TimeZone) => {
  const byMerchantCode = new Map<string, Payment>()
  let activityIds = 8907375
  const today = (now: DateTime.Utc) => PrivateService.paymentDateOf(now, zone)

  const act = (
    payment: Payment,
    type: Payment["lastActivity"]["type"],
    amount: BigDecimal.BigDecimal,
    now: DateTime.Utc
  ) => {
    payment.activityId = activityIds++
    payment.lastActivity = { type, amount }
    payment.lastActivityAt = now
  }

  const remaining = (payment: Payment) => BigDecimal.subtract(payment.amount, payment.refunded)

  const query = (payment: Payment): PrivateService.PaymentQuery => {
    const status = PaymentStatus.fromId(
      payment.status === "Pending" ? 14 : payment.status === "Cancelled" ? 12 : 4
    )
    const left = remaining(payment)
    return new PrivateService.PaymentQuery({
      paymentId: payment.paymentId,
      uniqueCode: payment.uniqueCode,
      merchantUniqueCode: payment.merchantUniqueCode,
      activityId: payment.activityId,
      status,
      statusName: statusNames[payment.status] ?? payment.status,
      lastActivitySucceeded: payment.status !== "Pending",
      activityTypeId: payment.lastActivity.type.id,
      activityTypeName: payment.lastActivity.type.name,
      paymentAmount: payment.amount,
      activityAmount: payment.lastActivity.amount,
      remainingRefundAmount: payment.status === "Succeeded" ? left : BigDecimal.fromBigInt(0n),
      isFullyRefunded: payment.status === "Succeeded" && BigDecimal.isZero(left),
      anySuccessPayment: payment.status !== "Pending",
      anySuccessRefund: payment.anyRefund,
      anySuccessPartialRefund: payment.anyPartialRefund,
      anySuccessCancel: payment.status === "Cancelled",
      installment: 1,
      currencyId: 1,
      currencyName: "TRY",
      cardNumber: "552879******0008",
      lastActivityAt: payment.lastActivityAt,
      // Paywall writes local time without an offset, as it does SessionExpiryDate.
      lastActivityText: DateTime.formatIsoOffset(DateTime.setZone(payment.lastActivityAt, zone)).slice(0, 19)
    })
  }

  /** The payment a cancel or refund names by its code and date, or why there is none to act on. */
  const find = (merchantUniqueCode: string, date: string | undefined): Payment | Handled<never> => {
    const payment = byMerchantCode.get(merchantUniqueCode)
    if (payment === undefined) return refusal.notFound
    if (payment.status === "Pending") return refusal.notConvenient
    if (date !== undefined && payment.date !== date) return refusal.notFound
    return payment
  }
  const isPayment = (found: Payment | Handled<never>): found is Payment => !("_tag" in found)

  const cancel = (payment: Payment, now: DateTime.Utc): Handled<void> => {
    if (payment.status === "Cancelled") return refusal.cancelled
    if (payment.anyRefund || payment.anyPartialRefund) return refusal.refunded
    if (payment.date !== today(now)) return refusal.notConvenient
    payment.status = "Cancelled"
    act(payment, activity.cancel, payment.amount, now)
    return reply(undefined)
  }

  /** Checks shared by refunds: not cancelled, not wholly refunded, not on the payment's day. */
  const refundable = (payment: Payment, now: DateTime.Utc): Handled<never> | undefined => {
    if (payment.status === "Cancelled") return refusal.cancelled
    if (BigDecimal.isZero(remaining(payment))) return refusal.refunded
    if (payment.date === today(now)) return refusal.notConvenient
    return undefined
  }

  const refundWhole = (payment: Payment, completePartial: boolean, now: DateTime.Utc): Handled<void> => {
    const refused = refundable(payment, now)
    if (refused !== undefined) return refused
    if (payment.anyPartialRefund && !completePartial) return refusal.refunded
    act(payment, activity.refund, remaining(payment), now)
    payment.refunded = payment.amount
    payment.anyRefund = true
    return reply(undefined)
  }

  const refundPart = (payment: Payment, amount: BigDecimal.BigDecimal, now: DateTime.Utc): Handled<void> => {
    const refused = refundable(payment, now)
    if (refused !== undefined) return refused
    if (BigDecimal.greaterThan(amount, remaining(payment))) return refusal.beyondAmount
    payment.refunded = BigDecimal.sum(payment.refunded, amount)
    payment.anyPartialRefund = true
    act(payment, activity.partialRefund, amount, now)
    return reply(undefined)
  }

  const handlers = {
    queryPayment: ({ merchantUniqueCode }: Request<"queryPayment">): Handled<PrivateService.PaymentQuery> => {
      const payment = byMerchantCode.get(merchantUniqueCode)
      return payment === undefined ? refusal.notFound : reply(query(payment))
    },
    queryPaymentByUniqueCode: ({ uniqueCode }: Request<"queryPaymentByUniqueCode">) => {
      const payment = [...byMerchantCode.values()].find((payment) => payment.uniqueCode === uniqueCode.toLowerCase())
      return payment === undefined ? refusal.notFound : reply(query(payment))
    },
    cancelPayment: ({ date, merchantUniqueCode }: Request<"cancelPayment">, now: DateTime.Utc): Handled<void> => {
      const found = find(merchantUniqueCode, date)
      return isPayment(found) ? cancel(found, now) : found
    },
    refundPayment: (request: Request<"refundPayment">, now: DateTime.Utc): Handled<void> => {
      const found = find(request.merchantUniqueCode, request.date)
      return isPayment(found) ? refundWhole(found, request.completePartialRefund ?? false, now) : found
    },
    refundPartially: (request: Request<"refundPartially">, now: DateTime.Utc): Handled<void> => {
      const found = find(request.merchantUniqueCode, request.date)
      return isPayment(found) ? refundPart(found, request.amount, now) : found
    },
    revertPayment: (request: Request<"revertPayment">, now: DateTime.Utc): Handled<void> => {
      const found = find(request.merchantUniqueCode, undefined)
      if (!isPayment(found)) return found
      if (found.uniqueCode !== request.uniqueCode.toLowerCase()) return refusal.notFound
      // Paywall: a cancel on the payment's day; after it, a refund, partial for an amount other than 0 and the payment's.
      if (found.date === today(now)) return cancel(found, now)
      const amount = request.amount
      return amount === undefined || BigDecimal.isZero(amount) || BigDecimal.equals(amount, found.amount)
        ? refundWhole(found, false, now)
        : refundPart(found, amount, now)
    }
  }

  /** What the Masterpass flow tells of its payments. */
  const ledger: Ledger = {
    /** A payment the Masterpass flow started: pending until it succeeds. Dies on a code already used (a test's mistake). */
    start: (payment, now) => {
      if (byMerchantCode.has(payment.merchantUniqueCode)) {
        throw new Error(`PaywallSandbox: merchantUniqueCode ${payment.merchantUniqueCode} is already used`)
      }
      byMerchantCode.set(payment.merchantUniqueCode, {
        ...payment,
        status: "Pending",
        date: undefined,
        refunded: BigDecimal.fromBigInt(0n),
        anyRefund: false,
        anyPartialRefund: false,
        activityId: activityIds++,
        lastActivity: { type: activity.sale, amount: payment.amount },
        lastActivityAt: now
      })
    },
    /** The payment succeeded (committed, or completed with `AutoCommit`): its day is today. */
    succeed: (merchantUniqueCode, now) => {
      const payment = byMerchantCode.get(merchantUniqueCode)
      if (payment === undefined || payment.status !== "Pending") return
      payment.status = "Succeeded"
      payment.date = today(now)
      act(payment, activity.sale, payment.amount, now)
    },
    has: (merchantUniqueCode) => byMerchantCode.has(merchantUniqueCode)
  }

  return {
    handlers,
    ledger,
    /** A payment as a test sees it. */
    view: (merchantUniqueCode: string): PaymentView | undefined => {
      const payment = byMerchantCode.get(merchantUniqueCode)
      return payment === undefined ? undefined : {
        paymentId: payment.paymentId,
        uniqueCode: payment.uniqueCode,
        merchantUniqueCode: payment.merchantUniqueCode,
        amount: payment.amount,
        status: payment.status,
        date: payment.date,
        refunded: payment.refunded
      }
    }
  }
}
