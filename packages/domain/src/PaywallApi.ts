/**
 * Paywall's API as data: where its test environment is, how a call authenticates, the zone
 * its bare times are assumed to be in, and every endpoint this library calls, each declared
 * once. The client, the sandbox, the testing kit and the OpenAPI document all read these.
 *
 * @since 0.2.0
 */
import * as CreateSessionRequest from "./CreateSessionRequest.js"
import * as MasterpassSession from "./MasterpassSession.js"
import * as PaywallEndpoint from "./PaywallEndpoint.js"

/**
 * Paywall's test Payment API: the default base URL. Production is always an explicit setting.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * PaywallApi.testBaseUrl // "https://test-payment-api.itspaywall.com"
 * ```
 *
 * @since 0.2.0
 * @category constants
 */
export const testBaseUrl = "https://test-payment-api.itspaywall.com"

/**
 * The headers that carry the merchant's private key pair on every call.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * Object.values(PaywallApi.credentialHeaders) // ["apikeyprivate", "apiclientprivate"]
 * ```
 *
 * @since 0.2.0
 * @category constants
 */
export const credentialHeaders = { apiKeyPrivate: "apikeyprivate", apiClientPrivate: "apiclientprivate" } as const

/**
 * The zone a bare expiry time (`2025-07-27T11:24:57`) is read in by default. Paywall does not
 * document it; Europe/Istanbul (Paywall is a Turkish service) is an assumption, hence a setting.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * PaywallApi.defaultExpiryTimeZone // "Europe/Istanbul"
 * ```
 *
 * @since 0.2.0
 * @category constants
 */
export const defaultExpiryTimeZone = "Europe/Istanbul"

/**
 * Masterpass Create Session: `POST /api/paywall/masterpass/session` with a
 * {@link CreateSessionRequest.CreateSessionRequest}; the `Body` of its success is the session.
 * Not idempotent for Paywall (a second call makes a second session) but harmless to repeat:
 * the first session is simply never used.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * `${PaywallApi.createSession.method} ${PaywallApi.createSession.path}` // "POST /api/paywall/masterpass/session"
 * ```
 *
 * @since 0.2.0
 * @category endpoints
 */
export const createSession = PaywallEndpoint.make({
  name: "createSession",
  method: "POST",
  path: "/api/paywall/masterpass/session",
  request: CreateSessionRequest.CreateSessionRequest,
  phoneFields: ["UserPhone"],
  reply: ({ expiryTimeZone }) => MasterpassSession.fromSessionBody(expiryTimeZone),
  idempotent: true
})

/**
 * Every endpoint this library calls, by name.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 *
 * Object.keys(PaywallApi.endpoints) // ["createSession"]
 * ```
 *
 * @since 0.2.0
 * @category endpoints
 */
export const endpoints = { createSession } as const
