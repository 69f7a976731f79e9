/**
 * The checkout app: the shop's API (`ShopApi`, served by `HttpApiBuilder`) and its page on one
 * HTTP server on 127.0.0.1, the `MasterpassWallet` on paywall-effect's one call pipeline, and
 * Paywall itself: the embedded sandbox (seeded with the demo shopper, its SDK stand-in for the
 * page) or the Paywall the `PAYWALL_*` variables name.
 */
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as FileSystem from "@effect/platform/FileSystem"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import {
  MasterpassClient,
  MasterpassWallet,
  PaywallClient,
  PaywallConfig,
  PaywallCredentials,
  SessionStore
} from "@paywall-effect/http"
import { BrowserSdk, PaywallSandbox } from "@paywall-effect/sandbox"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Http from "node:http"
import { fileURLToPath } from "node:url"
import * as Orders from "./Orders.js"
import * as Shop from "./Shop.js"
import { ShopApi } from "./ShopApi.js"
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
}

const ShopHandlers = HttpApiBuilder.group(ShopApi, "shop", (handlers) =>
  Effect.map(Shop.Shop, (shop) =>
    handlers
      .handle("shopper", () => Effect.succeed(shop.shopper))
      .handle("cards", () => shop.cards)
      .handle("link", () => shop.link)
      .handle("verifyLink", ({ payload }) => shop.verifyLink(payload.code))
      .handle("resendLinkOtp", () => shop.resendLinkOtp)
      .handle("orders", () => shop.orders)
      .handle("order", ({ payload }) => shop.order(payload.product))
      .handle("sdkToken", () => shop.sdkToken)
      .handle("paymentStarted", ({ path, payload }) => shop.paymentStarted(path.orderId, payload))
      .handle("verifyPayment", ({ path, payload }) => shop.verifyPayment(path.orderId, payload.code))
      .handle("resendPaymentOtp", ({ path }) => shop.resendPaymentOtp(path.orderId))
      .handle("commit", ({ path }) => shop.commit(path.orderId))))

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

/** The wallet on the one call pipeline, each call noted in the step being traced. */
const Wallet = MasterpassWallet.layer().pipe(
  Layer.provide(Layer.effect(MasterpassClient.MasterpassClient, MasterpassClient.make)),
  Layer.provide(Transcript.layer),
  Layer.provide(PaywallClient.layer),
  Layer.provide(NodeHttpClient.layerUndici)
)

/** The app on a Paywall given by its settings and credentials; `sdkUrl` is the SDK stand-in's purchase, if any. */
const serve = (options: Options, sdkUrl: Option.Option<string>) =>
  HttpApiBuilder.serve(HttpMiddleware.logger).pipe(
    Layer.provide(Page(sdkUrl)),
    Layer.provide(HttpApiBuilder.api(ShopApi).pipe(Layer.provide(ShopHandlers))),
    Layer.provide(Shop.layer({ sdkUrl })),
    Layer.provide([Wallet, Orders.layer, Layer.succeed(Shop.Shopper, options.shopper ?? demoShopper)]),
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

/** The app against the Paywall the `PAYWALL_*` variables name (Paywall's test API unless `PAYWALL_BASE_URL` says otherwise). */
export const layerConfig = (options: Options) =>
  serve(options, Option.none()).pipe(
    Layer.provideMerge(Layer.merge(PaywallConfig.layerConfig(), PaywallCredentials.layerConfig()))
  )
