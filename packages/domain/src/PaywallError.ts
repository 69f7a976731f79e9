/**
 * The typed failures of a Paywall call. Each is a serialisable `Schema.TaggedError`
 * whose `_tag` is its class name, and none ever carries a credential.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type * as PaywallEnvelope from "./PaywallEnvelope.js"

/**
 * The most characters of a response body an error keeps.
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 *
 * PaywallError.maxExcerptLength // 512
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const maxExcerptLength = 512

/**
 * Cuts a response body to {@link maxExcerptLength} characters for an error.
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 *
 * PaywallError.excerpt("<html>".repeat(1000)).length // 513: 512 characters and an ellipsis
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const excerpt = (body: string): string =>
  body.length <= maxExcerptLength ? body : `${body.slice(0, maxExcerptLength)}…`

const withStatus = (status: number | undefined) => status === undefined ? "" : ` (HTTP ${status})`

const withAttempts = (attempts: number) => attempts === 1 ? "" : ` after ${attempts} attempts`

/**
 * How many attempts were made before the call ended (1 when it was not retried).
 */
const attempts = Schema.optionalWith(Schema.Int.pipe(Schema.positive()), { default: () => 1 })

/**
 * Why no usable answer arrived:
 * - `RequestFailed`: no response (refused, reset, DNS failure, aborted, invalid URL);
 * - `BodyFailed`: the status line arrived but the body could not be read to its end;
 * - `Timeout`: no complete answer in time;
 * - `HttpStatus`: an HTTP status outside 2xx whose body is not a Paywall envelope.
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
export const TransportReason = Schema.Literal("RequestFailed", "BodyFailed", "Timeout", "HttpStatus")

/**
 * No usable answer: no response at all, or an HTTP status with no envelope to read.
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 *
 * const error = new PaywallError.PaywallTransportError({ reason: "HttpStatus", description: "HTTP 503 without a Paywall envelope", status: 503 })
 * error.message // "Paywall transport failure, HttpStatus (HTTP 503): HTTP 503 without a Paywall envelope"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class PaywallTransportError extends Schema.TaggedError<PaywallTransportError>()("PaywallTransportError", {
  reason: TransportReason,
  description: Schema.String,
  status: Schema.optionalWith(Schema.Int, { exact: true }),
  bodyExcerpt: Schema.optionalWith(Schema.String, { exact: true }),
  attempts
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Paywall transport failure, ${this.reason}${withStatus(this.status)}${
      withAttempts(this.attempts)
    }: ${this.description}`
  }
}

/**
 * Paywall answered with a failure envelope (`ErrorCode` != 0 or `Result` false).
 * `errorCode` is Paywall's number and `paywallMessage` its (localised) `Message`: Paywall's
 * own error tables disagree, so no name is guessed for the code.
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
  attempts
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
 * A response arrived but is not a valid answer: not JSON, not an envelope, or a success
 * without a session. `issue` is the formatted schema issue.
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
 * The error for an HTTP status outside 2xx whose body (already scrubbed of secrets) is not a
 * Paywall envelope.
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 *
 * PaywallError.unexpectedStatus(503, "<h1>Service Unavailable</h1>").reason // "HttpStatus"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const unexpectedStatus = (status: number, body: string): PaywallTransportError =>
  new PaywallTransportError({
    reason: "HttpStatus",
    description: `HTTP ${status} without a Paywall envelope`,
    status,
    bodyExcerpt: excerpt(body)
  })

/**
 * The error for a 2xx answer whose body (already scrubbed of secrets) is not JSON.
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 *
 * PaywallError.notJson(200, "<html>").issue // "the body is not JSON"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const notJson = (status: number, body: string): PaywallDecodeError =>
  new PaywallDecodeError({ status, issue: "the body is not JSON", bodyExcerpt: excerpt(body) })

/**
 * The error for a failure envelope: Paywall's `ErrorCode`, `ErrorCodeType` and its text
 * (`Message`, else `ErrorMessage`), passed through `scrub` in case it echoes a secret.
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 *
 * PaywallError.fromEnvelope({ ErrorCode: 56, Message: "Masterpass payment not found" }, 200).errorCode // 56
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromEnvelope = (
  envelope: Pick<PaywallEnvelope.AnyEnvelope, "ErrorCode" | "ErrorCodeType" | "Message" | "ErrorMessage">,
  status: number,
  scrub: (text: string) => string = (text) => text
): PaywallEnvelopeError => {
  const text = envelope.Message || envelope.ErrorMessage
  return new PaywallEnvelopeError({
    errorCode: envelope.ErrorCode,
    ...(typeof envelope.ErrorCodeType === "number" ? { errorCodeType: envelope.ErrorCodeType } : {}),
    ...(text ? { paywallMessage: scrub(text) } : {}),
    status
  })
}

/**
 * The same error, reporting `attempts` attempts.
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 *
 * const error = new PaywallError.PaywallTransportError({ reason: "Timeout", description: "no answer in time" })
 * PaywallError.setAttempts(error, 3).attempts // 3
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const setAttempts = (error: PaywallError, attempts: number): PaywallError => {
  switch (error._tag) {
    case "PaywallTransportError":
      return new PaywallTransportError({ ...error, attempts })
    case "PaywallEnvelopeError":
      return new PaywallEnvelopeError({ ...error, attempts })
    case "PaywallDecodeError":
      return new PaywallDecodeError({ ...error, attempts })
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
export const PaywallError = Schema.Union(PaywallTransportError, PaywallEnvelopeError, PaywallDecodeError)

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
