/**
 * Where Paywall is and how its answers are read.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"

/**
 * Paywall's test Payment API: the default. Production is always an explicit setting.
 *
 * @since 0.1.0
 * @category constants
 */
export const testBaseUrl = "https://test-payment-api.itspaywall.com"

/**
 * The zone a bare expiry time (`2025-07-27T11:24:57`) is read in. Paywall does not document
 * it; Europe/Istanbul (Paywall is a Turkish service) is an assumption, hence configurable.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultExpiryTimeZone = "Europe/Istanbul"

/**
 * @since 0.1.0
 * @category models
 */
export interface Settings {
  /** Absolute base URL without a trailing slash, e.g. `https://test-payment-api.itspaywall.com`. */
  readonly baseUrl: string
  /** The zone of expiry times that carry no offset, resolved once. */
  readonly expiryTimeZone: DateTime.TimeZone
}

/**
 * @since 0.1.0
 * @category tags
 */
export class PaywallConfig extends Context.Tag("@paywall-effect/http/PaywallConfig")<PaywallConfig, Settings>() {}

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"])

const isLoopback = (hostname: string): boolean => loopbackHosts.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname)

/**
 * Checks a base URL: absolute, https (plain http only for a loopback host), no credentials,
 * query or fragment in it. Returns it without a trailing slash.
 *
 * @since 0.1.0
 * @category validation
 */
export const parseBaseUrl = (label: string, text: string): Either.Either<string, ConfigError.ConfigError> => {
  const invalid = (why: string) => Either.left(ConfigError.InvalidData([label], `${label} ${why}`))
  if (!URL.canParse(text)) return invalid("must be an absolute URL such as https://test-payment-api.itspaywall.com")
  const url = new URL(text)
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
    return invalid("must use https (plain http is allowed only for a loopback host)")
  }
  if (url.username !== "" || url.password !== "") return invalid("must not carry a user name or password")
  if (url.search !== "" || url.hash !== "") return invalid("must not carry a query or fragment")
  return Either.right(url.href.replace(/\/+$/, ""))
}

/**
 * Resolves an IANA time zone name once (building its formatter is costly, so never per call).
 *
 * @since 0.1.0
 * @category validation
 */
export const parseTimeZone = (label: string, name: string): Either.Either<DateTime.TimeZone, ConfigError.ConfigError> =>
  Option.match(DateTime.zoneMakeNamed(name), {
    onNone: () =>
      Either.left(ConfigError.InvalidData([label], `${label} must be an IANA time zone such as Europe/Istanbul`)),
    onSome: Either.right
  })

const settings = (options: {
  readonly baseUrl: readonly [label: string, Config.Config<string>]
  readonly expiryTimeZone: readonly [label: string, Config.Config<string>]
}): Config.Config<Settings> =>
  Config.all({
    baseUrl: Config.mapOrFail(options.baseUrl[1], (text) => parseBaseUrl(options.baseUrl[0], text)),
    expiryTimeZone: Config.mapOrFail(
      options.expiryTimeZone[1],
      (name) => parseTimeZone(options.expiryTimeZone[0], name)
    )
  })

/**
 * Provides settings given as values; anything left out takes its default (the test
 * Payment API, Europe/Istanbul). An invalid value fails the layer with a `ConfigError`.
 *
 * @example
 * ```ts
 * import { PaywallConfig } from "@paywall-effect/http"
 *
 * const ConfigLive = PaywallConfig.layer({ baseUrl: "https://payment-api.itspaywall.com" })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options?: {
  readonly baseUrl?: string
  readonly expiryTimeZone?: string
}): Layer.Layer<PaywallConfig, ConfigError.ConfigError> =>
  Layer.effect(
    PaywallConfig,
    settings({
      baseUrl: ["baseUrl", Config.succeed(options?.baseUrl ?? testBaseUrl)],
      expiryTimeZone: ["expiryTimeZone", Config.succeed(options?.expiryTimeZone ?? defaultExpiryTimeZone)]
    })
  )

/**
 * Reads the settings with `Config`, by default from `PAYWALL_BASE_URL` and
 * `PAYWALL_EXPIRY_TIME_ZONE`, with the same defaults as {@link layer}. Either can be
 * replaced by another `Config` (a command-line flag, say).
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
  readonly expiryTimeZone?: Config.Config<string>
}): Layer.Layer<PaywallConfig, ConfigError.ConfigError> =>
  Layer.effect(
    PaywallConfig,
    settings({
      baseUrl: [
        "PAYWALL_BASE_URL",
        options?.baseUrl ?? Config.withDefault(Config.string("PAYWALL_BASE_URL"), testBaseUrl)
      ],
      expiryTimeZone: [
        "PAYWALL_EXPIRY_TIME_ZONE",
        options?.expiryTimeZone
          ?? Config.withDefault(Config.string("PAYWALL_EXPIRY_TIME_ZONE"), defaultExpiryTimeZone)
      ]
    })
  )
