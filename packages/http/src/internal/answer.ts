/**
 * How one HTTP answer from Paywall becomes a reply or a failure. Pure: no I/O here.
 */
import type * as PaywallEndpoint from "@paywall-effect/domain/PaywallEndpoint"
import * as PaywallEnvelope from "@paywall-effect/domain/PaywallEnvelope"
import * as PaywallError from "@paywall-effect/domain/PaywallError"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { type Failure, failure } from "./failure.js"
import { parseJson } from "./json.js"
import { retryableStatuses } from "./policy.js"
import { redirectOrigin } from "./redirect.js"
import { makeScrubber, scrubJson } from "./scrub.js"

/** The most characters of a response body an error keeps. */
export const maxExcerptLength = 512

/** The longest text a scrubber keeps whole (see `boundText`). */
export const maxKeptLength = 1024

/** A response body cut to {@link maxExcerptLength} characters for an error. */
export const excerpt = (body: string): string =>
  body.length <= maxExcerptLength ? body : `${body.slice(0, maxExcerptLength)}…`

/** What an answer was read into: its JSON (scrubbed plain data, made when a record asks) and the reply or failure. */
export interface Read<A> {
  readonly json: () => unknown
  readonly result: Either.Either<A, Failure>
}

const decodeEnvelope = Schema.decodeUnknownEither(PaywallEnvelope.AnyEnvelope)

/**
 * Every text a decoded reply holds as `Redacted` (the SDK temp token, the Masterpass token): the
 * reply keeps them hidden, so must the answer's JSON kept for records. The walk is bounded, as the
 * reply is.
 */
export const redactedTexts = (value: unknown, depth = 0, found: Array<string> = []): Array<string> => {
  if (depth > 16) return found
  if (Redacted.isRedacted(value)) {
    const text = Redacted.value(value)
    if (typeof text === "string" && text.length > 0) found.push(text)
  } else if (Array.isArray(value)) {
    for (const item of value) redactedTexts(item, depth + 1, found)
  } else if (value !== null && typeof value === "object") {
    for (const item of Object.values(value)) redactedTexts(item, depth + 1, found)
  }
  return found
}

const formatIssue = (error: ParseResult.ParseError) => ParseResult.TreeFormatter.formatErrorSync(error)

/**
 * The reader of one endpoint's answers for one client: `decodeReply` reads a success `Body`,
 * `readFailure` is the endpoint's own reading of failures in a `Body` (its declaration's
 * `failure`), if any. Each answer comes with the call's `scrub`, which removes secrets and
 * personal data from any text kept (a hostile server could echo them) and bounds it. The JSON
 * is read safely (bounded depth, no `__proto__`); the copy kept for records is scrubbed only
 * when a record asks for it.
 */
export const makeReader = <A>(
  decodeReply: (body: unknown) => Either.Either<A, ParseResult.ParseError>,
  readFailure?: PaywallEndpoint.FailureReader
) =>
(status: number, text: string, scrub: (text: string) => string, location?: string): Read<A> => {
  const parsedText = parseJson(text)
  const parsed = Either.getRight(parsedText)
  const envelope = Option.map(parsed, decodeEnvelope)
  const valid = Option.flatMap(envelope, Either.getRight)
  // Every string of the JSON is spelled in its text, escapes and all, which the scrubber reads as
  // well: a short text it leaves unchanged needs no walk (most answers).
  const jsonScrubbedBy = (scrubText: (text: string) => string) => () =>
    Option.getOrUndefined(Option.map(
      parsed,
      (value) => text.length <= maxKeptLength && scrubText(text) === text ? value : scrubJson(value, scrubText)
    ))
  const json = jsonScrubbedBy(scrub)
  const fail = (made: Failure): Read<A> => ({ json, result: Either.left(made) })
  const decodeError = (issue: string) =>
    fail(failure((attempts) =>
      new PaywallError.PaywallDecodeError({
        status,
        issue: scrub(issue),
        bodyExcerpt: excerpt(scrub(text)),
        attempts
      }), { transient: false }))

  // The endpoint reads its own failures first (e.g. Masterpass's, inside a success envelope).
  if (readFailure !== undefined && Option.isSome(valid)) {
    const own = readFailure({ status, envelope: valid.value, scrub })
    if (Option.isSome(own)) return fail(failure(own.value, { transient: false }))
  }
  // A failure envelope is Paywall's answer, whatever the status.
  if (Option.isSome(valid) && !PaywallEnvelope.isSuccess(valid.value)) {
    const envelope = valid.value
    const message = envelope.Message || envelope.ErrorMessage
    return fail(failure((attempts) =>
      new PaywallError.PaywallEnvelopeError({
        errorCode: envelope.ErrorCode,
        ...(typeof envelope.ErrorCodeType === "number" ? { errorCodeType: envelope.ErrorCodeType } : {}),
        ...(message ? { paywallMessage: scrub(message) } : {}),
        status,
        attempts
      }), { transient: false }))
  }
  if (status < 200 || status >= 300) {
    // A redirect is never followed (credentials go to the configured origin only) nor retried.
    return fail(failure(
      (attempts) => {
        const redirectTo = redirectOrigin(status, location)
        return new PaywallError.PaywallHttpError({
          status,
          bodyExcerpt: excerpt(scrub(text)),
          ...(redirectTo === undefined ? {} : { redirectTo }),
          attempts
        })
      },
      { transient: retryableStatuses.has(status) }
    ))
  }
  if (Option.isNone(envelope)) {
    // Too deep is worth saying; the parser's own words about bad JSON are not.
    const tooDeep = Either.isLeft(parsedText) && !parsedText.left.startsWith("not JSON")
    return decodeError(tooDeep ? parsedText.left : "the body is not JSON")
  }
  if (Either.isLeft(envelope.value)) return decodeError(formatIssue(envelope.value.left))
  const reply = decodeReply(envelope.value.right.Body)
  if (Either.isLeft(reply)) return decodeError(`a success whose Body is not valid: ${formatIssue(reply.left)}`)
  const secrets = redactedTexts(reply.right)
  if (secrets.length === 0) return { json, result: Either.right(reply.right) }
  const scrubSecrets = makeScrubber({ secrets })
  return { json: jsonScrubbedBy((kept) => scrub(scrubSecrets(kept))), result: Either.right(reply.right) }
}
