/**
 * Which failures are worth another attempt, and when to make it.
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import type { RetrySettings } from "../PaywallConfig.js"

/** Statuses that say "try again later" when no envelope says otherwise. */
export const retryableStatuses: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504])

/**
 * A `Retry-After` header as a delay: whole seconds, or an HTTP date (relative to `now`).
 * Anything else is ignored.
 */
export const parseRetryAfter = (header: string | undefined, now: number): Option.Option<Duration.Duration> => {
  if (header === undefined) return Option.none()
  const text = header.trim()
  if (/^\d+$/.test(text)) return Option.some(Duration.seconds(Number(text)))
  const date = Date.parse(text)
  return Number.isNaN(date) ? Option.none() : Option.some(Duration.millis(Math.max(0, date - now)))
}

/**
 * The retry schedule: exponential backoff from `baseDelay` with jitter, at most `maxRetries`
 * retries; a server's `Retry-After` replaces the backoff; every delay is capped at `maxDelay`.
 */
export const retrySchedule = <In extends { readonly retryAfter?: Duration.Duration | undefined }>(
  settings: RetrySettings
) =>
  Schedule.exponential(settings.baseDelay).pipe(
    Schedule.jittered,
    Schedule.intersect(Schedule.recurs(settings.maxRetries)),
    Schedule.intersect(Schedule.identity<In>()),
    // Whole milliseconds: jitter yields fractions, which a TestClock cannot turn into nanoseconds.
    Schedule.modifyDelay(([, failure], delay) =>
      Duration.millis(Math.round(Duration.toMillis(Duration.min(failure.retryAfter ?? delay, settings.maxDelay))))
    )
  )
