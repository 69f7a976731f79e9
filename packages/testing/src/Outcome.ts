/**
 * What one Create Session call ends in, as a value a test can script or draw.
 *
 * @since 0.1.0
 */
import { CreateSession, type MasterpassSession, type PaywallError } from "@paywall-effect/domain"
import * as Data from "effect/Data"
import * as Either from "effect/Either"

/**
 * - `Succeeded`: Paywall created `session`, answering `statusCode` with `responseBody`;
 * - `Failed`: the call failed with `error`, with the JSON `responseBody` that came with it, if any.
 *
 * @example
 * ```ts
 * import { Outcome } from "@paywall-effect/testing"
 *
 * const kind = Outcome.Outcome.$match({
 *   Succeeded: ({ session }) => `session ${session.sessionId}`,
 *   Failed: ({ error }) => error._tag
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Outcome = Data.TaggedEnum<{
  Succeeded: {
    readonly session: MasterpassSession.MasterpassSession
    readonly statusCode: number
    readonly responseBody: Readonly<Record<string, unknown>>
  }
  Failed: {
    readonly error: PaywallError.PaywallError
    readonly responseBody?: Readonly<Record<string, unknown>>
  }
}>

/**
 * Constructors of {@link Outcome}, and `$match` / `$is`.
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 * import { Outcome } from "@paywall-effect/testing"
 *
 * const outage = Outcome.Outcome.Failed({
 *   error: new PaywallError.PaywallTransportError({ reason: "Timeout", description: "no answer in time" })
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const Outcome = Data.taggedEnum<Outcome>()

/**
 * What `createSession` returns for the outcome.
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 * import { Outcome } from "@paywall-effect/testing"
 *
 * Outcome.toResult(Outcome.Outcome.Failed({ error: new PaywallError.PaywallDecodeError({ status: 200, issue: "the body is not JSON" }) }))
 * // Left(PaywallDecodeError)
 * ```
 *
 * @since 0.1.0
 * @category conversions
 */
export const toResult = (
  outcome: Outcome
): Either.Either<MasterpassSession.MasterpassSession, PaywallError.PaywallError> =>
  outcome._tag === "Succeeded" ? Either.right(outcome.session) : Either.left(outcome.error)

/**
 * What `createSessionRecord` returns for the outcome, exactly as the real client builds it.
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 * import { Outcome } from "@paywall-effect/testing"
 *
 * Outcome.toRecord(Outcome.Outcome.Failed({ error: new PaywallError.PaywallDecodeError({ status: 200, issue: "the body is not JSON" }) }))
 * // CreateSession { status: "failed", code: "INVALID_RESPONSE", statusCode: 200 }
 * ```
 *
 * @since 0.1.0
 * @category conversions
 */
export const toRecord = (outcome: Outcome): CreateSession.CreateSession =>
  CreateSession.fromResult(toResult(outcome), {
    statusCode: outcome._tag === "Succeeded"
      ? outcome.statusCode
      : "status" in outcome.error
      ? outcome.error.status
      : undefined,
    responseBody: outcome.responseBody
  })
