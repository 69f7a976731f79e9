/**
 * The merchant's private key pair, held as `Redacted` values from the moment it is read.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

/**
 * The private key pair, as `Redacted` values.
 *
 * @example
 * ```ts
 * import type { PaywallCredentials } from "@paywall-effect/http"
 * import { Redacted } from "effect"
 *
 * const credentials: PaywallCredentials.Credentials = {
 *   apiKeyPrivate: Redacted.make("key"),
 *   apiClientPrivate: Redacted.make("client")
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Credentials {
  /** Sent as the `apikeyprivate` header. */
  readonly apiKeyPrivate: Redacted.Redacted<string>
  /** Sent as the `apiclientprivate` header. */
  readonly apiClientPrivate: Redacted.Redacted<string>
}

/**
 * The credentials every Masterpass call sends. Both are server-side secrets.
 *
 * @example
 * ```ts
 * import { PaywallCredentials } from "@paywall-effect/http"
 * import { Effect, Redacted } from "effect"
 *
 * // Only where a secret must really be read: never log it.
 * const keyLength = Effect.map(PaywallCredentials.PaywallCredentials, (c) => Redacted.value(c.apiKeyPrivate).length)
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class PaywallCredentials extends Context.Tag("@paywall-effect/http/PaywallCredentials")<
  PaywallCredentials,
  Credentials
>() {}

/**
 * A credential must be visible ASCII only (0x21-0x7E), and non-empty: that is all an HTTP
 * header value carries unchanged. A control character would split the header, a space would
 * never match on Paywall's side, and a character outside ASCII (`€`, a zero-width space pasted
 * with the key) cannot be sent at all, so every attempt would fail; better refuse it here.
 */
const isHeaderSafe = (value: string): boolean => /^[\x21-\x7e]+$/.test(value)

const checked = (label: string) => (config: Config.Config<Redacted.Redacted<string>>) =>
  Config.validate(config, {
    message: `${label} must be non-empty visible ASCII (no spaces, control or non-ASCII characters)`,
    validation: (value) => isHeaderSafe(Redacted.value(value))
  })

/** A missing variable's error says so, by name (`Config.redacted` words it as `"<redacted>"`). */
const sayNotSet = (error: ConfigError.ConfigError): ConfigError.ConfigError => {
  switch (error._op) {
    case "And":
      return ConfigError.And(sayNotSet(error.left), sayNotSet(error.right))
    case "Or":
      return ConfigError.Or(sayNotSet(error.left), sayNotSet(error.right))
    case "MissingData":
      return ConfigError.MissingData(error.path, `${error.path.join(".")} is not set`)
    default:
      return error
  }
}

const fromConfig = (config: Config.Config<Credentials>): Layer.Layer<PaywallCredentials, ConfigError.ConfigError> =>
  Layer.mapError(Layer.effect(PaywallCredentials, config), sayNotSet)

/** A checked value whose errors carry `name` as their path. */
const named = (name: string, config: Config.Config<Redacted.Redacted<string>>) =>
  Config.nested(checked(name)(config), name)

/**
 * Provides credentials given as values. An empty value, or one with a character other than
 * visible ASCII, fails the layer with a `ConfigError` naming the field (never showing the value).
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { PaywallCredentials } from "@paywall-effect/http"
 *
 * const CredentialsLive = PaywallCredentials.layer({
 *   apiKeyPrivate: Redacted.make("my-key"),
 *   apiClientPrivate: Redacted.make("my-client")
 * })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (credentials: Credentials): Layer.Layer<PaywallCredentials, ConfigError.ConfigError> =>
  fromConfig(Config.all({
    apiKeyPrivate: named("apiKeyPrivate", Config.succeed(credentials.apiKeyPrivate)),
    apiClientPrivate: named("apiClientPrivate", Config.succeed(credentials.apiClientPrivate))
  }))

/**
 * Reads the credentials with `Config.redacted`, by default from `PAYWALL_API_KEY_PRIVATE`
 * and `PAYWALL_API_CLIENT_PRIVATE`. A missing variable is a `ConfigError` naming it
 * (`PAYWALL_API_KEY_PRIVATE is not set`); an invalid one a `ConfigError` at its name.
 *
 * @example
 * ```ts
 * import { PaywallCredentials } from "@paywall-effect/http"
 *
 * const CredentialsLive = PaywallCredentials.layerConfig()
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (options?: {
  readonly apiKeyPrivate?: Config.Config<Redacted.Redacted<string>>
  readonly apiClientPrivate?: Config.Config<Redacted.Redacted<string>>
}): Layer.Layer<PaywallCredentials, ConfigError.ConfigError> =>
  fromConfig(Config.all({
    apiKeyPrivate: options?.apiKeyPrivate === undefined
      ? named("PAYWALL_API_KEY_PRIVATE", Config.redacted())
      : checked("PAYWALL_API_KEY_PRIVATE")(options.apiKeyPrivate),
    apiClientPrivate: options?.apiClientPrivate === undefined
      ? named("PAYWALL_API_CLIENT_PRIVATE", Config.redacted())
      : checked("PAYWALL_API_CLIENT_PRIVATE")(options.apiClientPrivate)
  }))
