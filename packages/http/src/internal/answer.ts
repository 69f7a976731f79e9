/**
 * How one HTTP answer from Paywall becomes a session or a typed error. Pure: no I/O here.
 */
import { MasterpassSession, PaywallEnvelope, PaywallError } from "@paywall-effect/domain"
import type * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { retryableStatuses } from "./policy.js"

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

const parseJson = Schema.decodeUnknownEither(Schema.parseJson())
const decodeEnvelope = Schema.decodeUnknownEither(PaywallEnvelope.AnyEnvelope)

const formatIssue = (error: ParseResult.ParseError) => ParseResult.TreeFormatter.formatErrorSync(error)

/**
 * Builds the reader of answers for one client: `zone` reads bare expiry times and `scrub`
 * removes secrets from any text an error keeps (a hostile server could echo them).
 */
export const makeReader = (
  zone: Parameters<typeof MasterpassSession.fromSessionBody>[0],
  scrub: (text: string) => string
) => {
  const decodeSession = Schema.decodeUnknownEither(MasterpassSession.fromSessionBody(zone))

  return (status: number, text: string): Outcome => {
    const ok = status >= 200 && status < 300
    const unusable = (issue: string, json?: unknown): Outcome => ({
      status,
      ...(json === undefined ? {} : { json }),
      transient: !ok && retryableStatuses.has(status),
      result: Either.left(
        ok
          ? new PaywallError.PaywallDecodeError({
            status,
            issue: scrub(issue),
            bodyExcerpt: PaywallError.excerpt(scrub(text))
          })
          : PaywallError.unexpectedStatus(status, scrub(text))
      )
    })

    const json = parseJson(text)
    if (Either.isLeft(json)) {
      return ok ? { status, result: Either.left(PaywallError.notJson(status, scrub(text))) } : unusable("")
    }
    const envelope = decodeEnvelope(json.right)
    if (Either.isLeft(envelope)) return unusable(formatIssue(envelope.left), json.right)
    const answer = envelope.right
    if (!PaywallEnvelope.isSuccess(answer)) {
      return { status, json: json.right, result: Either.left(PaywallError.fromEnvelope(answer, status, scrub)) }
    }
    if (!ok) return unusable("", json.right)
    const session = decodeSession(answer.Body)
    return Either.isRight(session)
      ? { status, json: json.right, result: Either.right(session.right) }
      : unusable(`a success without a valid session: ${formatIssue(session.left)}`, json.right)
  }
}

/** An answer larger than the limit: never retried, as the next one would be as large. */
export const tooLarge = (status: number, limit: number): Outcome => ({
  status,
  result: Either.left(
    new PaywallError.PaywallDecodeError({ status, issue: `the body exceeds the limit of ${limit} bytes` })
  )
})
