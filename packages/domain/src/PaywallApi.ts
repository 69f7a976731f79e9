/**
 * Paywall's API as data: where its test environment is, how a call authenticates, the zone
 * its bare times are assumed to be in, and every endpoint this library calls, each declared
 * once. The client, the sandbox, the testing kit and the OpenAPI document all read these.
 *
 * @since 0.2.0
 */
import * as CreateSessionRequest from "./CreateSessionRequest.js"
import * as MasterpassAnswer from "./MasterpassAnswer.js"
import * as MasterpassService from "./MasterpassService.js"
import * as MasterpassSession from "./MasterpassSession.js"
import * as PaywallEndpoint from "./PaywallEndpoint.js"
import * as PrivateService from "./PrivateService.js"
import * as SdkToken from "./SdkToken.js"

/**
 * Paywall's test Payment API: the default base URL. Production is always an explicit setting.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * PaywallApi.testBaseUrl // "https://test-payment-api.itspaywall.com"
 * ```
 *
 * @since 0.2.0
 * @category constants
 */
export const testBaseUrl = "https://test-payment-api.itspaywall.com"

/**
 * Paywall's test Payment Private API (payment query, cancel, refund): the default base URL of
 * endpoints declared with `api: "private"`. Production is always an explicit setting.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * PaywallApi.testPrivateBaseUrl // "https://test-payment-private-api.itspaywall.com"
 * ```
 *
 * @since 0.5.0
 * @category constants
 */
export const testPrivateBaseUrl = "https://test-payment-private-api.itspaywall.com"

/**
 * The headers that carry the merchant's key pairs: the private pair on every server-side call,
 * the public pair on the temp-token services (both stay server-side).
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * Object.values(PaywallApi.credentialHeaders.private) // ["apikeyprivate", "apiclientprivate"]
 * ```
 *
 * @since 0.2.0
 * @category constants
 */
export const credentialHeaders = {
  private: { apiKey: "apikeyprivate", apiClient: "apiclientprivate" },
  public: { apiKey: "apikeypublic", apiClient: "apiclientpublic" }
} as const

/**
 * Every credential header name, for redaction in traces and logs.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * PaywallApi.credentialHeaderNames // ["apikeyprivate", "apiclientprivate", "apikeypublic", "apiclientpublic"]
 * ```
 *
 * @since 0.5.0
 * @category constants
 */
export const credentialHeaderNames: ReadonlyArray<string> = Object.values(credentialHeaders).flatMap(Object.values)

/**
 * The zone a bare expiry time (`2025-07-27T11:24:57`) is read in by default. Paywall does not
 * document it; Europe/Istanbul (Paywall is a Turkish service) is an assumption, hence a setting.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * PaywallApi.defaultExpiryTimeZone // "Europe/Istanbul"
 * ```
 *
 * @since 0.2.0
 * @category constants
 */
export const defaultExpiryTimeZone = "Europe/Istanbul"

// Each declaration is marked pure: a bundle keeps only those its code calls (an app that only creates
// sessions carries no Private API schemas).
/**
 * Masterpass Create Session: `POST /api/paywall/masterpass/session` with a
 * {@link CreateSessionRequest.CreateSessionRequest}; the `Body` of its success is the session.
 * Not idempotent for Paywall (a second call makes a second session) but harmless to repeat:
 * the first session is simply never used.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * `${PaywallApi.createSession.method} ${PaywallApi.createSession.path}` // "POST /api/paywall/masterpass/session"
 * ```
 *
 * @since 0.2.0
 * @category endpoints
 */
export const createSession = /* @__PURE__ */ PaywallEndpoint.make({
  name: "createSession",
  method: "POST",
  path: "/api/paywall/masterpass/session",
  request: CreateSessionRequest.CreateSessionRequest,
  phones: (body) => [body.UserPhone],
  reply: ({ expiryTimeZone }) => MasterpassSession.fromSessionBody(expiryTimeZone),
  idempotent: true
})

/**
 * The temp token for Paywall's browser SDK: `POST /api/paywall/temptoken/sdk` with the merchant's
 * public key pair, optionally creating a Masterpass session with it. Repeating it makes another
 * token (and session), harmlessly, as Create Session does.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * PaywallApi.createSdkToken.credentials // "public"
 * ```
 *
 * @since 0.5.0
 * @category endpoints
 */
export const createSdkToken = /* @__PURE__ */ PaywallEndpoint.make({
  name: "createSdkToken",
  method: "POST",
  path: "/api/paywall/temptoken/sdk",
  request: SdkToken.SdkTokenRequestWire,
  credentials: "public",
  phones: (body) => [body.MasterpassSession?.UserPhone],
  reply: ({ expiryTimeZone }) => SdkToken.fromTokenBody(expiryTimeZone),
  idempotent: true
})

/**
 * Card list: a GET with the session in the `sessionid` header and no body; the user's account and saved cards.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * `${PaywallApi.listCards.method} ${PaywallApi.listCards.path}` // "GET /api/paywall/masterpass/card/list"
 * ```
 *
 * @since 0.3.0
 * @category endpoints
 */
export const listCards = /* @__PURE__ */ PaywallEndpoint.make({
  name: "listCards",
  method: "GET",
  path: "/api/paywall/masterpass/card/list",
  request: MasterpassService.ListCardsRequest,
  headers: ["sessionid"],
  reply: () => MasterpassService.CardListFromBody,
  failure: MasterpassAnswer.readFailure,
  idempotent: true
})

/**
 * Delete card: a DELETE whose JSON body is `{CardAlias, SessionId}`. Repeating it at worst answers `CARD_NOT_FOUND`.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * `${PaywallApi.deleteCard.method} ${PaywallApi.deleteCard.path}` // "DELETE /api/paywall/masterpass/card/delete"
 * ```
 *
 * @since 0.3.0
 * @category endpoints
 */
export const deleteCard = /* @__PURE__ */ PaywallEndpoint.make({
  name: "deleteCard",
  method: "DELETE",
  path: "/api/paywall/masterpass/card/delete",
  request: MasterpassService.DeleteCardRequest,
  reply: () => MasterpassService.CardDeletedFromBody,
  failure: MasterpassAnswer.readFailure,
  idempotent: true
})

/**
 * Link the user's Masterpass account to the merchant: normally an OTP step (`5001`) for `verifyOtp` with `ForLinkToMerchant`. Repeating it asks for another OTP, harmlessly.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * `${PaywallApi.linkToMerchant.method} ${PaywallApi.linkToMerchant.path}` // "POST /api/paywall/masterpass/merchant/link"
 * ```
 *
 * @since 0.3.0
 * @category endpoints
 */
export const linkToMerchant = /* @__PURE__ */ PaywallEndpoint.make({
  name: "linkToMerchant",
  method: "POST",
  path: "/api/paywall/masterpass/merchant/link",
  request: MasterpassService.SessionRequest,
  reply: () => MasterpassService.OtpStepFromBody,
  failure: MasterpassAnswer.readFailure,
  idempotent: true
})

/**
 * Unlink the account from the merchant: a DELETE whose JSON body is `{SessionId}`.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * `${PaywallApi.unlinkFromMerchant.method} ${PaywallApi.unlinkFromMerchant.path}` // "DELETE /api/paywall/masterpass/merchant/unlink"
 * ```
 *
 * @since 0.3.0
 * @category endpoints
 */
export const unlinkFromMerchant = /* @__PURE__ */ PaywallEndpoint.make({
  name: "unlinkFromMerchant",
  method: "DELETE",
  path: "/api/paywall/masterpass/merchant/unlink",
  request: MasterpassService.SessionRequest,
  reply: () => MasterpassService.UnlinkedFromBody,
  failure: MasterpassAnswer.readFailure,
  idempotent: true
})

/**
 * Verify the OTP of a card or link step. Repeating it at worst answers that the token is used or expired.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * `${PaywallApi.verifyOtp.method} ${PaywallApi.verifyOtp.path}` // "POST /api/paywall/masterpass/otp/verify"
 * ```
 *
 * @since 0.3.0
 * @category endpoints
 */
export const verifyOtp = /* @__PURE__ */ PaywallEndpoint.make({
  name: "verifyOtp",
  method: "POST",
  path: "/api/paywall/masterpass/otp/verify",
  request: MasterpassService.VerifyOtpRequest,
  reply: () => MasterpassService.OtpVerifiedFromBody,
  failure: MasterpassAnswer.readFailure,
  idempotent: true
})

/**
 * Resend the OTP of a step: a new step with a new token (use the newest).
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * `${PaywallApi.resendOtp.method} ${PaywallApi.resendOtp.path}` // "POST /api/paywall/masterpass/otp/resend"
 * ```
 *
 * @since 0.3.0
 * @category endpoints
 */
export const resendOtp = /* @__PURE__ */ PaywallEndpoint.make({
  name: "resendOtp",
  method: "POST",
  path: "/api/paywall/masterpass/otp/resend",
  request: MasterpassService.ResendOtpRequest,
  reply: () => MasterpassService.OtpStepFromBody,
  failure: MasterpassAnswer.readFailure,
  idempotent: true
})

/**
 * Verify a payment's OTP (`MasterpassPaymentId` from the browser's payment initiation).
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * `${PaywallApi.verifyPayment.method} ${PaywallApi.verifyPayment.path}` // "POST /api/paywall/masterpass/payment/verify"
 * ```
 *
 * @since 0.3.0
 * @category endpoints
 */
export const verifyPayment = /* @__PURE__ */ PaywallEndpoint.make({
  name: "verifyPayment",
  method: "POST",
  path: "/api/paywall/masterpass/payment/verify",
  request: MasterpassService.VerifyPaymentRequest,
  reply: () => MasterpassService.OtpVerifiedFromBody,
  failure: MasterpassAnswer.readFailure,
  idempotent: true
})

/**
 * Commit (complete) a payment that was not started with `AutoCommit`. It moves money: `idempotent: false`, so the client never sends it twice once it may have reached Paywall, and such a failure says its outcome is unknown.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * `${PaywallApi.commitPayment.method} ${PaywallApi.commitPayment.path}` // "POST /api/paywall/masterpass/payment/commit"
 * ```
 *
 * @since 0.3.0
 * @category endpoints
 */
export const commitPayment = /* @__PURE__ */ PaywallEndpoint.make({
  name: "commitPayment",
  method: "POST",
  path: "/api/paywall/masterpass/payment/commit",
  request: MasterpassService.CommitPaymentRequest,
  reply: () => MasterpassService.PaymentCommittedFromBody,
  failure: MasterpassAnswer.readFailure,
  idempotent: false
})

/**
 * Commit a payment by Paywall's `PaymentId` (a `bigint` on the wire as a JSON number). Its reply is assumed to be the commit's (Paywall shows none). Not idempotent, as `commitPayment`.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * `${PaywallApi.commitPaymentById.method} ${PaywallApi.commitPaymentById.path}` // "POST /api/paywall/masterpass/payment/commit/by/paymentid"
 * ```
 *
 * @since 0.3.0
 * @category endpoints
 */
export const commitPaymentById = /* @__PURE__ */ PaywallEndpoint.make({
  name: "commitPaymentById",
  method: "POST",
  path: "/api/paywall/masterpass/payment/commit/by/paymentid",
  request: MasterpassService.CommitPaymentByIdRequest,
  reply: () => MasterpassService.PaymentCommittedFromBody,
  failure: MasterpassAnswer.readFailure,
  idempotent: false
})

/**
 * Private API: query a payment by the merchant's code, a GET with the `merchantuniquecode`
 * header and no body; the `Body` of its success is the payment.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * `${PaywallApi.queryPayment.method} ${PaywallApi.queryPayment.path}` // "GET /api/paywall/private/query"
 * ```
 *
 * @since 0.5.0
 * @category endpoints
 */
export const queryPayment = /* @__PURE__ */ PaywallEndpoint.make({
  name: "queryPayment",
  method: "GET",
  path: "/api/paywall/private/query",
  api: "private",
  request: PrivateService.QueryByMerchantCodeRequest,
  headers: ["merchantuniquecode"],
  reply: ({ expiryTimeZone }) => PrivateService.fromQueryBody(expiryTimeZone),
  idempotent: true
})

/**
 * Private API: query a payment by Paywall's code, a GET with the `uniquecode` header.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * `${PaywallApi.queryPaymentByUniqueCode.method} ${PaywallApi.queryPaymentByUniqueCode.path}` // "GET /api/paywall/private/query/by/uniquecode"
 * ```
 *
 * @since 0.5.0
 * @category endpoints
 */
export const queryPaymentByUniqueCode = /* @__PURE__ */ PaywallEndpoint.make({
  name: "queryPaymentByUniqueCode",
  method: "GET",
  path: "/api/paywall/private/query/by/uniquecode",
  api: "private",
  request: PrivateService.QueryByUniqueCodeRequest,
  headers: ["uniquecode"],
  reply: ({ expiryTimeZone }) => PrivateService.fromQueryBody(expiryTimeZone),
  idempotent: true
})

/**
 * Private API: cancel a payment on its day. It moves money and Paywall does not say that a second
 * one is harmless: `idempotent: false`, never sent twice once it may have reached Paywall.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * `${PaywallApi.cancelPayment.method} ${PaywallApi.cancelPayment.path}` // "POST /api/paywall/private/cancel"
 * ```
 *
 * @since 0.5.0
 * @category endpoints
 */
export const cancelPayment = /* @__PURE__ */ PaywallEndpoint.make({
  name: "cancelPayment",
  method: "POST",
  path: "/api/paywall/private/cancel",
  api: "private",
  request: PrivateService.CancelRequest,
  reply: () => PrivateService.AcceptedFromBody,
  idempotent: false
})

/**
 * Private API: refund a payment after its day. Not idempotent, as `cancelPayment`.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * `${PaywallApi.refundPayment.method} ${PaywallApi.refundPayment.path}` // "POST /api/paywall/private/refund"
 * ```
 *
 * @since 0.5.0
 * @category endpoints
 */
export const refundPayment = /* @__PURE__ */ PaywallEndpoint.make({
  name: "refundPayment",
  method: "POST",
  path: "/api/paywall/private/refund",
  api: "private",
  request: PrivateService.RefundRequest,
  reply: () => PrivateService.AcceptedFromBody,
  idempotent: false
})

/**
 * Private API: refund part of a payment, its `Amount` written as the decimal's exact digits.
 * Not idempotent: a second one refunds again.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * `${PaywallApi.refundPartially.method} ${PaywallApi.refundPartially.path}` // "POST /api/paywall/private/refund/partial"
 * ```
 *
 * @since 0.5.0
 * @category endpoints
 */
export const refundPartially = /* @__PURE__ */ PaywallEndpoint.make({
  name: "refundPartially",
  method: "POST",
  path: "/api/paywall/private/refund/partial",
  api: "private",
  request: PrivateService.PartialRefundRequest,
  reply: () => PrivateService.AcceptedFromBody,
  idempotent: false
})

/**
 * Private API: cancel-or-refund (Paywall cancels on the payment's day, refunds after it, partially
 * for an amount other than 0 and the payment's). Not idempotent.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * `${PaywallApi.revertPayment.method} ${PaywallApi.revertPayment.path}` // "POST /api/paywall/private/revert"
 * ```
 *
 * @since 0.5.0
 * @category endpoints
 */
export const revertPayment = /* @__PURE__ */ PaywallEndpoint.make({
  name: "revertPayment",
  method: "POST",
  path: "/api/paywall/private/revert",
  api: "private",
  request: PrivateService.RevertRequest,
  reply: () => PrivateService.AcceptedFromBody,
  idempotent: false
})

/**
 * Every endpoint this library calls, by name.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * Object.keys(PaywallApi.endpoints) // ["createSession", "listCards", ...]
 * ```
 *
 * @since 0.2.0
 * @category endpoints
 */
export const endpoints = {
  createSession,
  createSdkToken,
  listCards,
  deleteCard,
  linkToMerchant,
  unlinkFromMerchant,
  verifyOtp,
  resendOtp,
  verifyPayment,
  commitPayment,
  commitPaymentById,
  queryPayment,
  queryPaymentByUniqueCode,
  cancelPayment,
  refundPayment,
  refundPartially,
  revertPayment
} as const
