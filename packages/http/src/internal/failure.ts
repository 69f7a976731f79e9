/**
 * How one attempt failed, as it travels through the retry schedule: the error it becomes,
 * whether another attempt may help, and when the server asked for it.
 */
import type * as PaywallError from "@paywall-effect/domain/PaywallError"
import type * as Duration from "effect/Duration"

export interface Failure {
  /** The public error, made once the call ends and its attempts are known. */
  readonly error: (attempts: number) => PaywallError.PaywallError
  /** Another attempt may get another answer (no answer, a timeout, a 503, ...). */
  readonly transient: boolean
  /** The request may have reached Paywall: a call that must not be sent twice is then not retried. */
  readonly sent: boolean
  /** A server's `Retry-After`, in place of the backoff. */
  readonly retryAfter?: Duration.Duration | undefined
}

export const failure = (
  error: (attempts: number) => PaywallError.PaywallError,
  options: { readonly transient: boolean; readonly sent?: boolean }
): Failure => ({ error, transient: options.transient, sent: options.sent ?? true })
