/**
 * The shop's own API, declared once as data (`HttpApi`): what its page calls. Paywall is behind
 * it; every answer carries what Paywall answered during the step (`paywall`), and every error is
 * one of `ShopError`'s, with the same. Card data never passes here: the page starts a purchase
 * with Paywall's browser SDK and hands the shop only the payment's ids.
 */
import * as HttpApi from "@effect/platform/HttpApi"
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as Schema from "effect/Schema"
import { OrderView } from "./Order.js"
import {
  InvalidInput,
  NoMasterpassAccount,
  NotLinked,
  OrderNotFound,
  OtpExpired,
  OutOfStep,
  PaywallRefused,
  PaywallUnavailable,
  WrongOtp
} from "./ShopError.js"
import { PaywallTrace } from "./Transcript.js"

const step = { paywall: PaywallTrace }

/** The signed-in shopper (the demo has one), phone masked. */
export const Shopper = Schema.Struct({ userId: Schema.String, phone: Schema.String })
export type Shopper = typeof Shopper.Type

/** A saved card as the page lists it: Masterpass's alias and masked number, nothing more. */
export const CardView = Schema.Struct({
  alias: Schema.String,
  maskedNumber: Schema.String,
  productName: Schema.optionalWith(Schema.String, { exact: true }),
  isDefault: Schema.Boolean
})

/** The shopper's saved cards, when their account is linked to the shop. */
export const Cards = Schema.Struct({ cards: Schema.Array(CardView), ...step })
export type Cards = typeof Cards.Type

/** Where a link (or a resend) left the shopper: an OTP to type (sent by the bank or Masterpass), or linked. */
export const LinkStep = Schema.Struct({
  otp: Schema.NullOr(Schema.Literal("bank", "masterpass")),
  ...step
})
export type LinkStep = typeof LinkStep.Type

/** The code the shopper typed. */
export const OtpCode = Schema.Struct({ code: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(12)) })

/** What the page may order. */
export const Product = Schema.Literal("mug", "tea")
export type Product = typeof Product.Type

/** What the shop sells, in Turkish lira; the price is the shop's, never the page's. */
export const catalogue: { readonly [P in Product]: { readonly item: string; readonly amount: number } } = {
  mug: { item: "Ceramic mug", amount: 149.9 },
  tea: { item: "Black tea, 1 kg", amount: 320 }
}

/** An order of one product. */
export const NewOrder = Schema.Struct({ product: Product })

/** An order after a step. */
export const OrderAnswer = Schema.Struct({ order: OrderView, ...step })
export type OrderAnswer = typeof OrderAnswer.Type

/** The shopper's orders, oldest first: nothing is ever dropped. */
export const OrderList = Schema.Struct({ orders: Schema.Array(OrderView) })
export type OrderList = typeof OrderList.Type

/** How the shopper pays an order: with an OTP, or through the 3D Secure page of their bank. */
export const PayWith = Schema.Struct({ threeD: Schema.Boolean })

/**
 * What the page needs to call the browser SDK for an order: where it is, the token it takes, and
 * the purchase to ask for (the payment's merchant code, the shop's price, and for 3D the shop's
 * callback address as both back URLs).
 */
export const SdkAccess = Schema.Struct({
  sdkUrl: Schema.String,
  token: Schema.String,
  purchase: Schema.Struct({
    orderId: Schema.String,
    amount: Schema.Number,
    threeD: Schema.optionalWith(Schema.Struct({ successUrl: Schema.String, failUrl: Schema.String }), { exact: true })
  }),
  ...step
})
export type SdkAccess = typeof SdkAccess.Type

/**
 * What the browser SDK answered when it started the order's payment: awaiting the shopper's OTP
 * (`otpToken`), or, without one, its 3D step (the page then goes to the SDK's 3D address).
 */
export const PaymentStarted = Schema.Struct({
  masterpassPaymentId: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(100)),
  merchantUniqueCode: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(100)),
  otpToken: Schema.optionalWith(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(200)), { exact: true })
})
export type PaymentStarted = typeof PaymentStarted.Type

/** Where the shop receives Paywall's 3D callback (a form the 3D page posts through the shopper's browser). */
export const callbackPath = "/paywall/3d-callback"

const OrderPath = Schema.Struct({ orderId: Schema.String.pipe(Schema.pattern(/^order-[0-9a-f]{8}$/)) })

/** The shop's endpoints, under `/api`; every one may fail with any `ShopError` (each with its status). */
export class ShopGroup extends HttpApiGroup.make("shop")
  .add(HttpApiEndpoint.get("shopper", "/shopper").addSuccess(Shopper))
  .add(HttpApiEndpoint.get("cards", "/cards").addSuccess(Cards))
  .add(HttpApiEndpoint.post("link", "/link").addSuccess(LinkStep))
  .add(HttpApiEndpoint.post("verifyLink", "/link/otp").setPayload(OtpCode).addSuccess(LinkStep))
  .add(HttpApiEndpoint.post("resendLinkOtp", "/link/otp/resend").addSuccess(LinkStep))
  .add(HttpApiEndpoint.get("orders", "/orders").addSuccess(OrderList))
  .add(HttpApiEndpoint.post("order", "/orders").setPayload(NewOrder).addSuccess(OrderAnswer))
  .add(
    HttpApiEndpoint.post("sdkToken", "/orders/:orderId/sdk-token").setPath(OrderPath).setPayload(PayWith)
      .addSuccess(SdkAccess)
  )
  .add(
    HttpApiEndpoint.post("paymentStarted", "/orders/:orderId/payment").setPath(OrderPath).setPayload(PaymentStarted)
      .addSuccess(OrderAnswer)
  )
  .add(
    HttpApiEndpoint.post("verifyPayment", "/orders/:orderId/otp").setPath(OrderPath).setPayload(OtpCode)
      .addSuccess(OrderAnswer)
  )
  .add(
    HttpApiEndpoint.post("resendPaymentOtp", "/orders/:orderId/otp/resend").setPath(OrderPath).addSuccess(OrderAnswer)
  )
  .add(HttpApiEndpoint.post("commit", "/orders/:orderId/commit").setPath(OrderPath).addSuccess(OrderAnswer))
  .add(HttpApiEndpoint.post("refund", "/orders/:orderId/refund").setPath(OrderPath).addSuccess(OrderAnswer))
  .add(HttpApiEndpoint.get("callbackStep", "/orders/:orderId/callback").setPath(OrderPath).addSuccess(OrderAnswer))
  .addError(InvalidInput)
  .addError(OrderNotFound)
  .addError(OutOfStep)
  .addError(NotLinked)
  .addError(NoMasterpassAccount)
  .addError(WrongOtp)
  .addError(OtpExpired)
  .addError(PaywallRefused)
  .addError(PaywallUnavailable)
  .prefix("/api")
{}

/** The shop's API: the server (`Checkout`) and the tests' client are derived from it. */
export class ShopApi extends HttpApi.make("checkout").add(ShopGroup) {}
