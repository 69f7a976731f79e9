/**
 * How one HTTP answer from Paywall becomes a session or a typed error. Pure: no I/O here.
 */
import { MasterpassSession, PaywallEnvelope, PaywallError } from "@paywall-effect/domain"
import type * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { parseJson } from "./json.js"
import { retryableStatuses } from "./policy.js"
import { boundText, scrubJson, scrubPhone } from "./scrub.js"

/** The longest text kept whole from an answer (see `boundText`). */
const boundedLength = 1024

/**
 * What one attempt produced: the status and JSON body where they arrived, the result, and
 * whether another attempt may help (and when the server asked for it).
 */
export interface Outcome {
  readonly status?: number
  readonly json?: unknown
  readonly result: Either.Either<
    MasterpassSession.MasterpassSession,
    PaywallError.PaywallError | ParseResult.ParseError
  >
  readonly transient?: boolean
  readonly retryAfter?: Duration.Duration | undefined
  /** How many attempts the call made: 0 when the request was invalid. */
  readonly attempts?: number
}

const decodeEnvelope = Schema.decodeUnknownEither(PaywallEnvelope.AnyEnvelope)

const formatIssue = (error: ParseResult.ParseError) => ParseResult.TreeFormatter.formatErrorSync(error)

/**
 * Builds the reader of answers for one client: `zone` reads bare expiry times and `scrub`
 * removes secrets from any text an error keeps (a hostile server could echo them); the call's
 * phone is removed too, in any format, and kept text is bounded. The JSON is read safely
 * (bounded depth, no `__proto__`) and kept scrubbed.
 */
export const makeReader = (
  zone: Parameters<typeof MasterpassSession.fromSessionBody>[0],
  scrubSecrets: (text: string) => string
) => {
  const decodeSession = Schema.decodeUnknownEither(MasterpassSession.fromSessionBody(zone))

  return (status: number, text: string, phone: string): Outcome => {
    const scrub = (text: string) => boundText(scrubPhone(scrubSecrets(text), phone), boundedLength)
    const parsed = Either.getRight(parseJson(text))
    // Decoded from what arrived; only the copy kept for the record is scrubbed.
    const envelope = Option.map(parsed, decodeEnvelope)
    // Every string in the JSON is spelled somewhere in its text, escapes and all, which the
    // scrubber reads as well: a short text it leaves unchanged needs no walk (most answers).
    const json = Option.map(
      parsed,
      (value) => text.length <= boundedLength && scrub(text) === text ? value : scrubJson(value, scrub)
    )
    const failure = Option.flatMap(envelope, Either.getRight).pipe(
      Option.filter((answer) => !PaywallEnvelope.isSuccess(answer))
    )
    const withJson = Option.match(json, { onNone: () => ({ status }), onSome: (value) => ({ status, json: value }) })

    // A failure envelope is Paywall's answer, whatever the status.
    if (Option.isSome(failure)) {
      return { ...withJson, result: Either.left(PaywallError.fromEnvelope(failure.value, status, scrub)) }
    }
    if (status < 200 || status >= 300) {
      return {
        ...withJson,
        transient: retryableStatuses.has(status),
        result: Either.left(PaywallError.unexpectedStatus(status, scrub(text)))
      }
    }
    const decodeError = (issue: string): Outcome => ({
      ...withJson,
      result: Either.left(
        new PaywallError.PaywallDecodeError({
          status,
          issue: scrub(issue),
          bodyExcerpt: PaywallError.excerpt(scrub(text))
        })
      )
    })
    if (Option.isNone(envelope)) return { status, result: Either.left(PaywallError.notJson(status, scrub(text))) }
    if (Either.isLeft(envelope.value)) return decodeError(formatIssue(envelope.value.left))
    const session = decodeSession(envelope.value.right.Body)
    return Either.isRight(session)
      ? { ...withJson, result: Either.right(session.right) }
      : decodeError(`a success without a valid session: ${formatIssue(session.left)}`)
  }
}

/** An answer larger than the limit: never retried, as the next one would be as large. */
export const tooLarge = (status: number, limit: number): Outcome => ({
  status,
  result: Either.left(
    new PaywallError.PaywallDecodeError({ status, issue: `the body exceeds the limit of ${limit} bytes` })
  )
})
