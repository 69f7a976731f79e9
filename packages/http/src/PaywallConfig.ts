/**
 * Where Paywall is, how its answers are read, and how long and how often the client tries.
 * Every setting is named once, in {@link Settings}: the options of {@link layer}, the
 * `PAYWALL_*` variables of {@link layerConfig}, the defaults and the checks all come from it.
 *
 * @since 0.1.0
 */
import * as PaywallApi from "@paywall-effect/domain/PaywallApi"
import * as Arr from "effect/Array"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Record from "effect/Record"
import * as Schema from "effect/Schema"

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"])

const isLoopback = (hostname: string): boolean => loopbackHosts.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname)

/** Why a base URL is refused, if it is. */
const baseUrlProblem = (text: string): string | undefined => {
  if (!URL.canParse(text)) return "must be an absolute URL such as https://test-payment-api.itspaywall.com"
  const url = new URL(text)
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
    return "must use https (plain http is allowed only for a loopback host)"
  }
  if (url.username !== "" || url.password !== "") return "must not carry a user name or password"
  // `URL` drops an empty `?` or `#`, so the text itself is checked: either would end up inside request paths.
  if (url.search !== "" || url.hash !== "" || /[?#]/.test(text)) return "must not carry a query or fragment"
  return undefined
}

/** An absolute https (or loopback http) URL without credentials, query or fragment; kept without a trailing slash. */
const BaseUrl = Schema.transformOrFail(Schema.String, Schema.String, {
  strict: true,
  decode: (text, _, ast) => {
    const problem = baseUrlProblem(text)
    return problem === undefined
      ? ParseResult.succeed(new URL(text).href.replace(/\/+$/, ""))
      : ParseResult.fail(new ParseResult.Type(ast, text, problem))
  },
  encode: ParseResult.succeed
})

/** An IANA zone name, resolved once (building its formatter is costly, so never per call). */
const TimeZone = Schema.transformOrFail(Schema.String, Schema.TimeZoneFromSelf, {
  strict: true,
  decode: (name, _, ast) =>
    Option.match(DateTime.zoneMakeNamed(name), {
      onNone: () =>
        ParseResult.fail(new ParseResult.Type(ast, name, "must be an IANA time zone such as Europe/Istanbul")),
      onSome: ParseResult.succeed
    }),
  encode: (zone) => ParseResult.succeed(DateTime.zoneToString(zone))
})

/** A duration as Effect reads one: `"10 seconds"`, a number of milliseconds, or a `Duration`. */
const DurationInput = Schema.declare((u): u is Duration.DurationInput => Option.isSome(Duration.decodeUnknown(u)), {
  identifier: "DurationInput"
})

const PositiveDuration = Schema.transformOrFail(DurationInput, Schema.DurationFromSelf, {
  strict: true,
  decode: (input, _, ast) => {
    const duration = Duration.decode(input)
    return Duration.greaterThan(duration, Duration.zero) && Duration.isFinite(duration)
      ? ParseResult.succeed(duration)
      : ParseResult.fail(new ParseResult.Type(ast, input, "must be a positive, finite duration such as \"10 seconds\""))
  },
  encode: ParseResult.succeed
})

/** A whole number within bounds, given as a number or as its text (from the environment). */
const WholeNumber = (min: number, max: number) =>
  Schema.transformOrFail(Schema.Union(Schema.Number, Schema.String), Schema.Number, {
    strict: true,
    decode: (input, _, ast) => {
      const value = typeof input === "number" ? input : input.trim() === "" ? Number.NaN : Number(input)
      return Number.isInteger(value) && value >= min && value <= max
        ? ParseResult.succeed(value)
        : ParseResult.fail(new ParseResult.Type(ast, input, `must be a whole number from ${min} to ${max}`))
    },
    encode: ParseResult.succeed
  })

/**
 * Every setting with its type, default and bounds. Its encoded form is {@link Options}; its
 * type is the resolved {@link Settings} the client reads:
 * - `baseUrl`: the Payment API's base URL (default: the test Payment API; https, or http to a loopback host);
 * - `privateBaseUrl`: the Payment Private API's base URL, for payment query, cancel and refund
 *   (default: the test Private API; production is always explicit, as for `baseUrl`);
 * - `expiryTimeZone`: the zone of bare expiry times (default `Europe/Istanbul`, an assumption);
 * - `attemptTimeout`: the longest one attempt may take, sending to last byte (default 10 seconds);
 * - `deadline`: the longest a whole call may take, retries and backoff included (default 30 seconds);
 * - `maxRetries`: retries of transient failures, 0 turns them off (default 2, at most 10);
 * - `retryBaseDelay` / `retryMaxDelay`: the jittered exponential backoff's start and cap, which
 *   also caps a `Retry-After` (defaults 250 millis and 5 seconds);
 * - `maxResponseBytes`: the largest answer read, decoded bytes (default 1 MiB).
 *
 * @example
 * ```ts
 * import { PaywallConfig } from "@paywall-effect/http"
 * import { Schema } from "effect"
 *
 * Schema.decodeUnknownSync(PaywallConfig.Settings)({}).maxRetries // 2
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const Settings = Schema.Struct({
  baseUrl: Schema.optionalWith(BaseUrl, { default: () => PaywallApi.testBaseUrl }),
  privateBaseUrl: Schema.optionalWith(BaseUrl, { default: () => PaywallApi.testPrivateBaseUrl }),
  expiryTimeZone: Schema.optionalWith(TimeZone, {
    default: () => DateTime.zoneUnsafeMakeNamed(PaywallApi.defaultExpiryTimeZone)
  }),
  attemptTimeout: Schema.optionalWith(PositiveDuration, { default: () => Duration.seconds(10) }),
  deadline: Schema.optionalWith(PositiveDuration, { default: () => Duration.seconds(30) }),
  maxRetries: Schema.optionalWith(WholeNumber(0, 10), { default: () => 2 }),
  retryBaseDelay: Schema.optionalWith(PositiveDuration, { default: () => Duration.millis(250) }),
  retryMaxDelay: Schema.optionalWith(PositiveDuration, { default: () => Duration.seconds(5) }),
  maxResponseBytes: Schema.optionalWith(WholeNumber(1024, 2 ** 30), { default: () => 1024 * 1024 })
})

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
export type Settings = typeof Settings.Type

/**
 * The options of {@link layer}, each optional (left out, it takes its default).
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
export type Options = typeof Settings.Encoded

/**
 * The environment variable of each setting: `PAYWALL_` and the option's name in capitals
 * (`maxRetries` is `PAYWALL_MAX_RETRIES`).
 *
 * @example
 * ```ts
 * import { PaywallConfig } from "@paywall-effect/http"
 *
 * PaywallConfig.variables.deadline // "PAYWALL_DEADLINE"
 * ```
 *
 * @since 0.2.0
 * @category constants
 */
export const variables: { readonly [K in keyof Options]-?: string } = Record.map(
  Settings.fields,
  (_, key) => `PAYWALL_${key.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}`
)

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

const decodeSettings = Schema.decodeUnknownEither(Settings, { errors: "all", onExcessProperty: "error" })

/** Decodes the options, naming each invalid one by `label` (its option or variable name). */
const resolve = (options: unknown, label: (key: string) => string): Either.Either<Settings, ConfigError.ConfigError> =>
  Either.mapLeft(decodeSettings(options), (error) => {
    const errors = ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => {
      const key = String(issue.path[0] ?? "")
      const name = label(key)
      return ConfigError.InvalidData(
        [name],
        issue._tag === "Unexpected" ? `${name} is not a setting` : `${name} ${issue.message}`
      )
    })
    return Arr.reduce(errors.slice(1), errors[0]!, ConfigError.And)
  })

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
export const layer = (options: Options = {}): Layer.Layer<PaywallConfig, ConfigError.ConfigError> =>
  Layer.effect(PaywallConfig, resolve(options, (key) => key))

/**
 * Reads the settings with `Config` from their {@link variables} (`PAYWALL_BASE_URL`,
 * `PAYWALL_EXPIRY_TIME_ZONE`, `PAYWALL_ATTEMPT_TIMEOUT`, `PAYWALL_DEADLINE`,
 * `PAYWALL_MAX_RETRIES`, `PAYWALL_RETRY_BASE_DELAY`, `PAYWALL_RETRY_MAX_DELAY`,
 * `PAYWALL_MAX_RESPONSE_BYTES`), each optional with the defaults of {@link Settings}. Any of them
 * can be read from another `Config` instead.
 *
 * @example
 * ```ts
 * import { PaywallConfig } from "@paywall-effect/http"
 * import { Config } from "effect"
 *
 * const ConfigLive = PaywallConfig.layerConfig({ baseUrl: Config.string("PAYMENT_API_URL") })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  overrides: { readonly [K in keyof Options]?: Config.Config<string> } = {}
): Layer.Layer<PaywallConfig, ConfigError.ConfigError> =>
  Layer.effect(
    PaywallConfig,
    Effect.flatMap(
      Config.all(Record.map(variables, (name, key) => Config.option(overrides[key] ?? Config.string(name)))),
      (texts) => resolve(Record.getSomes(texts), (key) => variables[key as keyof Options] ?? key)
    )
  )
