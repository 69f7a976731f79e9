/**
 * Where Paywall is, how its answers are read, and how long and how often the client tries.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"

/**
 * Paywall's test Payment API: the default. Production is always an explicit setting.
 *
 * @example
 * ```ts
 * import { PaywallConfig } from "@paywall-effect/http"
 *
 * PaywallConfig.testBaseUrl // "https://test-payment-api.itspaywall.com"
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const testBaseUrl = "https://test-payment-api.itspaywall.com"

/**
 * The zone a bare expiry time (`2025-07-27T11:24:57`) is read in. Paywall does not document
 * it; Europe/Istanbul (Paywall is a Turkish service) is an assumption, hence configurable.
 *
 * @example
 * ```ts
 * import { PaywallConfig } from "@paywall-effect/http"
 *
 * const utc = PaywallConfig.layer({ expiryTimeZone: "UTC" }) // instead of PaywallConfig.defaultExpiryTimeZone
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultExpiryTimeZone = "Europe/Istanbul"

/**
 * How transient failures are retried: at most `maxRetries` more attempts (0 turns retries
 * off), after an exponential, jittered backoff from `baseDelay`, never waiting longer than
 * `maxDelay`, which also caps what a `Retry-After` header asks for.
 *
 * @example
 * ```ts
 * import type { PaywallConfig } from "@paywall-effect/http"
 * import { Duration } from "effect"
 *
 * const patient: PaywallConfig.RetrySettings = { maxRetries: 3, baseDelay: Duration.millis(500), maxDelay: Duration.seconds(10) }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RetrySettings {
  readonly maxRetries: number
  readonly baseDelay: Duration.Duration
  readonly maxDelay: Duration.Duration
}

/**
 * The resolved settings of the client.
 *
 * @example
 * ```ts
 * import { PaywallConfig } from "@paywall-effect/http"
 * import { Effect } from "effect"
 *
 * const baseUrl = Effect.map(PaywallConfig.PaywallConfig, (settings: PaywallConfig.Settings) => settings.baseUrl)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Settings {
  /** Absolute base URL without a trailing slash, e.g. `https://test-payment-api.itspaywall.com`. */
  readonly baseUrl: string
  /** The zone of expiry times that carry no offset, resolved once. */
  readonly expiryTimeZone: DateTime.TimeZone
  /** The longest one attempt may take, from sending to the last byte of the answer. */
  readonly attemptTimeout: Duration.Duration
  /** The longest a whole call may take, retries and backoff included. */
  readonly deadline: Duration.Duration
  /** How transient failures are retried. */
  readonly retry: RetrySettings
  /** The largest answer read, in bytes; reading stops there. */
  readonly maxResponseBytes: number
}

/**
 * The defaults: the test Payment API, Europe/Istanbul, 10 s per attempt, 30 s in all,
 * 2 retries from 250 ms up to 5 s, and 1 MiB answers.
 *
 * @example
 * ```ts
 * import { PaywallConfig } from "@paywall-effect/http"
 *
 * PaywallConfig.defaults.maxRetries // 2
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const defaults = {
  baseUrl: testBaseUrl,
  expiryTimeZone: defaultExpiryTimeZone,
  attemptTimeout: Duration.seconds(10),
  deadline: Duration.seconds(30),
  maxRetries: 2,
  retryBaseDelay: Duration.millis(250),
  retryMaxDelay: Duration.seconds(5),
  maxResponseBytes: 1024 * 1024
} as const

/**
 * The client's settings, as a service.
 *
 * @example
 * ```ts
 * import { PaywallConfig } from "@paywall-effect/http"
 * import { Effect } from "effect"
 *
 * const where = Effect.map(PaywallConfig.PaywallConfig, (settings) => settings.baseUrl)
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class PaywallConfig extends Context.Tag("@paywall-effect/http/PaywallConfig")<PaywallConfig, Settings>() {}

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"])

const isLoopback = (hostname: string): boolean => loopbackHosts.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname)

const invalid = (label: string, why: string) => Either.left(ConfigError.InvalidData([label], `${label} ${why}`))

/**
 * Checks a base URL: absolute, https (plain http only for a loopback host), no credentials,
 * query or fragment in it. Returns it without a trailing slash.
 *
 * @example
 * ```ts
 * import { PaywallConfig } from "@paywall-effect/http"
 *
 * PaywallConfig.parseBaseUrl("baseUrl", "https://payment-api.itspaywall.com/") // Right("https://payment-api.itspaywall.com")
 * PaywallConfig.parseBaseUrl("baseUrl", "http://payment-api.itspaywall.com") // Left(ConfigError)
 * ```
 *
 * @since 0.1.0
 * @category validation
 */
export const parseBaseUrl = (label: string, text: string): Either.Either<string, ConfigError.ConfigError> => {
  if (!URL.canParse(text)) {
    return invalid(label, "must be an absolute URL such as https://test-payment-api.itspaywall.com")
  }
  const url = new URL(text)
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
    return invalid(label, "must use https (plain http is allowed only for a loopback host)")
  }
  if (url.username !== "" || url.password !== "") return invalid(label, "must not carry a user name or password")
  if (url.search !== "" || url.hash !== "") return invalid(label, "must not carry a query or fragment")
  return Either.right(url.href.replace(/\/+$/, ""))
}

/**
 * Resolves an IANA time zone name once (building its formatter is costly, so never per call).
 *
 * @example
 * ```ts
 * import { PaywallConfig } from "@paywall-effect/http"
 *
 * PaywallConfig.parseTimeZone("expiryTimeZone", "Europe/Istanbul") // Right(TimeZone)
 * ```
 *
 * @since 0.1.0
 * @category validation
 */
export const parseTimeZone = (label: string, name: string): Either.Either<DateTime.TimeZone, ConfigError.ConfigError> =>
  Option.match(DateTime.zoneMakeNamed(name), {
    onNone: () => invalid(label, "must be an IANA time zone such as Europe/Istanbul"),
    onSome: Either.right
  })

const positiveDuration = (label: string, duration: Duration.Duration) =>
  Duration.greaterThan(duration, Duration.zero) && Duration.isFinite(duration)
    ? Either.right(duration)
    : invalid(label, "must be a positive, finite duration such as \"10 seconds\"")

const wholeNumber = (label: string, min: number, max: number) => (value: number) =>
  Number.isInteger(value) && value >= min && value <= max
    ? Either.right(value)
    : invalid(label, `must be a whole number from ${min} to ${max}`)

/** Each setting as a `Config`, checked and labelled with the name a user would look for. */
interface Sources {
  readonly baseUrl: readonly [label: string, Config.Config<string>]
  readonly expiryTimeZone: readonly [label: string, Config.Config<string>]
  readonly attemptTimeout: readonly [label: string, Config.Config<Duration.Duration>]
  readonly deadline: readonly [label: string, Config.Config<Duration.Duration>]
  readonly maxRetries: readonly [label: string, Config.Config<number>]
  readonly retryBaseDelay: readonly [label: string, Config.Config<Duration.Duration>]
  readonly retryMaxDelay: readonly [label: string, Config.Config<Duration.Duration>]
  readonly maxResponseBytes: readonly [label: string, Config.Config<number>]
}

const settings = (sources: Sources): Config.Config<Settings> => {
  const checked = <A, B>(
    [label, config]: readonly [string, Config.Config<A>],
    check: (label: string, value: A) => Either.Either<B, ConfigError.ConfigError>
  ) => Config.mapOrFail(config, (value) => check(label, value))
  return Config.all({
    baseUrl: checked(sources.baseUrl, parseBaseUrl),
    expiryTimeZone: checked(sources.expiryTimeZone, parseTimeZone),
    attemptTimeout: checked(sources.attemptTimeout, positiveDuration),
    deadline: checked(sources.deadline, positiveDuration),
    maxRetries: checked(sources.maxRetries, (label, value) => wholeNumber(label, 0, 10)(value)),
    retryBaseDelay: checked(sources.retryBaseDelay, positiveDuration),
    retryMaxDelay: checked(sources.retryMaxDelay, positiveDuration),
    maxResponseBytes: checked(sources.maxResponseBytes, (label, value) => wholeNumber(label, 1024, 2 ** 30)(value))
  }).pipe(Config.map(({ maxRetries, retryBaseDelay, retryMaxDelay, ...rest }) => ({
    ...rest,
    retry: { maxRetries, baseDelay: retryBaseDelay, maxDelay: retryMaxDelay }
  })))
}

/**
 * The options of {@link layer}: any left out takes its default (see {@link defaults}).
 *
 * @example
 * ```ts
 * import { PaywallConfig } from "@paywall-effect/http"
 *
 * const options: PaywallConfig.Options = { attemptTimeout: "5 seconds", maxRetries: 0 }
 * const ConfigLive = PaywallConfig.layer(options)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly baseUrl?: string
  readonly expiryTimeZone?: string
  readonly attemptTimeout?: Duration.DurationInput
  readonly deadline?: Duration.DurationInput
  /** 0 turns retries off. */
  readonly maxRetries?: number
  readonly retryBaseDelay?: Duration.DurationInput
  readonly retryMaxDelay?: Duration.DurationInput
  readonly maxResponseBytes?: number
}

/**
 * Provides settings given as values; anything left out takes its default. An invalid value
 * fails the layer with a `ConfigError` naming the option.
 *
 * @example
 * ```ts
 * import { PaywallConfig } from "@paywall-effect/http"
 *
 * const ConfigLive = PaywallConfig.layer({ baseUrl: "https://payment-api.itspaywall.com", maxRetries: 0 })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<PaywallConfig, ConfigError.ConfigError> => {
  const value = <K extends keyof Options>(key: K, fallback: NonNullable<Options[K]>) =>
    [key, Config.succeed(options[key] ?? fallback)] as const
  const duration = (key: "attemptTimeout" | "deadline" | "retryBaseDelay" | "retryMaxDelay") =>
    [key, Config.succeed(Duration.decode(options[key] ?? defaults[key]))] as const
  return Layer.effect(
    PaywallConfig,
    settings({
      baseUrl: value("baseUrl", defaults.baseUrl),
      expiryTimeZone: value("expiryTimeZone", defaults.expiryTimeZone),
      attemptTimeout: duration("attemptTimeout"),
      deadline: duration("deadline"),
      maxRetries: value("maxRetries", defaults.maxRetries),
      retryBaseDelay: duration("retryBaseDelay"),
      retryMaxDelay: duration("retryMaxDelay"),
      maxResponseBytes: value("maxResponseBytes", defaults.maxResponseBytes)
    })
  )
}

/**
 * Reads the settings with `Config`, by default from these variables (each optional, with the
 * defaults of {@link layer}): `PAYWALL_BASE_URL`, `PAYWALL_EXPIRY_TIME_ZONE`,
 * `PAYWALL_ATTEMPT_TIMEOUT`, `PAYWALL_DEADLINE` (durations such as `10 seconds`),
 * `PAYWALL_MAX_RETRIES`, `PAYWALL_RETRY_BASE_DELAY`, `PAYWALL_RETRY_MAX_DELAY`,
 * `PAYWALL_MAX_RESPONSE_BYTES`. The base URL can be replaced by another `Config`.
 *
 * @example
 * ```ts
 * import { PaywallConfig } from "@paywall-effect/http"
 *
 * const ConfigLive = PaywallConfig.layerConfig()
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (options?: {
  readonly baseUrl?: Config.Config<string>
}): Layer.Layer<PaywallConfig, ConfigError.ConfigError> => {
  const env = <A>(name: string, config: (name: string) => Config.Config<A>, fallback: A) =>
    [name, Config.withDefault(config(name), fallback)] as const
  return Layer.effect(
    PaywallConfig,
    settings({
      baseUrl: options?.baseUrl === undefined
        ? env("PAYWALL_BASE_URL", Config.string, defaults.baseUrl)
        : ["PAYWALL_BASE_URL", options.baseUrl],
      expiryTimeZone: env("PAYWALL_EXPIRY_TIME_ZONE", Config.string, defaults.expiryTimeZone),
      attemptTimeout: env("PAYWALL_ATTEMPT_TIMEOUT", Config.duration, defaults.attemptTimeout),
      deadline: env("PAYWALL_DEADLINE", Config.duration, defaults.deadline),
      maxRetries: env("PAYWALL_MAX_RETRIES", Config.integer, defaults.maxRetries),
      retryBaseDelay: env("PAYWALL_RETRY_BASE_DELAY", Config.duration, defaults.retryBaseDelay),
      retryMaxDelay: env("PAYWALL_RETRY_MAX_DELAY", Config.duration, defaults.retryMaxDelay),
      maxResponseBytes: env("PAYWALL_MAX_RESPONSE_BYTES", Config.integer, defaults.maxResponseBytes)
    })
  )
}
