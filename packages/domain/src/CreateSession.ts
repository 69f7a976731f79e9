/**
 * The outcome record of a Create Session attempt, in the payment orchestrator's
 * `CreateSession` shape (`Type`, `Status`, `Code`, `StatusCode`, `ResponseBody`).
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as MasterpassSession from "./MasterpassSession.js"
import * as PaywallEnvelope from "./PaywallEnvelope.js"
import type * as PaywallError from "./PaywallError.js"

/**
 * `succeeded` when Paywall created a session, `failed` otherwise.
 *
 * @example
 * ```ts
 * import { CreateSession } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.is(CreateSession.Status)("succeeded") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Status = Schema.Literal("succeeded", "failed")

/**
 * `succeeded` or `failed`.
 *
 * @example
 * ```ts
 * import type { CreateSession } from "@paywall-effect/domain"
 *
 * const done = (status: CreateSession.Status) => status === "succeeded"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Status = typeof Status.Type

/**
 * The generic code of a failed attempt (the README's table explains each):
 * - `INVALID_REQUEST`: the request failed validation; nothing was sent.
 * - `CONNECTION_ERROR`: no response arrived (refused, reset, DNS, aborted).
 * - `TIMEOUT`: no complete response arrived in time.
 * - `HTTP_ERROR`: an HTTP error status without a Paywall envelope.
 * - `PAYWALL_ERROR`: Paywall answered with an envelope failure (ErrorCode != 0 or Result false), or Masterpass
 *   refused the request inside the answer (`PaywallMasterpassError`).
 * - `INVALID_RESPONSE`: a response arrived that is not a valid Create Session answer.
 *
 * @example
 * ```ts
 * import { CreateSession } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.is(CreateSession.Code)("TIMEOUT") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Code = Schema.Literal(
  "INVALID_REQUEST",
  "CONNECTION_ERROR",
  "TIMEOUT",
  "HTTP_ERROR",
  "PAYWALL_ERROR",
  "INVALID_RESPONSE"
)

/**
 * The generic code of a failed attempt.
 *
 * @example
 * ```ts
 * import type { CreateSession } from "@paywall-effect/domain"
 *
 * const retryLater = (code: CreateSession.Code) => code === "CONNECTION_ERROR" || code === "TIMEOUT"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Code = typeof Code.Type

/**
 * A JSON object, as received from the payment service. Its arbitrary parses generated JSON
 * text, so values are exactly what a JSON body can hold (no `-0`, no `undefined`).
 */
const JsonObject = Schema.Record({
  // Decoding assigns each key: a `__proto__` key would set the object's prototype instead.
  key: Schema.String.pipe(Schema.filter((key) => key !== "__proto__", { message: () => "no __proto__ key is kept" })),
  value: Schema.Unknown
}).annotations({
  arbitrary: () => (fc) =>
    fc.dictionary(
      fc.string().filter((key) => key !== "__proto__"),
      fc.json({ maxDepth: 2 }).map((text): unknown => JSON.parse(text)),
      { maxKeys: 5 }
    )
})

/**
 * The record of one Create Session attempt. `Type` is always `payment-service-session`;
 * a `failed` record always has a `Code`, a `succeeded` one never does. `StatusCode` is the
 * HTTP status received and `ResponseBody` the JSON object received, where they exist.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { CreateSession } from "@paywall-effect/domain"
 *
 * const record = new CreateSession.CreateSession({ status: "failed", code: "CONNECTION_ERROR" })
 * Schema.encodeSync(CreateSession.CreateSession)(record)
 * // { Type: "payment-service-session", Status: "failed", Code: "CONNECTION_ERROR" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class CreateSession extends Schema.Class<CreateSession>("CreateSession")(
  Schema.Struct({
    type: Schema.optionalWith(Schema.Literal("payment-service-session"), {
      default: () => "payment-service-session"
    }).pipe(Schema.fromKey("Type")),
    status: Schema.propertySignature(Status).pipe(Schema.fromKey("Status")),
    code: Schema.optionalWith(Code, { exact: true }).pipe(Schema.fromKey("Code")),
    statusCode: Schema.optionalWith(Schema.Int, { exact: true }).pipe(Schema.fromKey("StatusCode")),
    responseBody: Schema.optionalWith(JsonObject, { exact: true }).pipe(Schema.fromKey("ResponseBody"))
  }).pipe(
    Schema.filter((record) =>
      (record.status === "failed") === (record.code !== undefined)
      || "a failed record has a Code and a succeeded one has none"
    )
  )
) {}

/**
 * The generic {@link Code} of a failure.
 *
 * @example
 * ```ts
 * import { CreateSession, PaywallError } from "@paywall-effect/domain"
 *
 * CreateSession.codeOf(new PaywallError.PaywallTransportError({ reason: "Timeout", description: "no answer" })) // "TIMEOUT"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const codeOf = (error: PaywallError.PaywallError): Code => {
  switch (error._tag) {
    case "PaywallRequestError":
      return "INVALID_REQUEST"
    case "PaywallEnvelopeError":
    case "PaywallMasterpassError":
      return "PAYWALL_ERROR"
    case "PaywallDecodeError":
      return "INVALID_RESPONSE"
    case "PaywallHttpError":
      return "HTTP_ERROR"
    case "PaywallTransportError":
      return error.reason === "Timeout" ? "TIMEOUT" : "CONNECTION_ERROR"
  }
}

/**
 * The record of a finished attempt: `succeeded` for a session, else `failed` with the
 * error's {@link Code}; with the HTTP status and the JSON body (when it is an object) that
 * arrived, if any.
 *
 * @example
 * ```ts
 * import { CreateSession, PaywallError } from "@paywall-effect/domain"
 * import { Either } from "effect"
 *
 * CreateSession.fromResult(
 *   Either.left(new PaywallError.PaywallEnvelopeError({ errorCode: 56, status: 200 })),
 *   { statusCode: 200, responseBody: { ErrorCode: 56, Result: false } }
 * ) // Status "failed", Code "PAYWALL_ERROR"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromResult = (
  result: Either.Either<unknown, PaywallError.PaywallError>,
  answer: { readonly statusCode?: number | undefined; readonly responseBody?: unknown }
): CreateSession =>
  new CreateSession({
    status: Either.isRight(result) ? "succeeded" : "failed",
    ...(Either.isLeft(result) ? { code: codeOf(result.left) } : {}),
    ...(answer.statusCode === undefined ? {} : { statusCode: answer.statusCode }),
    ...(Predicate.isRecord(answer.responseBody) ? { responseBody: answer.responseBody } : {})
  })

const decodeAnswer = Schema.decodeUnknownOption(PaywallEnvelope.PaywallEnvelope(MasterpassSession.SessionBody))

/**
 * The session in a `succeeded` record's `ResponseBody`, as Paywall sent it (for apps that
 * keep records and need the `SessionId` back).
 *
 * @example
 * ```ts
 * import { CreateSession } from "@paywall-effect/domain"
 *
 * const record = new CreateSession.CreateSession({
 *   status: "succeeded",
 *   statusCode: 200,
 *   responseBody: { ErrorCode: 0, Result: true, Body: { SessionId: "9b27433e-f36b-1410-80e5-004205aa382d", SessionExpiryDate: "2025-07-27T11:24:57" } }
 * })
 * CreateSession.sessionBody(record) // Some({ SessionId: "9b27433e-...", SessionExpiryDate: "2025-07-27T11:24:57" })
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const sessionBody = (record: CreateSession): Option.Option<MasterpassSession.SessionBody> =>
  record.status === "succeeded"
    ? Option.flatMap(decodeAnswer(record.responseBody), (answer) => Option.fromNullable(answer.Body))
    : Option.none()
