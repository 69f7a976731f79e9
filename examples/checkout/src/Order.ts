/**
 * An order of the shop and the state of its payment. The OTP token of a payment awaiting its OTP
 * stays here, on the server, `Redacted`: the page only ever sends the code the shopper typed.
 */
import type { MasterpassService } from "@paywall-effect/domain"
import * as Data from "effect/Data"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"

/**
 * Where an order's payment is. Every payment of an order has its own `merchantUniqueCode` (Paywall
 * knows a payment by it: a failed payment's code is not used again). `AwaitingOtp` keeps the token
 * its verify must name (renewed by a resend); `AwaitingThreeD` waits for Paywall's 3D callback;
 * `CommitUncertain` and `RefundUncertain` are money-moving calls that may have reached Paywall
 * without an answer saying what became of them: never sent again blindly (Paywall's Private API
 * query says).
 */
export type PaymentState = Data.TaggedEnum<{
  Created: {}
  AwaitingOtp: Payment & { readonly otpToken: Redacted.Redacted<string> }
  AwaitingThreeD: Payment
  Authorized: Payment
  Committed: Payment & { readonly paymentId: MasterpassService.PaymentId }
  CommitUncertain: Payment
  Refunded: Payment & { readonly paymentId: MasterpassService.PaymentId }
  RefundUncertain: Payment & { readonly paymentId: MasterpassService.PaymentId }
  Failed: { readonly reason: string; readonly masterpassPaymentId?: string }
}>

/** A payment of an order: Masterpass's id of it and the merchant's code it was started under. */
export interface Payment {
  readonly masterpassPaymentId: string
  readonly merchantUniqueCode: string
}

/** The constructors and matcher of {@link PaymentState}. */
export const PaymentState = Data.taggedEnum<PaymentState>()

/**
 * An order: what was bought, for how much (Turkish lira), by whom, its payment's state, and how
 * many payments were started for it (the next one's code is {@link paymentCode}).
 */
export interface Order {
  readonly id: string
  readonly userId: string
  readonly item: string
  readonly amount: number
  readonly payments: number
  readonly state: PaymentState
}

/** The merchant's code of an order's `n`th payment: the order's id and `n`, so a callback finds its order. */
export const paymentCode = (orderId: string, n: number): string => `${orderId}-${n}`

/** The order a payment's merchant code names, if it is one of {@link paymentCode}'s. */
export const orderIdOf = (merchantUniqueCode: string): string | undefined =>
  /^(order-[0-9a-f]{8})-[1-9][0-9]{0,3}$/.exec(merchantUniqueCode)?.[1]

/** An order as the page sees it: no token, the payment id as text (it may exceed a double's precision). */
export const OrderView = Schema.Struct({
  id: Schema.String,
  item: Schema.String,
  amount: Schema.Number,
  state: Schema.Literal(
    "Created",
    "AwaitingOtp",
    "AwaitingThreeD",
    "Authorized",
    "Committed",
    "CommitUncertain",
    "Refunded",
    "RefundUncertain",
    "Failed"
  ),
  masterpassPaymentId: Schema.optionalWith(Schema.String, { exact: true }),
  merchantUniqueCode: Schema.optionalWith(Schema.String, { exact: true }),
  paymentId: Schema.optionalWith(Schema.String, { exact: true }),
  reason: Schema.optionalWith(Schema.String, { exact: true })
})
export type OrderView = typeof OrderView.Type

/** The order as the page may see it. */
export const view = (order: Order): OrderView => {
  const { amount, id, item, state } = order
  const base = { id, item, amount, state: state._tag }
  const payment = ({ masterpassPaymentId, merchantUniqueCode }: Payment) => ({
    ...base,
    masterpassPaymentId,
    merchantUniqueCode
  })
  const paid = (state: Payment & { readonly paymentId: MasterpassService.PaymentId }) => ({
    ...payment(state),
    paymentId: String(state.paymentId)
  })
  return PaymentState.$match(state, {
    Created: () => base,
    AwaitingOtp: payment,
    AwaitingThreeD: payment,
    Authorized: payment,
    Committed: paid,
    CommitUncertain: payment,
    Refunded: paid,
    RefundUncertain: paid,
    Failed: ({ masterpassPaymentId, reason }) => ({
      ...base,
      reason,
      ...(masterpassPaymentId === undefined ? {} : { masterpassPaymentId })
    })
  })
}
