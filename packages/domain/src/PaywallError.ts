/**
 * The typed failures of a Paywall call. Each is a serialisable `Schema.TaggedError`
 * whose `_tag` is its class name, and none ever carries a credential.
 *
 * @since 0.1.0
 */
import * as Arr from "effect/Array"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { SessionState } from "./MasterpassSession.js"

const withStatus = (status: number | undefined) => status === undefined ? "" : ` (HTTP ${status})`

const withAttempts = (attempts: number) => attempts === 1 ? "" : ` after ${attempts} attempts`

/**
 * How many attempts were made before the call ended (1 when it was not retried).
 */
const attempts = Schema.optionalWith(Schema.Int.pipe(Schema.positive()), { default: () => 1 })

/**
 * Set on the failure of a call that must not be sent twice (`idempotent: false`) when the
 * request may have reached Paywall: it was not retried, and whether Paywall acted on it is unknown.
 */
const outcomeUnknown = Schema.optionalWith(Schema.Literal(true), { exact: true })

const withOutcome = (unknown: true | undefined) =>
  unknown ? "; the request may have reached Paywall, so its outcome is unknown (not retried)" : ""

/** The session a failure's `Body` named (to use from now on), where it had one. */
const session = Schema.optionalWith(SessionState, { exact: true })

/**
 * The request was invalid, so nothing was sent. `fields` names each invalid field as the
 * request names it (`userPhone`, `referenceCode`, ...); values are never kept, as some are personal.
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 *
 * const error = new PaywallError.PaywallRequestError({ endpoint: "createSession", fields: ["userPhone"] })
 * error.message // "Invalid createSession request, nothing was sent: userPhone"
 * ```
 *
 * @since 0.2.0
 * @category errors
 */
export class PaywallRequestError extends Schema.TaggedError<PaywallRequestError>()("PaywallRequestError", {
  endpoint: Schema.String,
  fields: Schema.Array(Schema.String),
  /** Why, when it is not the fields' values (a key pair the endpoint needs is not configured). */
  reason: Schema.optionalWith(Schema.String, { exact: true })
}) {
  /**
   * The error for a request of `endpoint` that failed its schema: each failing path, no value.
   *
   * @example
   * ```ts
   * import { PaywallError } from "@paywall-effect/domain"
   * import { Either, Schema } from "effect"
   *
   * const failed = Schema.decodeUnknownEither(Schema.Struct({ UserId: Schema.String }))({})
   * if (Either.isLeft(failed)) PaywallError.PaywallRequestError.fromParseError("createSession", failed.left).fields // ["UserId"]
   * ```
   *
   * @since 0.2.0
   */
  static fromParseError(endpoint: string, error: ParseResult.ParseError): PaywallRequestError {
    const fields = ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => issue.path.join(".") || "request")
    return new PaywallRequestError({ endpoint, fields: Arr.dedupe(fields) })
  }

  /**
   * @since 0.2.0
   */
  override get message(): string {
    const reason = this.reason === undefined ? "" : ` (${this.reason})`
    return `Invalid ${this.endpoint} request, nothing was sent: ${this.fields.join(", ")}${reason}`
  }
}

/**
 * Why no complete answer arrived:
 * - `RequestFailed`: no response (refused, reset, DNS failure, aborted);
 * - `BodyFailed`: the status line arrived but the body could not be read to its end;
 * - `Timeout`: no complete answer in time.
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.is(PaywallError.TransportReason)("Timeout") // true
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const TransportReason = Schema.Literal("RequestFailed", "BodyFailed", "Timeout")

/**
 * No complete answer: no response at all, a body that broke off, or no answer in time.
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 *
 * const error = new PaywallError.PaywallTransportError({ reason: "Timeout", description: "no complete answer within 10s" })
 * error.message // "Paywall transport failure, Timeout: no complete answer within 10s"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class PaywallTransportError extends Schema.TaggedError<PaywallTransportError>()("PaywallTransportError", {
  reason: TransportReason,
  description: Schema.String,
  status: Schema.optionalWith(Schema.Int, { exact: true }),
  attempts,
  outcomeUnknown
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Paywall transport failure, ${this.reason}${withStatus(this.status)}${
      withAttempts(this.attempts)
    }: ${this.description}${withOutcome(this.outcomeUnknown)}`
  }
}

/**
 * An answer arrived with a status outside 2xx and no Paywall envelope in its body: an error
 * page, a gateway's answer, or a redirect (never followed: credentials go to the configured
 * origin only). `bodyExcerpt` is the start of the body, scrubbed of secrets.
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 *
 * const error = new PaywallError.PaywallHttpError({ status: 503, bodyExcerpt: "<h1>Service Unavailable</h1>" })
 * error.message // "Paywall answered HTTP 503 without an envelope"
 * ```
 *
 * @since 0.2.0
 * @category errors
 */
export class PaywallHttpError extends Schema.TaggedError<PaywallHttpError>()("PaywallHttpError", {
  status: Schema.Int,
  bodyExcerpt: Schema.optionalWith(Schema.String, { exact: true }),
  /** For a redirect: the origin its `Location` pointed to (never its path or query). */
  redirectTo: Schema.optionalWith(Schema.String, { exact: true }),
  attempts,
  outcomeUnknown
}) {
  /**
   * @since 0.2.0
   */
  override get message(): string {
    const target = this.redirectTo === undefined ? "" : ` to ${this.redirectTo}`
    const redirect = this.status >= 300 && this.status < 400 ? ` (a redirect${target}, not followed)` : ""
    return `Paywall answered HTTP ${this.status}${redirect} without an envelope${withAttempts(this.attempts)}${
      withOutcome(this.outcomeUnknown)
    }`
  }
}

/**
 * Paywall answered with a failure envelope (`ErrorCode` != 0 or `Result` false).
 * `errorCode` is Paywall's number and `paywallMessage` its (localised) `Message`: Paywall's
 * own error tables disagree, so no name is guessed for the code. `session` is the session the
 * failure's `Body` named (Masterpass services send one, possibly renewed): use it from now on.
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 *
 * const error = new PaywallError.PaywallEnvelopeError({ errorCode: 56, paywallMessage: "Masterpass payment not found", status: 200 })
 * error.message // "Paywall refused the request with ErrorCode 56: Masterpass payment not found (HTTP 200)"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class PaywallEnvelopeError extends Schema.TaggedError<PaywallEnvelopeError>()("PaywallEnvelopeError", {
  errorCode: Schema.Int,
  errorCodeType: Schema.optionalWith(Schema.Int, { exact: true }),
  paywallMessage: Schema.optionalWith(Schema.String, { exact: true }),
  status: Schema.Int,
  attempts,
  session
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    const text = this.paywallMessage ? `: ${this.paywallMessage}` : ""
    return `Paywall refused the request with ErrorCode ${this.errorCode}${text}${withStatus(this.status)}${
      withAttempts(this.attempts)
    }`
  }
}

/**
 * The `Exception.Code` values Paywall's documentation shows or its browser SDK maps.
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.is(PaywallError.KnownMasterpassExceptionCode)("USER_NOT_FOUND") // true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const KnownMasterpassExceptionCode = Schema.Literal(
  "USER_NOT_FOUND",
  "ACCOUNT_NOT_LINKED_TO_MERCHANT",
  "CARD_NOT_FOUND",
  "TOKEN_HAS_EXPIRED",
  "TOKEN_IS_NOT_VALID",
  "ACCOUNT_NOT_FOUND",
  "OTP_IS_NOT_VALID",
  "CARD_ALREADY_EXISTS",
  "MERCHANT_USER_ID_ALREADY_IN_USE",
  "FRAUD_DETECTED_DUE_TO_REPETITIVE_DELETION",
  "INVALID_ACCOUNT_KEY_IN_TOKEN",
  "INVALID_CARD_NUMBER",
  "INVALID_EXPIRY_DATE",
  "INVALID_CVV",
  "MISSING_CARD_ALIAS",
  "MISSING_CARD_HOLDER_NAME"
)

/**
 * Masterpass's `Exception.Code`: an open string, the documented ones named
 * ({@link KnownMasterpassExceptionCode}).
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.is(PaywallError.MasterpassExceptionCode)("SOMETHING_NEW") // true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const MasterpassExceptionCode = Schema.Union(KnownMasterpassExceptionCode, Schema.String)

/**
 * Masterpass refused the request, as `Body.Masterpass` reports it, whatever the envelope says
 * (Paywall mostly sends these with `ErrorCode` 0 and `Result` true): `exceptionCode`, `level`,
 * `masterpassMessage` (Turkish, as sent) and `statusCode` from Masterpass's `Exception` and
 * `StatusCode`; or, for a `ResponseCode` Paywall does not document (`responseCode`,
 * `description`). `errorCode` is the envelope's, `status` the HTTP status, and `session` the
 * session the answer named (possibly renewed): use it from now on.
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 *
 * const error = new PaywallError.PaywallMasterpassError({
 *   exceptionCode: "USER_NOT_FOUND",
 *   level: "Http403",
 *   masterpassMessage: "Kullanıcı bulunamadı.",
 *   statusCode: 403,
 *   errorCode: 0,
 *   status: 200
 * })
 * error.message // "Masterpass refused the request with USER_NOT_FOUND (Masterpass 403): Kullanıcı bulunamadı. (HTTP 200)"
 * ```
 *
 * @since 0.3.0
 * @category errors
 */
export class PaywallMasterpassError extends Schema.TaggedError<PaywallMasterpassError>()("PaywallMasterpassError", {
  exceptionCode: Schema.optionalWith(MasterpassExceptionCode, { exact: true }),
  level: Schema.optionalWith(Schema.String, { exact: true }),
  masterpassMessage: Schema.optionalWith(Schema.String, { exact: true }),
  statusCode: Schema.optionalWith(Schema.Int, { exact: true }),
  correlationId: Schema.optionalWith(Schema.String, { exact: true }),
  responseCode: Schema.optionalWith(Schema.String, { exact: true }),
  description: Schema.optionalWith(Schema.String, { exact: true }),
  errorCode: Schema.Int,
  status: Schema.Int,
  attempts,
  session
}) {
  /**
   * @since 0.3.0
   */
  override get message(): string {
    const what = this.exceptionCode
      ?? (this.responseCode === undefined ? "an error" : `ResponseCode ${this.responseCode}`)
    const masterpassStatus = this.statusCode === undefined ? "" : ` (Masterpass ${this.statusCode})`
    const text = this.masterpassMessage ?? this.description
    return `Masterpass refused the request with ${what}${masterpassStatus}${text ? `: ${text}` : ""}${
      withStatus(this.status)
    }${withAttempts(this.attempts)}`
  }
}

/**
 * A 2xx answer arrived but is not a valid one: not JSON, not an envelope, too large, or a
 * success whose `Body` is not what the endpoint returns. `issue` is what was wrong.
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 *
 * const error = new PaywallError.PaywallDecodeError({ status: 200, issue: "the body is not JSON" })
 * error.attempts // 1
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class PaywallDecodeError extends Schema.TaggedError<PaywallDecodeError>()("PaywallDecodeError", {
  status: Schema.Int,
  issue: Schema.String,
  bodyExcerpt: Schema.optionalWith(Schema.String, { exact: true }),
  attempts
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Paywall's answer could not be read${withStatus(this.status)}${withAttempts(this.attempts)}: ${this.issue}`
  }
}

/**
 * Any typed failure of a Paywall call, as a schema (to serialise errors) and a type.
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * const json = Schema.encodeSync(PaywallError.PaywallError)(new PaywallError.PaywallDecodeError({ status: 200, issue: "the body is not JSON" }))
 * Schema.decodeUnknownSync(PaywallError.PaywallError)(json)._tag // "PaywallDecodeError"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const PaywallError = Schema.Union(
  PaywallRequestError,
  PaywallTransportError,
  PaywallHttpError,
  PaywallEnvelopeError,
  PaywallMasterpassError,
  PaywallDecodeError
)

/**
 * Any typed failure of a Paywall call.
 *
 * @example
 * ```ts
 * import type { PaywallError } from "@paywall-effect/domain"
 *
 * const describe = (error: PaywallError.PaywallError): string => `${error._tag}: ${error.message}`
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export type PaywallError = typeof PaywallError.Type
