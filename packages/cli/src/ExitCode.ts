/**
 * The exit codes of `paywall-masterpass`, one per kind of failure.
 *
 * @since 0.1.0
 */
import { CreateSession, type PaywallError } from "@paywall-effect/domain"

/**
 * - `0` success: a session was created, or a Masterpass service or the Private API answered;
 * - `2` bad input: invalid options or an invalid request (nothing was sent);
 * - `3` bad configuration: credentials or base URL missing or invalid;
 * - `4` transport: no usable answer (connection failure, timeout, HTTP error without an envelope);
 * - `5` envelope: Paywall refused the request (ErrorCode != 0);
 * - `6` decode: an answer arrived that is not a valid answer of the call;
 * - `7` Masterpass refused the request (`PaywallMasterpassError`: `CARD_NOT_FOUND`, `OTP_IS_NOT_VALID`, ...);
 * - `8` pending: `otp verify` or `payment verify` was answered, but the step is not finished (3D Secure,
 *   or the OTP not verified), so a script must not go on as if it were (to `payment commit`, say);
 * - `9` outcome unknown: a commit failed after it may have reached Paywall (it was not retried); query the
 *   payment before committing again; or a call that moves money (a cancel, a refund) failed after it may
 *   have reached Paywall (it was not retried), and a query of the payment could not tell what became of it.
 *
 * @example
 * ```ts
 * import { ExitCode } from "@paywall-effect/cli"
 *
 * ExitCode.ExitCode.Envelope // 5
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const ExitCode = {
  Success: 0,
  BadInput: 2,
  BadConfiguration: 3,
  Transport: 4,
  Envelope: 5,
  Decode: 6,
  Masterpass: 7,
  Pending: 8,
  OutcomeUnknown: 9
} as const

/**
 * One of the exit codes.
 *
 * @example
 * ```ts
 * import type { ExitCode } from "@paywall-effect/cli"
 *
 * const failed = (code: ExitCode.ExitCode) => code !== 0
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ExitCode = typeof ExitCode[keyof typeof ExitCode]

/**
 * The exit code of an outcome, by its `CreateSession` code (none for a created session).
 *
 * @example
 * ```ts
 * import { ExitCode } from "@paywall-effect/cli"
 *
 * ExitCode.fromCode("TIMEOUT") // 4
 * ExitCode.fromCode(undefined) // 0
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromCode = (code: CreateSession.Code | undefined): ExitCode => {
  switch (code) {
    case undefined:
      return ExitCode.Success
    case "INVALID_REQUEST":
      return ExitCode.BadInput
    case "PAYWALL_ERROR":
      return ExitCode.Envelope
    case "INVALID_RESPONSE":
      return ExitCode.Decode
    case "CONNECTION_ERROR":
    case "TIMEOUT":
    case "HTTP_ERROR":
      return ExitCode.Transport
  }
}

/**
 * The exit code of a failed call: Masterpass's refusals and the failures of a commit whose outcome is
 * unknown have their own; every other failure goes by its `CreateSession` code, as {@link fromCode}.
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 * import { ExitCode } from "@paywall-effect/cli"
 *
 * ExitCode.fromError(new PaywallError.PaywallMasterpassError({ exceptionCode: "CARD_NOT_FOUND", errorCode: 0, status: 200 })) // 7
 * ExitCode.fromError(new PaywallError.PaywallEnvelopeError({ errorCode: 56, status: 200 })) // 5
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const fromError = (error: PaywallError.PaywallError): ExitCode => {
  switch (error._tag) {
    case "PaywallMasterpassError":
      return ExitCode.Masterpass
    case "PaywallTransportError":
    case "PaywallHttpError":
      return error.outcomeUnknown ? ExitCode.OutcomeUnknown : fromCode(CreateSession.codeOf(error))
    default:
      return fromCode(CreateSession.codeOf(error))
  }
}

/**
 * The help text's table of exit codes, one code per line.
 *
 * @example
 * ```ts
 * import { ExitCode } from "@paywall-effect/cli"
 *
 * console.log(ExitCode.help)
 * // Exit codes:
 * //   0  success: session created, or the service answered
 * //   2  bad input: invalid options or request (nothing was sent)
 * //   ...
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const help = [
  "Exit codes:",
  "  0  success: session created, or the service answered",
  "  2  bad input: invalid options or request (nothing was sent)",
  "  3  bad configuration: credentials or base URL missing or invalid",
  "  4  transport failure: no usable answer (connection, timeout, HTTP error)",
  "  5  Paywall refused the request (envelope error)",
  "  6  unreadable answer (decode error)",
  "  7  Masterpass refused the request (CARD_NOT_FOUND, OTP_IS_NOT_VALID, ...)",
  "  8  pending: a verify was answered, but a step remains (3D Secure, OTP not verified)",
  "  9  outcome unknown: a commit, cancel or refund may have reached Paywall; query the payment before retrying"
].join("\n")
