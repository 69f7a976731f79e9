/**
 * The session Paywall returns from Create Session, and how its wire form is read.
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/**
 * A Masterpass session id: a .NET Guid in its textual form
 * (`9b27433e-f36b-1410-80e5-004205aa382d`), branded so that no other string passes for one.
 *
 * @example
 * ```ts
 * import { MasterpassSession } from "@paywall-effect/domain"
 *
 * const id = MasterpassSession.SessionId.make("9b27433e-f36b-1410-80e5-004205aa382d")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const SessionId = Schema.String.pipe(
  Schema.pattern(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
    message: () => "must be a Guid such as 9b27433e-f36b-1410-80e5-004205aa382d"
  }),
  Schema.annotations({ arbitrary: () => (fc) => fc.uuid() }),
  Schema.brand("@paywall-effect/domain/SessionId"),
  Schema.annotations({ identifier: "SessionId" })
)

/**
 * The id of a Masterpass session: a Guid string, branded.
 *
 * @example
 * ```ts
 * import type { MasterpassSession } from "@paywall-effect/domain"
 *
 * const keep = (id: MasterpassSession.SessionId): string => id
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type SessionId = typeof SessionId.Type

/**
 * `yyyy-MM-ddTHH:mm:ss`, optional fraction (up to the 7 digits .NET writes), optional offset.
 */
const expiryPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$/

/**
 * The expiry as Paywall writes it: an ISO-8601 local date-time, with or without a UTC offset
 * (the docs show `2025-07-27T11:24:57`, with none).
 *
 * @example
 * ```ts
 * import { MasterpassSession } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.is(MasterpassSession.ExpiryText)("2025-07-27T11:24:57") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ExpiryText = Schema.String.pipe(
  Schema.pattern(expiryPattern, { message: () => "must be an ISO-8601 date-time such as 2025-07-27T11:24:57" }),
  Schema.annotations({
    identifier: "ExpiryText",
    arbitrary: () => (fc) =>
      fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 19))
  })
)

/**
 * Builds a reader of expiry texts for `zone`. A bare local time is read as wall-clock time in
 * `zone` (never in the host machine's zone), an explicit offset is honoured, and `None` is
 * returned for text that names no real date-time (e.g. `2025-02-30T10:00:00`). The zone's
 * offset is computed once per wall-clock hour and remembered: working it out takes an
 * `Intl` formatting call, far more than the rest of a decode.
 *
 * @example
 * ```ts
 * import { DateTime } from "effect"
 * import { MasterpassSession } from "@paywall-effect/domain"
 *
 * const read = MasterpassSession.expiryReader(DateTime.zoneUnsafeMakeNamed("Europe/Istanbul"))
 * read("2025-07-27T11:24:57") // Some(2025-07-27T08:24:57Z)
 * read("2025-07-27T11:24:57+05:30") // Some(2025-07-27T05:54:57Z)
 * ```
 *
 * @since 0.1.0
 * @category parsing
 */
export const expiryReader = (zone: DateTime.TimeZone): (text: string) => Option.Option<DateTime.Utc> => {
  // Offsets change only at transitions, which fall on the hour; the map is bounded to stay small.
  const offsetByHour = new Map<string, number>()
  const offsetOf = (hour: string, wallClock: number): number => {
    const known = offsetByHour.get(hour)
    if (known !== undefined) return known
    const instant = DateTime.unsafeMakeZoned(wallClock, { timeZone: zone, adjustForTimeZone: true })
    const offset = wallClock - DateTime.toEpochMillis(instant)
    if (offsetByHour.size >= 1024) offsetByHour.clear()
    offsetByHour.set(hour, offset)
    return offset
  }
  return (text) => {
    const match = expiryPattern.exec(text)
    if (match === null) return Option.none()
    const [, year, month, day, hours, minutes, seconds, fraction, offset] = match
    // JavaScript reads at most milliseconds; .NET may send ticks (7 digits).
    const wallClockText = `${year}-${month}-${day}T${hours}:${minutes}:${seconds}${(fraction ?? "").slice(0, 4)}`
    const wallClock = Date.parse(`${wallClockText}Z`)
    // Date rolls impossible days over (Feb 30 -> Mar 2); reject instead of guessing.
    if (Number.isNaN(wallClock) || new Date(wallClock).toISOString().slice(0, 19) !== wallClockText.slice(0, 19)) {
      return Option.none()
    }
    const offsetMillis = offset === undefined ? offsetOf(wallClockText.slice(0, 13), wallClock) : explicitOffset(offset)
    // Total: an offset out of range, or an instant outside what a Date holds, is None, never a throw.
    return offsetMillis === undefined ? Option.none() : DateTime.make(wallClock - offsetMillis)
  }
}

/** The largest UTC offset accepted, in minutes: 18 hours, beyond any zone's (which stop at 14). */
const maxOffsetMinutes = 18 * 60

/**
 * An explicit offset (`Z`, `+05:30`, `-03:00`) in milliseconds, or `undefined` when it names no
 * offset: minutes of 60 or more, or more than 18 hours (`+99:99`, `+24:00`, `+14:60`).
 */
const explicitOffset = (offset: string): number | undefined => {
  if (offset === "Z") return 0
  const hours = Number(offset.slice(1, 3))
  const minutes = Number(offset.slice(4, 6))
  const total = hours * 60 + minutes
  if (minutes >= 60 || total > maxOffsetMinutes) return undefined
  return (offset.startsWith("-") ? -total : total) * 60_000
}

/**
 * Reads one expiry text as an instant in `zone` (see {@link expiryReader}, which to prefer
 * when reading many).
 *
 * @example
 * ```ts
 * import { DateTime } from "effect"
 * import { MasterpassSession } from "@paywall-effect/domain"
 *
 * const istanbul = DateTime.zoneUnsafeMakeNamed("Europe/Istanbul")
 * MasterpassSession.parseExpiry("2025-07-27T11:24:57", istanbul) // Some(2025-07-27T08:24:57Z)
 * ```
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseExpiry = (text: string, zone: DateTime.TimeZone): Option.Option<DateTime.Utc> =>
  expiryReader(zone)(text)

/**
 * The `Body` of a successful Create Session answer, exactly as Paywall sends it.
 *
 * @example
 * ```ts
 * import { MasterpassSession } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.decodeUnknownSync(MasterpassSession.SessionBody)({ SessionId: "9b27433e-f36b-1410-80e5-004205aa382d", SessionExpiryDate: "2025-07-27T11:24:57" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const SessionBody = Schema.Struct({
  SessionId,
  SessionExpiryDate: ExpiryText
}).annotations({ identifier: "SessionBody" })

/**
 * The `Body` of a successful Create Session answer.
 *
 * @example
 * ```ts
 * import type { MasterpassSession } from "@paywall-effect/domain"
 *
 * const expiry = (body: MasterpassSession.SessionBody): string => body.SessionExpiryDate
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type SessionBody = typeof SessionBody.Type

/**
 * A Masterpass session: its id, the instant it expires, and the expiry text exactly as
 * Paywall sent it (kept because Paywall does not document the zone of a bare local time).
 *
 * @example
 * ```ts
 * import { MasterpassSession } from "@paywall-effect/domain"
 * import { DateTime } from "effect"
 *
 * const session = new MasterpassSession.MasterpassSession({
 *   sessionId: MasterpassSession.SessionId.make("9b27433e-f36b-1410-80e5-004205aa382d"),
 *   expiresAt: DateTime.unsafeMake("2025-07-27T08:24:57Z"),
 *   expiryText: "2025-07-27T11:24:57"
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class MasterpassSession extends Schema.Class<MasterpassSession>("MasterpassSession")({
  sessionId: SessionId,
  expiresAt: Schema.DateTimeUtcFromSelf,
  expiryText: ExpiryText
}) {}

/**
 * The schema from Paywall's `Body` to a {@link MasterpassSession}, reading bare local
 * expiry times in `zone`. Build it once (per layer), not per call: it is reused as is.
 *
 * @example
 * ```ts
 * import { DateTime, Schema } from "effect"
 * import { MasterpassSession } from "@paywall-effect/domain"
 *
 * const decode = Schema.decodeUnknownSync(
 *   MasterpassSession.fromSessionBody(DateTime.zoneUnsafeMakeNamed("Europe/Istanbul"))
 * )
 * decode({ SessionId: "9b27433e-f36b-1410-80e5-004205aa382d", SessionExpiryDate: "2025-07-27T11:24:57" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const fromSessionBody = (zone: DateTime.TimeZone) => {
  const readExpiry = expiryReader(zone)
  return Schema.transformOrFail(SessionBody, Schema.typeSchema(MasterpassSession), {
    strict: true,
    decode: (body, _, ast) =>
      Option.match(readExpiry(body.SessionExpiryDate), {
        onNone: () =>
          ParseResult.fail(
            new ParseResult.Type(ast, body, `SessionExpiryDate ${body.SessionExpiryDate} is not a real date-time`)
          ),
        onSome: (expiresAt) =>
          ParseResult.succeed(
            // Every field was just decoded (or read from a decoded one): validating them again is waste.
            new MasterpassSession({ sessionId: body.SessionId, expiresAt, expiryText: body.SessionExpiryDate }, true)
          )
      }),
    encode: (session) => ParseResult.succeed({ SessionId: session.sessionId, SessionExpiryDate: session.expiryText })
  })
}

/**
 * A session id as Paywall's Masterpass answers carry it (and as the next call sends it back):
 * the documented Guid or, as one documented example shows (`55555555-4444-3333-222222-11111111`),
 * some other opaque text. Non-empty, no whitespace (it travels in a header), branded as a
 * {@link SessionId} so that an id read from an answer can be sent with the next call.
 *
 * @example
 * ```ts
 * import { MasterpassSession } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.is(MasterpassSession.AnswerSessionId)("55555555-4444-3333-222222-11111111") // true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const AnswerSessionId = Schema.String.pipe(
  Schema.pattern(/^[\x21-\x7e]{1,128}$/, {
    message: () => "must be a session id such as 9b27433e-f36b-1410-80e5-004205aa382d"
  }),
  Schema.annotations({ arbitrary: () => (fc) => fc.uuid() }),
  Schema.brand("@paywall-effect/domain/SessionId"),
  Schema.annotations({ identifier: "AnswerSessionId" })
)

/**
 * The session a Masterpass answer says to use from now on (`Body.Session`): its id, whether
 * Paywall just renewed it, and the expiry text when Paywall sends one (its docs promise one on
 * renewal; no documented example has it). Answers carry it on success and failure alike.
 *
 * @example
 * ```ts
 * import { MasterpassSession } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * const session = Schema.decodeUnknownSync(MasterpassSession.SessionState)({
 *   SessionRenewed: true,
 *   SessionId: "a527433e-f36b-1410-80e5-004205aa382d"
 * })
 * session.renewed // true
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export class SessionState extends Schema.Class<SessionState>("SessionState")({
  sessionId: Schema.propertySignature(AnswerSessionId).pipe(Schema.fromKey("SessionId")),
  renewed: Schema.propertySignature(Schema.Boolean).pipe(Schema.fromKey("SessionRenewed")),
  expiryText: Schema.optionalWith(Schema.String, { exact: true, nullable: true }).pipe(
    Schema.fromKey("SessionExpiryDate")
  )
}) {}
