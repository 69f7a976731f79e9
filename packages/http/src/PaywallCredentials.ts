/**
 * The merchant's key pairs, held as `Redacted` values from the moment they are read: the private
 * pair (every server-side service) and, optionally, the public pair (the temp token for Paywall's
 * browser SDK). Both stay server-side.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import { checked, named, sayNotSet } from "./internal/secret.js"

/**
 * The key pairs, as `Redacted` values; the public pair is optional (both keys or neither).
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
  /** Sent as the `apikeypublic` header, by the temp-token services only. */
  readonly apiKeyPublic?: Redacted.Redacted<string>
  /** Sent as the `apiclientpublic` header, by the temp-token services only. */
  readonly apiClientPublic?: Redacted.Redacted<string>
}

/**
 * The credentials Paywall calls send: each endpoint its declared pair. All are server-side secrets.
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

const fromConfig = (config: Config.Config<Credentials>): Layer.Layer<PaywallCredentials, ConfigError.ConfigError> =>
  Layer.mapError(Layer.effect(PaywallCredentials, config), sayNotSet)

type Named = readonly [name: string, config: Config.Config<Option.Option<Redacted.Redacted<string>>>]

/** The public pair: both keys or neither; one alone names the other as not set. */
const publicPair = ([keyName, key]: Named, [clientName, client]: Named) =>
  Config.mapOrFail(Config.all([key, client]), ([apiKeyPublic, apiClientPublic]) => {
    if (Option.isSome(apiKeyPublic) && Option.isSome(apiClientPublic)) {
      return Either.right({ apiKeyPublic: apiKeyPublic.value, apiClientPublic: apiClientPublic.value })
    }
    if (Option.isNone(apiKeyPublic) && Option.isNone(apiClientPublic)) return Either.right({})
    const missing = Option.isNone(apiKeyPublic) ? keyName : clientName
    return Either.left(ConfigError.MissingData([missing], `${missing} is not set (the public pair needs both keys)`))
  })

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
export const layer = (credentials: Credentials): Layer.Layer<PaywallCredentials, ConfigError.ConfigError> => {
  const given = (name: string, value: Redacted.Redacted<string> | undefined) =>
    value === undefined ? Config.succeed(Option.none()) : Config.option(named(name, Config.succeed(value)))
  return fromConfig(
    Config.all({
      apiKeyPrivate: named("apiKeyPrivate", Config.succeed(credentials.apiKeyPrivate)),
      apiClientPrivate: named("apiClientPrivate", Config.succeed(credentials.apiClientPrivate)),
      publicPair: publicPair(
        ["apiKeyPublic", given("apiKeyPublic", credentials.apiKeyPublic)],
        ["apiClientPublic", given("apiClientPublic", credentials.apiClientPublic)]
      )
    }).pipe(Config.map(({ publicPair, ...pair }) => ({ ...pair, ...publicPair })))
  )
}

/**
 * Reads the credentials with `Config.redacted`, by default from `PAYWALL_API_KEY_PRIVATE` and
 * `PAYWALL_API_CLIENT_PRIVATE`, and the optional public pair from `PAYWALL_API_KEY_PUBLIC` and
 * `PAYWALL_API_CLIENT_PUBLIC`. A missing variable is a `ConfigError` naming it
 * (`PAYWALL_API_KEY_PRIVATE is not set`; one half of the public pair without the other too);
 * an invalid one a `ConfigError` at its name.
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
  readonly apiKeyPublic?: Config.Config<Redacted.Redacted<string>>
  readonly apiClientPublic?: Config.Config<Redacted.Redacted<string>>
}): Layer.Layer<PaywallCredentials, ConfigError.ConfigError> => {
  const read = (name: string, config: Config.Config<Redacted.Redacted<string>> | undefined) =>
    config === undefined ? named(name, Config.redacted()) : checked(name)(config)
  return fromConfig(
    Config.all({
      apiKeyPrivate: read("PAYWALL_API_KEY_PRIVATE", options?.apiKeyPrivate),
      apiClientPrivate: read("PAYWALL_API_CLIENT_PRIVATE", options?.apiClientPrivate),
      publicPair: publicPair(
        ["PAYWALL_API_KEY_PUBLIC", Config.option(read("PAYWALL_API_KEY_PUBLIC", options?.apiKeyPublic))],
        ["PAYWALL_API_CLIENT_PUBLIC", Config.option(read("PAYWALL_API_CLIENT_PUBLIC", options?.apiClientPublic))]
      )
    }).pipe(Config.map(({ publicPair, ...pair }) => ({ ...pair, ...publicPair })))
  )
}
