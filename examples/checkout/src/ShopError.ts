/**
 * The shop's own errors, as its API answers them: each with an HTTP status, a message for the
 * shopper, and, where they apply, what Paywall answered during the step and the order as it
 * stands after it (so the page shows that nothing was lost). Every Paywall failure maps to one
 * of them ({@link fromPaywall}); the typed Paywall error itself goes to the backend's log.
 */
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import type { PaywallError } from "@paywall-effect/domain"
import type { SessionStore } from "@paywall-effect/http"
import * as Schema from "effect/Schema"
import { OrderView } from "./Order.js"
import { PaywallTrace } from "./Transcript.js"

const fields = {
  message: Schema.String,
  paywall: Schema.optionalWith(PaywallTrace, { exact: true }),
  order: Schema.optionalWith(OrderView, { exact: true })
}

/** The request cannot be made (a field is missing or malformed): nothing was sent. */
export class InvalidInput
  extends Schema.TaggedError<InvalidInput>()("InvalidInput", fields, HttpApiSchema.annotations({ status: 400 }))
{}

/** No such order for this shopper. */
export class OrderNotFound
  extends Schema.TaggedError<OrderNotFound>()("OrderNotFound", fields, HttpApiSchema.annotations({ status: 404 }))
{}

/** The step does not fit where the order (or the link) is: paying a paid order, an OTP nobody asked for. */
export class OutOfStep
  extends Schema.TaggedError<OutOfStep>()("OutOfStep", fields, HttpApiSchema.annotations({ status: 409 }))
{}

/** The shopper's Masterpass account is not linked to the shop: link it first. */
export class NotLinked
  extends Schema.TaggedError<NotLinked>()("NotLinked", fields, HttpApiSchema.annotations({ status: 409 }))
{}

/** The shopper has no Masterpass account: adding a card (in Masterpass) makes one. */
export class NoMasterpassAccount extends Schema.TaggedError<NoMasterpassAccount>()(
  "NoMasterpassAccount",
  fields,
  HttpApiSchema.annotations({ status: 404 })
) {}

/** The OTP code is wrong: the same token may be tried again. */
export class WrongOtp
  extends Schema.TaggedError<WrongOtp>()("WrongOtp", fields, HttpApiSchema.annotations({ status: 422 }))
{}

/** The OTP token is expired or unknown: ask for a new code (resend). */
export class OtpExpired
  extends Schema.TaggedError<OtpExpired>()("OtpExpired", fields, HttpApiSchema.annotations({ status: 410 }))
{}

/** Paywall or Masterpass refused the step (an envelope `ErrorCode`, another Masterpass code). */
export class PaywallRefused
  extends Schema.TaggedError<PaywallRefused>()("PaywallRefused", fields, HttpApiSchema.annotations({ status: 422 }))
{}

/** No usable answer from Paywall (or the session store): try again, unless the outcome is unknown. */
export class PaywallUnavailable extends Schema.TaggedError<PaywallUnavailable>()(
  "PaywallUnavailable",
  fields,
  HttpApiSchema.annotations({ status: 503 })
) {}

/** Every error the shop's API answers with. */
export type ShopError =
  | InvalidInput
  | OrderNotFound
  | OutOfStep
  | NotLinked
  | NoMasterpassAccount
  | WrongOtp
  | OtpExpired
  | PaywallRefused
  | PaywallUnavailable

type Fields = Schema.Struct.Constructor<typeof fields>

const byTag: { readonly [K in ShopError["_tag"]]: new(props: Fields) => ShopError } = {
  InvalidInput,
  OrderNotFound,
  OutOfStep,
  NotLinked,
  NoMasterpassAccount,
  WrongOtp,
  OtpExpired,
  PaywallRefused,
  PaywallUnavailable
}

/** Whether a step's failure is already the shop's own (else it is Paywall's, or the session store's). */
export const isShopError = (
  error: ShopError | PaywallError.PaywallError | SessionStore.SessionStoreError
): error is ShopError => Object.hasOwn(byTag, error._tag)

/** The same error with what Paywall answered during the step and the order after it. */
export const withContext = (
  error: ShopError,
  context: { readonly paywall: PaywallTrace; readonly order?: OrderView | undefined }
): ShopError =>
  new byTag[error._tag]({
    message: error.message,
    paywall: context.paywall,
    ...(context.order === undefined ? {} : { order: context.order })
  })

/**
 * What a Paywall failure means to the shopper. Masterpass's exception codes say which step to
 * take next; the envelope's refusals and every failure without a usable answer are told apart,
 * and a call that may have reached Paywall unanswered says so (it is not tried again).
 */
export const fromPaywall = (error: PaywallError.PaywallError | SessionStore.SessionStoreError): ShopError => {
  switch (error._tag) {
    case "PaywallMasterpassError":
      switch (error.exceptionCode) {
        case "ACCOUNT_NOT_LINKED_TO_MERCHANT":
          return new NotLinked({ message: "Your Masterpass account is not linked to this shop yet: link it first." })
        case "USER_NOT_FOUND":
        case "ACCOUNT_NOT_FOUND":
          return new NoMasterpassAccount({
            message: "You have no Masterpass account yet: saving a card with Masterpass makes one."
          })
        case "OTP_IS_NOT_VALID":
          return new WrongOtp({ message: "That is not the code we sent: check the SMS and try again." })
        case "TOKEN_HAS_EXPIRED":
        case "TOKEN_IS_NOT_VALID":
          return new OtpExpired({ message: "This code has expired: ask for a new one." })
        default:
          return new PaywallRefused({ message: `Masterpass refused: ${error.message}` })
      }
    case "PaywallEnvelopeError":
      return new PaywallRefused({
        message: `Paywall refused (ErrorCode ${error.errorCode})${
          error.paywallMessage ? `: ${error.paywallMessage}` : ""
        }`
      })
    case "PaywallRequestError":
      return new InvalidInput({ message: `Invalid ${error.fields.join(", ")}: nothing was sent.` })
    case "PaywallTransportError":
    case "PaywallHttpError":
      return new PaywallUnavailable({
        message: error.outcomeUnknown
          ? "Paywall did not say whether this went through: the shop checks before trying again."
          : "Paywall could not be reached: try again in a moment."
      })
    case "PaywallDecodeError":
      return new PaywallUnavailable({ message: "Paywall's answer could not be read: try again in a moment." })
    case "SessionStoreError":
      return new PaywallUnavailable({ message: "The shop could not reach its session store: try again in a moment." })
  }
}
