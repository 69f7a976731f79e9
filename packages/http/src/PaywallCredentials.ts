/**
 * The merchant's private key pair, held as `Redacted` values from the moment it is read.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
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

const fromConfig = (config: Config.Config<Credentials>): Layer.Layer<PaywallCredentials, ConfigError.ConfigError> =>
  Layer.effect(PaywallCredentials, config)

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
    apiKeyPrivate: checked("apiKeyPrivate")(Config.succeed(credentials.apiKeyPrivate)),
    apiClientPrivate: checked("apiClientPrivate")(Config.succeed(credentials.apiClientPrivate))
  }))

/**
 * Reads the credentials with `Config.redacted`, by default from `PAYWALL_API_KEY_PRIVATE`
 * and `PAYWALL_API_CLIENT_PRIVATE`. A missing variable is a `ConfigError` naming it.
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
    apiKeyPrivate: checked("PAYWALL_API_KEY_PRIVATE")(
      options?.apiKeyPrivate ?? Config.redacted("PAYWALL_API_KEY_PRIVATE")
    ),
    apiClientPrivate: checked("PAYWALL_API_CLIENT_PRIVATE")(
      options?.apiClientPrivate ?? Config.redacted("PAYWALL_API_CLIENT_PRIVATE")
    )
  }))
