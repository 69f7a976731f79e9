/**
 * Which failures are worth another attempt, and when to make it.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import type { Settings } from "../PaywallConfig.js"
import type { Failure } from "./failure.js"

/** Statuses that say "try again later" when no envelope says otherwise. */
export const retryableStatuses: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504])

/**
 * A `Retry-After` header as a delay: whole seconds, or an HTTP date (relative to `now`).
 * Anything else is ignored.
 */
export const parseRetryAfter = (header: string | undefined, now: number): Option.Option<Duration.Duration> => {
  if (header === undefined) return Option.none()
  const text = header.trim()
  if (/^\d{1,9}$/.test(text)) return Option.some(Duration.seconds(Number(text)))
  const date = Date.parse(text)
  return Number.isNaN(date) ? Option.none() : Option.some(Duration.millis(Math.max(0, date - now)))
}

/**
 * The retry schedule of one call: exponential backoff from `retryBaseDelay` with jitter, at most
 * `maxRetries` retries; a server's `Retry-After` replaces the backoff; every delay is capped at
 * `retryMaxDelay` and at what is left before `deadlineAt` (the attempt after it then ends the call
 * with the deadline's timeout).
 */
export const retrySchedule = (
  settings: Pick<Settings, "maxRetries" | "retryBaseDelay" | "retryMaxDelay">,
  deadlineAt: number
): Schedule.Schedule<unknown, Failure> =>
  Schedule.exponential(settings.retryBaseDelay).pipe(
    Schedule.jittered,
    Schedule.intersect(Schedule.recurs(settings.maxRetries)),
    Schedule.intersect(Schedule.identity<Failure>()),
    Schedule.modifyDelayEffect(([, failure], delay) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const wanted = Duration.toMillis(Duration.min(failure.retryAfter ?? delay, settings.retryMaxDelay))
        // Whole milliseconds: jitter yields fractions, which a TestClock cannot turn into nanoseconds.
        return Duration.millis(Math.round(Math.max(0, Math.min(wanted, deadlineAt - now))))
      })
    )
  )
