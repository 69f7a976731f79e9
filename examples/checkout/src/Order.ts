/**
 * An order of the shop and the state of its payment. The OTP token of a payment awaiting its OTP
 * stays here, on the server, `Redacted`: the page only ever sends the code the shopper typed.
 */
import type { MasterpassService } from "@paywall-effect/domain"
import * as Data from "effect/Data"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"

/**
 * Where an order's payment is. `AwaitingOtp` keeps the token its verify must name (renewed by a
 * resend); `CommitUncertain` is a commit that may have reached Paywall without an answer saying
 * what became of it: it is never sent again blindly (Paywall's Private API query says).
 */
export type PaymentState = Data.TaggedEnum<{
  Created: {}
  AwaitingOtp: { readonly masterpassPaymentId: string; readonly otpToken: Redacted.Redacted<string> }
  Authorized: { readonly masterpassPaymentId: string }
  Committed: { readonly masterpassPaymentId: string; readonly paymentId: MasterpassService.PaymentId }
  CommitUncertain: { readonly masterpassPaymentId: string }
  Failed: { readonly reason: string; readonly masterpassPaymentId?: string }
}>

/** The constructors and matcher of {@link PaymentState}. */
export const PaymentState = Data.taggedEnum<PaymentState>()

/** An order: what was bought, for how much (Turkish lira), by whom, and its payment's state. */
export interface Order {
  readonly id: string
  readonly userId: string
  readonly item: string
  readonly amount: number
  readonly state: PaymentState
}

/** An order as the page sees it: no token, the payment id as text (it may exceed a double's precision). */
export const OrderView = Schema.Struct({
  id: Schema.String,
  item: Schema.String,
  amount: Schema.Number,
  state: Schema.Literal("Created", "AwaitingOtp", "Authorized", "Committed", "CommitUncertain", "Failed"),
  masterpassPaymentId: Schema.optionalWith(Schema.String, { exact: true }),
  paymentId: Schema.optionalWith(Schema.String, { exact: true }),
  reason: Schema.optionalWith(Schema.String, { exact: true })
})
export type OrderView = typeof OrderView.Type

/** The order as the page may see it. */
export const view = (order: Order): OrderView => {
  const { amount, id, item, state } = order
  const base = { id, item, amount, state: state._tag }
  return PaymentState.$match(state, {
    Created: () => base,
    AwaitingOtp: ({ masterpassPaymentId }) => ({ ...base, masterpassPaymentId }),
    Authorized: ({ masterpassPaymentId }) => ({ ...base, masterpassPaymentId }),
    Committed: ({ masterpassPaymentId, paymentId }) => ({ ...base, masterpassPaymentId, paymentId: String(paymentId) }),
    CommitUncertain: ({ masterpassPaymentId }) => ({ ...base, masterpassPaymentId }),
    Failed: ({ masterpassPaymentId, reason }) => ({
      ...base,
      reason,
      ...(masterpassPaymentId === undefined ? {} : { masterpassPaymentId })
    })
  })
}
