/**
 * The check of Paywall's 3D callbacks: a posted form decoded into a `ThreeDCallback` and its
 * hash verified (SHA-256 over `{hashKey}###{paymentId}###{merchantUniqueCode}###{amount}###{installment}`,
 * compared in constant time) with the merchant's 3D hash key, held as a `Redacted` value from the
 * moment it is read. A refused callback is a typed error that shows neither the key nor any hash.
 *
 * @since 0.5.0
 */
import * as PaywallApi from "@paywall-effect/domain/PaywallApi"
import * as ThreeDCallback from "@paywall-effect/domain/ThreeDCallback"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { createHash, timingSafeEqual } from "node:crypto"
import { checked, named, sayNotSet } from "./internal/secret.js"

/**
 * A callback that was not refused: the callback read, and whether its hash was checked against
 * your key (`verified: true`), or no key is configured and it was taken as is (`verified: false`).
 * With a key configured every callback received is verified: the others are refused.
 *
 * @example
 * ```ts
 * import type { ThreeDCallbackVerifier } from "@paywall-effect/http"
 *
 * const trusted = (received: ThreeDCallbackVerifier.Received) => received.verified && received.callback.status === "Success"
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export interface Received {
  readonly callback: ThreeDCallback.ThreeDCallback
  readonly verified: boolean
}

/**
 * What the verifier does.
 *
 * @example
 * ```ts
 * import type { ThreeDCallbackVerifier } from "@paywall-effect/http"
 *
 * // An Express or Fastify body parsed by URLSearchParams works as well as @effect/platform's UrlParams.
 * const check = (verifier: ThreeDCallbackVerifier.Service, body: string) => verifier.verify(new URLSearchParams(body))
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export interface Service {
  /**
   * Reads a posted form (its entries, a repeated name once per value: `UrlParams`,
   * `URLSearchParams`, an array of pairs) and checks its hash. Fails with
   * `ThreeDCallbackMalformed` for a form Paywall's docs do not describe, and, when a key is
   * configured, `ThreeDCallbackHashMissing` or `ThreeDCallbackHashMismatch`.
   */
  readonly verify: (
    form: Iterable<readonly [string, string]>
  ) => Effect.Effect<Received, ThreeDCallback.ThreeDCallbackError>
  /** Whether a key is configured, so that every callback received is verified. */
  readonly verifies: boolean
}

/**
 * The verifier, as a service.
 *
 * @example
 * ```ts
 * import { ThreeDCallbackVerifier } from "@paywall-effect/http"
 * import { Effect } from "effect"
 *
 * const received = Effect.flatMap(ThreeDCallbackVerifier.ThreeDCallbackVerifier, (verifier) =>
 *   verifier.verify([["status", "Success"]]))
 * ```
 *
 * @since 0.5.0
 * @category tags
 */
export class ThreeDCallbackVerifier extends Context.Tag("@paywall-effect/http/ThreeDCallbackVerifier")<
  ThreeDCallbackVerifier,
  Service
>() {}

/**
 * How callbacks are read:
 * - `amountFormat`: how the amount is written in the hash string, default
 *   `ThreeDCallback.invariantCulture` (`101.50`; Paywall does not document it, see the README);
 * - `timeZone`: the IANA zone a bare local `date` is read in, default Europe/Istanbul (as
 *   session expiry times; Paywall does not document it either).
 *
 * @example
 * ```ts
 * import { ThreeDCallback } from "@paywall-effect/domain"
 * import type { ThreeDCallbackVerifier } from "@paywall-effect/http"
 *
 * const options: ThreeDCallbackVerifier.Options = { amountFormat: ThreeDCallback.turkishCulture, timeZone: "Europe/Istanbul" }
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export interface Options {
  readonly amountFormat?: ThreeDCallback.AmountFormat
  readonly timeZone?: string
}

/**
 * The environment variable {@link layerConfig} reads the key from.
 *
 * @example
 * ```ts
 * import { ThreeDCallbackVerifier } from "@paywall-effect/http"
 *
 * ThreeDCallbackVerifier.hashKeyVariable // "PAYWALL_3D_HASH_KEY"
 * ```
 *
 * @since 0.5.0
 * @category constants
 */
export const hashKeyVariable = "PAYWALL_3D_HASH_KEY"

/** The SHA-256 of the hash string, as bytes; the string (which holds the key) is dropped at once. */
const digest = (
  hashKey: Redacted.Redacted<string>,
  signed: ThreeDCallback.Signed,
  amountFormat: ThreeDCallback.AmountFormat | undefined
): Buffer => createHash("sha256").update(ThreeDCallback.hashInput(hashKey, signed, amountFormat), "utf8").digest()

/**
 * The hash Paywall posts for `signed` under `hashKey`: the lowercase hex SHA-256 of
 * `ThreeDCallback.hashInput`. For signing callbacks in tests and sandboxes; a verifier never
 * shows it.
 *
 * @example
 * ```ts
 * import { MasterpassService } from "@paywall-effect/domain"
 * import { ThreeDCallbackVerifier } from "@paywall-effect/http"
 * import { BigDecimal, Redacted } from "effect"
 *
 * ThreeDCallbackVerifier.sign(Redacted.make("key"), {
 *   paymentId: MasterpassService.PaymentId.make(8013143466n),
 *   merchantUniqueCode: "order-1001",
 *   amount: BigDecimal.unsafeFromString("149.90"),
 *   installment: 1
 * }).length // 64
 * ```
 *
 * @since 0.5.0
 * @category hashing
 */
export const sign = (
  hashKey: Redacted.Redacted<string>,
  signed: ThreeDCallback.Signed,
  amountFormat?: ThreeDCallback.AmountFormat
): string => digest(hashKey, signed, amountFormat).toString("hex")

const hexHash = /^[0-9a-fA-F]{64}$/

/**
 * Whether `posted` is the hash of `signed`, compared in constant time. A posted text that is not
 * 64 hex digits is compared too (as zeros) and then refused, so the time taken says nothing.
 */
const matches = (
  hashKey: Redacted.Redacted<string>,
  signed: ThreeDCallback.Signed,
  amountFormat: ThreeDCallback.AmountFormat | undefined,
  posted: string
): boolean => {
  const wellFormed = hexHash.test(posted)
  const given = wellFormed ? Buffer.from(posted, "hex") : Buffer.alloc(32)
  const equal = timingSafeEqual(digest(hashKey, signed, amountFormat), given)
  return wellFormed && equal
}

/**
 * Builds a verifier: with a `hashKey` every callback must carry its hash; without one
 * (`undefined`), every well-formed callback is received unverified. The key is used as given:
 * the layers check it first.
 *
 * @example
 * ```ts
 * import { ThreeDCallbackVerifier } from "@paywall-effect/http"
 * import { DateTime, Redacted } from "effect"
 *
 * const verifier = ThreeDCallbackVerifier.make({
 *   hashKey: Redacted.make("my-3d-hash-key"),
 *   timeZone: DateTime.zoneUnsafeMakeNamed("Europe/Istanbul")
 * })
 * ```
 *
 * @since 0.5.0
 * @category constructors
 */
export const make = (options: {
  readonly hashKey: Redacted.Redacted<string> | undefined
  readonly amountFormat?: ThreeDCallback.AmountFormat
  readonly timeZone: DateTime.TimeZone
}): Service => {
  const { amountFormat, hashKey } = options
  const decode = Schema.decodeUnknownEither(ThreeDCallback.fromForm(options.timeZone), { errors: "all" })
  const check = (callback: ThreeDCallback.ThreeDCallback): Effect.Effect<
    Received,
    ThreeDCallback.ThreeDCallbackHashMissing | ThreeDCallback.ThreeDCallbackHashMismatch
  > => {
    if (hashKey === undefined) return Effect.succeed({ callback, verified: false })
    const paymentId = callback.paymentId.toString()
    if (callback.hash === undefined) return Effect.fail(new ThreeDCallback.ThreeDCallbackHashMissing({ paymentId }))
    return matches(hashKey, callback, amountFormat, callback.hash)
      ? Effect.succeed({ callback, verified: true })
      : Effect.fail(new ThreeDCallback.ThreeDCallbackHashMismatch({ paymentId }))
  }
  return ThreeDCallbackVerifier.of({
    verifies: hashKey !== undefined,
    verify: (form) =>
      Effect.suspend((): Effect.Effect<Received, ThreeDCallback.ThreeDCallbackError> =>
        Either.match(decode(Array.from(form)), {
          onLeft: (error) => Effect.fail(ThreeDCallback.ThreeDCallbackMalformed.fromParseError(error)),
          onRight: check
        })
      ).pipe(Effect.withSpan("ThreeDCallbackVerifier.verify", { captureStackTrace: false }))
  })
}

/** The zone named `name` (default Europe/Istanbul), or a `ConfigError` at `timeZone`. */
const zoneNamed = (name: string | undefined): Effect.Effect<DateTime.TimeZone, ConfigError.ConfigError> =>
  Option.match(DateTime.zoneMakeNamed(name ?? PaywallApi.defaultExpiryTimeZone), {
    onNone: () =>
      Effect.fail(ConfigError.InvalidData(["timeZone"], "timeZone must be an IANA time zone such as Europe/Istanbul")),
    onSome: Effect.succeed
  })

/** The verifier with the key `hashKey` reads (checked, "is not set" when missing), or none. */
const fromKey = (
  hashKey: Config.Config<Redacted.Redacted<string>> | undefined,
  options: Options
): Layer.Layer<ThreeDCallbackVerifier, ConfigError.ConfigError> =>
  Layer.effect(
    ThreeDCallbackVerifier,
    Effect.all({
      hashKey: hashKey === undefined ? Effect.succeed(undefined) : Effect.mapError(hashKey, sayNotSet),
      timeZone: zoneNamed(options.timeZone)
    }).pipe(
      Effect.map(({ hashKey, timeZone }) =>
        make({
          hashKey,
          timeZone,
          ...(options.amountFormat === undefined ? {} : { amountFormat: options.amountFormat })
        })
      )
    )
  )

/**
 * Provides a verifier with the key given as a value. An empty key, or one with a character
 * other than visible ASCII (a pasted blank or zero-width space), fails the layer with a
 * `ConfigError` at `hashKey` (never showing the value), as credentials do.
 *
 * @example
 * ```ts
 * import { ThreeDCallbackVerifier } from "@paywall-effect/http"
 * import { Redacted } from "effect"
 *
 * const VerifierLive = ThreeDCallbackVerifier.layer({ hashKey: Redacted.make("my-3d-hash-key") })
 * ```
 *
 * @since 0.5.0
 * @category layers
 */
export const layer = (
  options: Options & { readonly hashKey: Redacted.Redacted<string> }
): Layer.Layer<ThreeDCallbackVerifier, ConfigError.ConfigError> =>
  fromKey(named("hashKey", Config.succeed(options.hashKey)), options)

/**
 * Reads the key with `Config.redacted`, by default from `PAYWALL_3D_HASH_KEY`. A missing variable
 * is a `ConfigError` naming it (`PAYWALL_3D_HASH_KEY is not set`): a forgotten key fails at
 * start-up rather than letting unsigned callbacks through; {@link layerUnverified} is the explicit
 * choice not to verify.
 *
 * @example
 * ```ts
 * import { ThreeDCallbackVerifier } from "@paywall-effect/http"
 * import { Config } from "effect"
 *
 * const VerifierLive = ThreeDCallbackVerifier.layerConfig()
 * const FromOtherName = ThreeDCallbackVerifier.layerConfig({ hashKey: Config.redacted("SHOP_3D_KEY") })
 * ```
 *
 * @since 0.5.0
 * @category layers
 */
export const layerConfig = (
  options: Options & { readonly hashKey?: Config.Config<Redacted.Redacted<string>> } = {}
): Layer.Layer<ThreeDCallbackVerifier, ConfigError.ConfigError> =>
  fromKey(
    options.hashKey === undefined
      ? named(hashKeyVariable, Config.redacted())
      : checked(hashKeyVariable)(options.hashKey),
    options
  )

/**
 * Provides a verifier without a key, for a merchant whose panel has no 3D hash key enabled
 * (Paywall then posts no `hash`): every well-formed callback is received with `verified: false`,
 * a posted `hash` unchecked. Anyone can post such a form: confirm the payment with Paywall
 * (commit, or a query) before acting on it.
 *
 * @example
 * ```ts
 * import { ThreeDCallbackVerifier } from "@paywall-effect/http"
 *
 * const VerifierLive = ThreeDCallbackVerifier.layerUnverified()
 * ```
 *
 * @since 0.5.0
 * @category layers
 */
export const layerUnverified = (options: Options = {}): Layer.Layer<ThreeDCallbackVerifier, ConfigError.ConfigError> =>
  fromKey(undefined, options)
