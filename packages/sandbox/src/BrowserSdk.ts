/**
 * The sandbox's stand-in for Paywall's browser SDK. In Paywall's flow the shopper's browser, not
 * the merchant's backend, starts a Masterpass purchase (card data never reaches the merchant):
 * the page calls the SDK with a temporary token, the SDK answers with the payment's ids and the
 * next step, and the page hands those to the backend, which verifies the OTP and commits. The
 * sandbox serves that one step at {@link purchasePath}, for pages on any origin (CORS), so a
 * merchant's page can run the whole flow against it.
 *
 * @since 0.5.0
 */
import * as Schema from "effect/Schema"

/**
 * Where the sandbox serves the purchase (`POST`, JSON body {@link PurchaseRequest}).
 *
 * @example
 * ```ts
 * import { BrowserSdk } from "@paywall-effect/sandbox"
 *
 * const url = (sandboxUrl: string) => `${sandboxUrl}${BrowserSdk.purchasePath}`
 * ```
 *
 * @since 0.5.0
 * @category constants
 */
export const purchasePath = "/sandbox/sdk/purchase"

const Text = Schema.String.pipe(Schema.minLength(1), Schema.maxLength(100))

/**
 * A purchase with a saved card, as a page asks the SDK for it. `token` is the SDK temp token the
 * merchant's backend got with a Masterpass session (`MasterpassClient.createSdkToken`, or the
 * wallet's) and handed to the page; the purchase is for that session's user, until the token
 * expires. `orderId` becomes the payment's `MerchantUniqueCode`.
 *
 * @example
 * ```ts
 * import { BrowserSdk } from "@paywall-effect/sandbox"
 * import { Schema } from "effect"
 *
 * const request = Schema.decodeUnknownSync(BrowserSdk.PurchaseRequest)({
 *   token: "22ae3b5a-8eb0-41cc-88c7-219e25b95441",
 *   cardAlias: "Personal card",
 *   amount: 149.9,
 *   orderId: "order-1"
 * })
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const PurchaseRequest = Schema.Struct({
  token: Text,
  cardAlias: Text,
  /** In Turkish lira, with at most two decimals. */
  amount: Schema.Number.pipe(
    Schema.positive(),
    Schema.lessThanOrEqualTo(1_000_000),
    Schema.filter((amount) => Math.round(amount * 100) / 100 === amount, { message: () => "at most two decimals" })
  ),
  orderId: Text,
  /**
   * The merchant's back URLs (`MerchantSuccessBackUrl`, `MerchantFailBackUrl`): with them the
   * purchase takes the 3D step, and the 3D page posts Paywall's signed callback form to one.
   */
  threeD: Schema.optionalWith(
    Schema.Struct({
      successUrl: Schema.String.pipe(Schema.maxLength(2000)),
      failUrl: Schema.String.pipe(Schema.maxLength(2000))
    }),
    { exact: true }
  )
}).annotations({ identifier: "PurchaseRequest" })

/**
 * The purchase started: it awaits the OTP the user received (`otpToken`: the page sends it and
 * `masterpassPaymentId`, with the user's code, to the merchant's backend, which verifies the
 * payment) or, for a purchase with back URLs, its 3D step (`redirectUrl`: the page sends the
 * user's browser there; the 3D page posts the callback to a back URL).
 *
 * @example
 * ```ts
 * import type { BrowserSdk } from "@paywall-effect/sandbox"
 *
 * const next = (answer: BrowserSdk.PurchaseAnswer) =>
 *   "otpToken" in answer ? `ask for the code of ${answer.masterpassPaymentId}` : `go to ${answer.redirectUrl}`
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const PurchaseAnswer = Schema.Union(
  Schema.Struct({ masterpassPaymentId: Schema.String, merchantUniqueCode: Schema.String, otpToken: Schema.String }),
  Schema.Struct({ masterpassPaymentId: Schema.String, merchantUniqueCode: Schema.String, redirectUrl: Schema.String })
).annotations({ identifier: "PurchaseAnswer" })

/**
 * The purchase answer's type.
 *
 * @example
 * ```ts
 * import type { BrowserSdk } from "@paywall-effect/sandbox"
 *
 * const id = (answer: BrowserSdk.PurchaseAnswer) => answer.masterpassPaymentId
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type PurchaseAnswer = typeof PurchaseAnswer.Type

/**
 * A refused purchase: `code` as Paywall's browser SDK names it (`SESSION_EXPIRED`,
 * `ACCOUNT_NOT_LINKED_TO_MERCHANT`, `CARD_NOT_FOUND`, ...) or `INVALID_REQUEST` with the fields
 * named in `message`; sent with HTTP 400 (invalid request), 401 (a token unknown, expired or
 * without a Masterpass session) or Masterpass's status.
 *
 * @example
 * ```ts
 * import { BrowserSdk } from "@paywall-effect/sandbox"
 * import { Schema } from "effect"
 *
 * const refused = Schema.decodeUnknownSync(BrowserSdk.PurchaseFailure)({ code: "CARD_NOT_FOUND", message: "Kart bulunamadı." })
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const PurchaseFailure = Schema.Struct({
  code: Schema.String,
  message: Schema.String
}).annotations({ identifier: "PurchaseFailure" })
