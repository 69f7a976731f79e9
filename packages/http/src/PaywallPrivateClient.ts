/**
 * The Payment Private API client: query, cancel, refund, partial refund and cancel-or-refund as
 * methods, each an `Effect` with a typed failure channel, run by the one {@link PaywallClient}
 * pipeline from its declaration in `PaywallApi`; and `reconcile`, which tells what became of a
 * money-moving call whose outcome is unknown.
 *
 * @since 0.5.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as PaywallApi from "@paywall-effect/domain/PaywallApi"
import type * as PaywallError from "@paywall-effect/domain/PaywallError"
import * as Reconciliation from "@paywall-effect/domain/Reconciliation"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { Call } from "./MasterpassClient.js"
import * as PaywallClient from "./PaywallClient.js"
import * as PaywallConfig from "./PaywallConfig.js"
import * as PaywallCredentials from "./PaywallCredentials.js"

/**
 * What the Private API client does. The four money-moving calls are `idempotent: false`: none
 * is ever sent twice by the client. A failure after the request may have reached Paywall (a
 * reset, a timeout, a body cut off, a 408/429/5xx without an envelope) is not retried and has
 * `outcomeUnknown: true`: then call {@link Service.reconcile} before anything else.
 *
 * @example
 * ```ts
 * import type { PaywallPrivateClient } from "@paywall-effect/http"
 *
 * const status = (client: PaywallPrivateClient.Service, merchantUniqueCode: string) =>
 *   client.queryPayment({ merchantUniqueCode })
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export interface Service {
  /** The payment with this merchant's code (`GET .../private/query`, code in the `merchantuniquecode` header). */
  readonly queryPayment: Call<typeof PaywallApi.queryPayment>
  /** The payment with this Paywall code (`GET .../private/query/by/uniquecode`, Guid in the `uniquecode` header). */
  readonly queryPaymentByUniqueCode: Call<typeof PaywallApi.queryPaymentByUniqueCode>
  /** Cancels a payment on its day (`POST .../private/cancel`). Never sent twice. */
  readonly cancelPayment: Call<typeof PaywallApi.cancelPayment>
  /** Refunds a payment after its day (`POST .../private/refund`). Never sent twice. */
  readonly refundPayment: Call<typeof PaywallApi.refundPayment>
  /** Refunds part of a payment, the amount written exactly (`POST .../private/refund/partial`). Never sent twice. */
  readonly refundPartially: Call<typeof PaywallApi.refundPartially>
  /** Cancels on the payment's day, refunds (partially for another amount) after it (`POST .../private/revert`). Never sent twice. */
  readonly revertPayment: Call<typeof PaywallApi.revertPayment>
  /**
   * Queries the payment an operation was about (by its merchant's code) and says what became
   * of the operation: `Applied`, `NotApplied` or `Undetermined` (see `Reconciliation.judge` for
   * each operation's rule). Its failures are the query's.
   */
  readonly reconcile: (
    operation: Reconciliation.Operation
  ) => Effect.Effect<Reconciliation.Reconciliation, PaywallError.PaywallError>
}

/**
 * The Private API client service.
 *
 * @example
 * ```ts
 * import { PaywallPrivateClient } from "@paywall-effect/http"
 * import { Effect } from "effect"
 *
 * const payment = Effect.flatMap(PaywallPrivateClient.PaywallPrivateClient, (client) =>
 *   client.queryPayment({ merchantUniqueCode: "order-1001" }))
 * ```
 *
 * @since 0.5.0
 * @category tags
 */
export class PaywallPrivateClient extends Context.Tag("@paywall-effect/http/PaywallPrivateClient")<
  PaywallPrivateClient,
  Service
>() {}

/**
 * Builds the client on the {@link PaywallClient.PaywallClient} pipeline in context.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { PaywallClient, PaywallConfig, PaywallCredentials, PaywallPrivateClient } from "@paywall-effect/http"
 * import { Effect } from "effect"
 *
 * const client = PaywallPrivateClient.make.pipe(
 *   Effect.provide(PaywallClient.layer),
 *   Effect.provide([PaywallCredentials.layerConfig(), PaywallConfig.layerConfig(), FetchHttpClient.layer])
 * )
 * ```
 *
 * @since 0.5.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, PaywallClient.PaywallClient> = Effect.map(
  PaywallClient.PaywallClient,
  (paywall) =>
    PaywallPrivateClient.of({
      queryPayment: (request) => paywall.call(PaywallApi.queryPayment, request),
      queryPaymentByUniqueCode: (request) => paywall.call(PaywallApi.queryPaymentByUniqueCode, request),
      cancelPayment: (request) => paywall.call(PaywallApi.cancelPayment, request),
      refundPayment: (request) => paywall.call(PaywallApi.refundPayment, request),
      refundPartially: (request) => paywall.call(PaywallApi.refundPartially, request),
      revertPayment: (request) => paywall.call(PaywallApi.revertPayment, request),
      reconcile: (operation) =>
        paywall.call(PaywallApi.queryPayment, { merchantUniqueCode: Reconciliation.merchantUniqueCodeOf(operation) })
          .pipe(
            Effect.map((payment) => Reconciliation.judge(operation, payment)),
            Effect.withSpan("Paywall.reconcile", {
              kind: "internal",
              attributes: { "paywall.operation": operation.operation },
              captureStackTrace: false
            })
          )
    })
)

/**
 * The client as a layer, needing an `HttpClient`, credentials and settings (the Private API's
 * base URL is the setting `privateBaseUrl`).
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { PaywallConfig, PaywallCredentials, PaywallPrivateClient } from "@paywall-effect/http"
 * import { Layer } from "effect"
 *
 * const PrivateLive = PaywallPrivateClient.layer.pipe(
 *   Layer.provide([PaywallCredentials.layerConfig(), PaywallConfig.layerConfig(), FetchHttpClient.layer])
 * )
 * ```
 *
 * @since 0.5.0
 * @category layers
 */
export const layer: Layer.Layer<
  PaywallPrivateClient,
  never,
  HttpClient.HttpClient | PaywallCredentials.PaywallCredentials | PaywallConfig.PaywallConfig
> = Layer.effect(PaywallPrivateClient, make).pipe(Layer.provide(PaywallClient.layer))

/**
 * The client with its credentials and settings read from the `PAYWALL_*` environment variables;
 * only the `HttpClient` is left to provide.
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { PaywallPrivateClient } from "@paywall-effect/http"
 * import { Layer } from "effect"
 *
 * const PrivateLive = PaywallPrivateClient.layerConfig.pipe(Layer.provide(NodeHttpClient.layerUndici))
 * ```
 *
 * @since 0.5.0
 * @category layers
 */
export const layerConfig: Layer.Layer<PaywallPrivateClient, ConfigError.ConfigError, HttpClient.HttpClient> = layer
  .pipe(Layer.provide([PaywallCredentials.layerConfig(), PaywallConfig.layerConfig()]))
