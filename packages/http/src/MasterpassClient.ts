/**
 * The Masterpass client: Masterpass's services as methods, each an `Effect` with a typed
 * failure channel, run by the one {@link PaywallClient} pipeline from its declaration in
 * `PaywallApi`.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as CreateSession from "@paywall-effect/domain/CreateSession"
import type * as CreateSessionRequest from "@paywall-effect/domain/CreateSessionRequest"
import type * as MasterpassSession from "@paywall-effect/domain/MasterpassSession"
import * as PaywallApi from "@paywall-effect/domain/PaywallApi"
import type * as PaywallEndpoint from "@paywall-effect/domain/PaywallEndpoint"
import type * as PaywallError from "@paywall-effect/domain/PaywallError"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as PaywallClient from "./PaywallClient.js"
import * as PaywallConfig from "./PaywallConfig.js"
import * as PaywallCredentials from "./PaywallCredentials.js"

/**
 * What the Masterpass client does.
 *
 * @example
 * ```ts
 * import { CreateSessionRequest } from "@paywall-effect/domain"
 * import type { MasterpassClient } from "@paywall-effect/http"
 *
 * const start = (client: MasterpassClient.Service) =>
 *   client.createSessionRecord(
 *     new CreateSessionRequest.CreateSessionRequest({ referenceCode: "order-1", userId: "42", userPhone: "905123456710" })
 *   )
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * Creates a Masterpass session. The request is validated first: an invalid one fails with a
   * `PaywallRequestError` naming the fields, before any I/O. Every answer, however malformed,
   * ends in a session or a typed error, never a defect.
   */
  readonly createSession: (
    request: CreateSessionRequest.CreateSessionRequest
  ) => Effect.Effect<MasterpassSession.MasterpassSession, PaywallError.PaywallError>

  /**
   * Creates a Masterpass session and reports it as a `CreateSession` record. It never fails:
   * a failure becomes a `failed` record with its `Code`, and the HTTP status and JSON body
   * where they arrived.
   */
  readonly createSessionRecord: (
    request: CreateSessionRequest.CreateSessionRequest
  ) => Effect.Effect<CreateSession.CreateSession>

  /**
   * The temp token for Paywall's browser SDK (`POST /api/paywall/temptoken/sdk`, sent with the
   * public key pair: without one configured it fails with a `PaywallRequestError`, nothing sent).
   * Give the browser only `token`; keep the reply's `session` for the server-side services.
   */
  readonly createSdkToken: Call<typeof PaywallApi.createSdkToken>

  /** The user's Masterpass account and saved cards (`GET .../card/list`, session in the `sessionid` header). */
  readonly listCards: Call<typeof PaywallApi.listCards>
  /** Deletes a saved card by its alias (`DELETE .../card/delete` with a JSON body). */
  readonly deleteCard: Call<typeof PaywallApi.deleteCard>
  /** Links the user's account to the merchant: normally an OTP step for {@link Service.verifyOtp} with `forLinkToMerchant: true`. */
  readonly linkToMerchant: Call<typeof PaywallApi.linkToMerchant>
  /** Unlinks the user's account from the merchant (`DELETE .../merchant/unlink` with a JSON body). */
  readonly unlinkFromMerchant: Call<typeof PaywallApi.unlinkFromMerchant>
  /** Verifies the OTP of a card or link step. */
  readonly verifyOtp: Call<typeof PaywallApi.verifyOtp>
  /** Sends a step's OTP again; the reply's step carries the token to verify with from now on. */
  readonly resendOtp: Call<typeof PaywallApi.resendOtp>
  /** Verifies a payment's OTP. */
  readonly verifyPayment: Call<typeof PaywallApi.verifyPayment>
  /**
   * Commits a payment. Never sent twice once it may have reached Paywall: such a failure has
   * `outcomeUnknown: true` (query the payment before trying again).
   */
  readonly commitPayment: Call<typeof PaywallApi.commitPayment>
  /** Commits a payment by Paywall's payment id (a `bigint`); never sent twice, as {@link Service.commitPayment}. */
  readonly commitPaymentById: Call<typeof PaywallApi.commitPaymentById>
}

/**
 * A Masterpass service as a method: its request (the session passed explicitly), its reply
 * (with the session to use from now on) or a typed error, which also carries the session when
 * the answer named one.
 *
 * @example
 * ```ts
 * import type { PaywallApi } from "@paywall-effect/domain"
 * import type { MasterpassClient } from "@paywall-effect/http"
 *
 * type ListCards = MasterpassClient.Call<typeof PaywallApi.listCards>
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export type Call<E extends PaywallEndpoint.Any> = (
  request: PaywallEndpoint.Request<E>
) => Effect.Effect<PaywallEndpoint.Reply<E>, PaywallError.PaywallError>

/**
 * The Masterpass client service.
 *
 * @example
 * ```ts
 * import { CreateSessionRequest } from "@paywall-effect/domain"
 * import { MasterpassClient } from "@paywall-effect/http"
 * import { Effect } from "effect"
 *
 * const session = Effect.flatMap(MasterpassClient.MasterpassClient, (client) =>
 *   client.createSession(
 *     new CreateSessionRequest.CreateSessionRequest({ referenceCode: "order-1", userId: "42", userPhone: "905123456710" })
 *   ))
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class MasterpassClient extends Context.Tag("@paywall-effect/http/MasterpassClient")<
  MasterpassClient,
  Service
>() {}

/**
 * Builds the client on the {@link PaywallClient.PaywallClient} pipeline in context.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { MasterpassClient, PaywallClient, PaywallConfig, PaywallCredentials } from "@paywall-effect/http"
 * import { Effect } from "effect"
 *
 * const client = MasterpassClient.make.pipe(
 *   Effect.provide(PaywallClient.layer),
 *   Effect.provide([PaywallCredentials.layerConfig(), PaywallConfig.layerConfig(), FetchHttpClient.layer])
 * )
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, PaywallClient.PaywallClient> = Effect.map(
  PaywallClient.PaywallClient,
  (paywall) =>
    MasterpassClient.of({
      createSession: (request) => paywall.call(PaywallApi.createSession, request),
      createSessionRecord: (request) =>
        Effect.map(
          paywall.exchange(PaywallApi.createSession, request),
          (exchange) =>
            CreateSession.fromResult(exchange.result, { statusCode: exchange.status, responseBody: exchange.body })
        ),
      createSdkToken: (request) => paywall.call(PaywallApi.createSdkToken, request),
      listCards: (request) => paywall.call(PaywallApi.listCards, request),
      deleteCard: (request) => paywall.call(PaywallApi.deleteCard, request),
      linkToMerchant: (request) => paywall.call(PaywallApi.linkToMerchant, request),
      unlinkFromMerchant: (request) => paywall.call(PaywallApi.unlinkFromMerchant, request),
      verifyOtp: (request) => paywall.call(PaywallApi.verifyOtp, request),
      resendOtp: (request) => paywall.call(PaywallApi.resendOtp, request),
      verifyPayment: (request) => paywall.call(PaywallApi.verifyPayment, request),
      commitPayment: (request) => paywall.call(PaywallApi.commitPayment, request),
      commitPaymentById: (request) => paywall.call(PaywallApi.commitPaymentById, request)
    })
)

/**
 * The client as a layer, needing an `HttpClient`, credentials and settings.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { Layer } from "effect"
 * import { MasterpassClient, PaywallConfig, PaywallCredentials } from "@paywall-effect/http"
 *
 * const MasterpassLive = MasterpassClient.layer.pipe(
 *   Layer.provide([PaywallCredentials.layerConfig(), PaywallConfig.layerConfig(), FetchHttpClient.layer])
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<
  MasterpassClient,
  never,
  HttpClient.HttpClient | PaywallCredentials.PaywallCredentials | PaywallConfig.PaywallConfig
> = Layer.effect(MasterpassClient, make).pipe(Layer.provide(PaywallClient.layer))

/**
 * The client with its credentials and settings read from the `PAYWALL_*` environment
 * variables (see `PaywallCredentials.layerConfig` and `PaywallConfig.layerConfig`); only the
 * `HttpClient` is left to provide.
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { MasterpassClient } from "@paywall-effect/http"
 * import { Layer } from "effect"
 *
 * const MasterpassLive = MasterpassClient.layerConfig.pipe(Layer.provide(NodeHttpClient.layerUndici))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: Layer.Layer<MasterpassClient, ConfigError.ConfigError, HttpClient.HttpClient> = layer.pipe(
  Layer.provide([PaywallCredentials.layerConfig(), PaywallConfig.layerConfig()])
)
