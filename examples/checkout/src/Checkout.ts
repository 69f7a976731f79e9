/**
 * The checkout app: the shop's API (`ShopApi`, served by `HttpApiBuilder`), its page and Paywall's
 * 3D callback route (`ThreeDCallbackRoute`) on one HTTP server on 127.0.0.1, the `MasterpassWallet`
 * and the Private API client on paywall-effect's one call pipeline, and Paywall itself: the
 * embedded sandbox (seeded with the demo shopper, its SDK stand-in for the page, its 3D hash key)
 * or the Paywall the `PAYWALL_*` variables name.
 */
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as FileSystem from "@effect/platform/FileSystem"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import {
  MasterpassClient,
  MasterpassWallet,
  PaywallClient,
  PaywallConfig,
  PaywallCredentials,
  PaywallPrivateClient,
  SessionStore,
  ThreeDCallbackRoute,
  ThreeDCallbackVerifier
} from "@paywall-effect/http"
import { BrowserSdk, PaywallSandbox } from "@paywall-effect/sandbox"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Http from "node:http"
import { fileURLToPath } from "node:url"
import * as Orders from "./Orders.js"
import * as Shop from "./Shop.js"
import * as ShopApi from "./ShopApi.js"
import * as Transcript from "./Transcript.js"

/** The docs' example user: the shopper of the demo unless told otherwise. */
export const demoShopper: MasterpassWallet.User = {
  userId: "72812393211",
  userPhone: "905123456710",
  phoneVerifiedByMerchant: true
}

/** The sandbox's Masterpass account of the shopper: two saved cards, not linked to the shop yet. */
export const demoAccount = (shopper: MasterpassWallet.User): NonNullable<PaywallSandbox.Options["accounts"]> => [
  { userId: shopper.userId, linked: false, cards: ["Personal card", "Work card"] }
]

/** Where the app listens, and for whom. */
export interface Options {
  /** The port on 127.0.0.1; 0 for any free one. */
  readonly port: number
  readonly shopper?: MasterpassWallet.User
  /**
   * The app's address as the shopper's browser (and, for 3D, Paywall's callback form) reaches it;
   * default `http://127.0.0.1:<port>`. Against Paywall's test environment it must be reachable from
   * the shopper's browser after Paywall's 3D page: the callback is posted there.
   */
  readonly publicUrl?: string
}

const ShopHandlers = HttpApiBuilder.group(
  ShopApi.ShopApi,
  "shop",
  (handlers) =>
    Effect.map(Shop.Shop, (shop) =>
      handlers
        .handle("shopper", () => Effect.succeed(shop.shopper))
        .handle("cards", () => shop.cards)
        .handle("link", () => shop.link)
        .handle("verifyLink", ({ payload }) => shop.verifyLink(payload.code))
        .handle("resendLinkOtp", () => shop.resendLinkOtp)
        .handle("orders", () => shop.orders)
        .handle("order", ({ payload }) => shop.order(payload.product))
        .handle("sdkToken", ({ path, payload }) => shop.sdkToken(path.orderId, payload))
        .handle("paymentStarted", ({ path, payload }) => shop.paymentStarted(path.orderId, payload))
        .handle("verifyPayment", ({ path, payload }) => shop.verifyPayment(path.orderId, payload.code))
        .handle("resendPaymentOtp", ({ path }) => shop.resendPaymentOtp(path.orderId))
        .handle("commit", ({ path }) => shop.commit(path.orderId))
        .handle("refund", ({ path }) => shop.refund(path.orderId))
        .handle("callbackStep", ({ path }) => shop.callbackStep(path.orderId)))
)

/**
 * Paywall's 3D callback, one route: verified (a forged or tampered form is refused, logged with
 * its typed refusal, and the shopper sent back to the page, which says so), then the shop's.
 */
const Callback = HttpApiBuilder.Router.use((router) =>
  Effect.gen(function*() {
    const shop = yield* Shop.Shop
    const verifier = yield* ThreeDCallbackVerifier.ThreeDCallbackVerifier
    yield* router.concat(
      HttpRouter.empty.pipe(
        ThreeDCallbackRoute.route(ShopApi.callbackPath, shop.threeDCallback, {
          refused: HttpServerResponse.redirect("/?callback=refused", { status: 303 })
        }),
        HttpRouter.provideService(ThreeDCallbackVerifier.ThreeDCallbackVerifier, verifier)
      )
    )
  })
)

const publicFile = (name: string) => fileURLToPath(new URL(`../public/${name}`, import.meta.url))

/**
 * The page (one HTML file, one script, read once at start), with a policy that lets it talk to
 * the shop and to the SDK only.
 */
const Page = (sdkUrl: Option.Option<string>) =>
  HttpApiBuilder.Router.use((router) =>
    Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const html = yield* fs.readFileString(publicFile("index.html"))
      const script = yield* fs.readFileString(publicFile("checkout.js"))
      const sdkOrigin = Option.match(sdkUrl, { onNone: () => "", onSome: (url) => ` ${new URL(url).origin}` })
      const policy =
        `default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'${sdkOrigin}; `
        + "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
      yield* router.get(
        "/",
        Effect.succeed(
          HttpServerResponse.html(html).pipe(HttpServerResponse.setHeader("content-security-policy", policy))
        )
      )
      yield* router.get(
        "/checkout.js",
        Effect.succeed(HttpServerResponse.text(script, { contentType: "text/javascript; charset=utf-8" }))
      )
    })
  )

/** The wallet and the Private API client on the one call pipeline, each call noted in the step being traced. */
const Paywall = Layer.mergeAll(
  MasterpassWallet.layer().pipe(Layer.provide(Layer.effect(MasterpassClient.MasterpassClient, MasterpassClient.make))),
  Layer.effect(PaywallPrivateClient.PaywallPrivateClient, PaywallPrivateClient.make)
).pipe(
  Layer.provide(Transcript.layer),
  Layer.provide(PaywallClient.layer),
  Layer.provide(NodeHttpClient.layerUndici)
)

/** The shop's steps, its callback address from `publicUrl` or the address the server listens on. */
const ShopLive = (options: Options, sdkUrl: Option.Option<string>) =>
  Layer.unwrapEffect(Effect.map(HttpServer.HttpServer, (server) => {
    const base = options.publicUrl
      ?? (server.address._tag === "TcpAddress" ? `http://127.0.0.1:${server.address.port}` : "http://127.0.0.1")
    return Shop.layer({ sdkUrl, callbackUrl: new URL(ShopApi.callbackPath, base).href })
  }))

/**
 * The app on a Paywall given by its settings, credentials and 3D callback verifier; `sdkUrl` is
 * the SDK stand-in's purchase, if any.
 */
const serve = (options: Options, sdkUrl: Option.Option<string>) =>
  HttpApiBuilder.serve(HttpMiddleware.logger).pipe(
    Layer.provide(Page(sdkUrl)),
    Layer.provide(Callback),
    Layer.provide(HttpApiBuilder.api(ShopApi.ShopApi).pipe(Layer.provide(ShopHandlers))),
    Layer.provide(ShopLive(options, sdkUrl)),
    Layer.provide([Paywall, Orders.layer, Layer.succeed(Shop.Shopper, options.shopper ?? demoShopper)]),
    // One store, for the wallet and for the shop's trace of each step's session.
    Layer.provide(SessionStore.layerMemory),
    Layer.provide(NodeFileSystem.layer),
    Layer.provideMerge(NodeHttpServer.layer(Http.createServer, { port: options.port, host: "127.0.0.1" }))
  )

/**
 * The app against the embedded sandbox, started with it on 127.0.0.1 (its other settings from
 * `sandbox`: renewals, faults are injected through the `PaywallSandbox` it also provides).
 */
export const layerSandbox = (options: Options & { readonly sandbox?: PaywallSandbox.Options }) =>
  Layer.unwrapEffect(
    Effect.map(PaywallSandbox.PaywallSandbox, (sandbox) =>
      serve(options, Option.some(`${sandbox.url}${BrowserSdk.purchasePath}`)))
  ).pipe(
    Layer.provideMerge(
      PaywallSandbox.layer({ accounts: demoAccount(options.shopper ?? demoShopper), ...options.sandbox })
    )
  )

/**
 * The app against the Paywall the `PAYWALL_*` variables name (Paywall's test APIs unless
 * `PAYWALL_BASE_URL` and `PAYWALL_PRIVATE_BASE_URL` say otherwise), its 3D callbacks verified with
 * `PAYWALL_3D_HASH_KEY`.
 */
export const layerConfig = (options: Options) =>
  serve(options, Option.none()).pipe(
    Layer.provideMerge(
      Layer.mergeAll(
        PaywallConfig.layerConfig(),
        PaywallCredentials.layerConfig(),
        ThreeDCallbackVerifier.layerConfig()
      )
    )
  )
