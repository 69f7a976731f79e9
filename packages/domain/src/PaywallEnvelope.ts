/**
 * The envelope every Masterpass answer comes in.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * The common response envelope `{ErrorCodeType?, ErrorMessage?, ErrorCode, Result, Message?, Body?}`
 * around a `Body` schema. It accepts the nulls Paywall's examples show and ignores unknown fields.
 * `ErrorCode` is 0 and `Result` true on success; a failure may carry a `Body` too.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { MasterpassSession, PaywallEnvelope } from "@paywall-effect/domain"
 *
 * const Answer = PaywallEnvelope.PaywallEnvelope(MasterpassSession.SessionBody)
 * Schema.decodeUnknownSync(Answer)({ ErrorCode: 56, Result: false, Message: "Masterpass payment not found" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const PaywallEnvelope = <Body extends Schema.Schema.Any>(body: Body) =>
  Schema.Struct({
    ErrorCodeType: Schema.optionalWith(Schema.NullOr(Schema.Int), { exact: true }),
    ErrorMessage: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
    ErrorCode: Schema.Int,
    Result: Schema.Boolean,
    Message: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
    Body: Schema.optionalWith(Schema.NullOr(body), { exact: true })
  }).annotations({ identifier: "PaywallEnvelope" })

/**
 * An envelope whose `Body` is left undecoded: what the client reads first, to tell a
 * failure envelope from a success before it looks inside the `Body`.
 *
 * @example
 * ```ts
 * import { PaywallEnvelope } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.decodeUnknownSync(PaywallEnvelope.AnyEnvelope)({ ErrorCode: 0, Result: true, Body: { any: "thing" } })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const AnyEnvelope = PaywallEnvelope(Schema.Unknown)

/**
 * An envelope with its `Body` undecoded.
 *
 * @example
 * ```ts
 * import type { PaywallEnvelope } from "@paywall-effect/domain"
 *
 * const failed = (envelope: PaywallEnvelope.AnyEnvelope) => envelope.ErrorCode !== 0
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type AnyEnvelope = typeof AnyEnvelope.Type

/**
 * Whether an envelope reports success: `ErrorCode` 0 and `Result` true.
 *
 * @example
 * ```ts
 * import { PaywallEnvelope } from "@paywall-effect/domain"
 *
 * PaywallEnvelope.isSuccess({ ErrorCode: 0, Result: true }) // true
 * PaywallEnvelope.isSuccess({ ErrorCode: 56, Result: false }) // false
 * ```
 *
 * @since 0.1.0
 * @category predicates
 */
export const isSuccess = (envelope: Pick<AnyEnvelope, "ErrorCode" | "Result">): boolean =>
  envelope.ErrorCode === 0 && envelope.Result
