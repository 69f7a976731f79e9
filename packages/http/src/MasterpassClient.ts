/**
 * The Masterpass client: Masterpass's services as methods, each an `Effect` with a typed
 * failure channel, run by the one {@link PaywallClient} pipeline from its declaration in
 * `PaywallApi`.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import {
  CreateSession,
  type CreateSessionRequest,
  type MasterpassSession,
  PaywallApi,
  type PaywallError
} from "@paywall-effect/domain"
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
}

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
        )
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
