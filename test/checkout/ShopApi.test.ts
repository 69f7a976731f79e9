import { NodeHttpClient } from "@effect/platform-node"
import * as HttpApiClient from "@effect/platform/HttpApiClient"
import * as HttpServer from "@effect/platform/HttpServer"
import { describe, expect, it } from "@effect/vitest"
import type { BrowserSdk } from "@paywall-effect/sandbox"
import { Fault, PaywallSandbox } from "@paywall-effect/sandbox"
import { ConfigProvider, Context, Effect, Layer, Logger, Redacted } from "effect"
import { Checkout, ShopApi } from "example-checkout"

// The checkout's API over real sockets, with the client HttpApi derives from the same declaration
// the server is built from: the order's state after each step, bad input, and calls never sent twice.

const urlOf = (context: Context.Context<HttpServer.HttpServer>) => {
  const address = Context.get(context, HttpServer.HttpServer).address
  return address._tag === "TcpAddress" ? `http://127.0.0.1:${address.port}` : ""
}

/** The client of the shop's API at the app's address, on undici for the life of the test. */
const clientFor = (context: Context.Context<HttpServer.HttpServer>) =>
  Effect.gen(function*() {
    const client = yield* Layer.build(NodeHttpClient.layerUndici)
    return yield* HttpApiClient.make(ShopApi.ShopApi, { baseUrl: urlOf(context) }).pipe(Effect.provide(client))
  })

/** The app and its sandbox, quiet, with a client of its API. */
const started = Effect.gen(function*() {
  const context = yield* Layer.build(
    Checkout.layerSandbox({ port: 0, sandbox: { client: { maxRetries: 0 } } }).pipe(
      Layer.provide(Logger.remove(Logger.defaultLogger))
    )
  )
  return {
    api: (yield* clientFor(context)).shop,
    url: urlOf(context),
    sandbox: Context.get(context, PaywallSandbox.PaywallSandbox)
  }
})

type Api = Effect.Effect.Success<typeof started>["api"]

/** What the page's script does with the browser SDK: the purchase, for the shop's order. */
const purchase = (access: ShopApi.SdkAccess, order: { readonly id: string; readonly amount: number }) =>
  Effect.promise(async () => {
    const response = await fetch(access.sdkUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: access.token, cardAlias: "Personal card", amount: order.amount, orderId: order.id })
    })
    return (await response.json()) as BrowserSdk.PurchaseAnswer
  })

/** Links the account, orders a mug and pays it up to the commit: an `Authorized` order. */
const authorizedOrder = (api: Api) =>
  Effect.gen(function*() {
    yield* api.link()
    yield* api.verifyLink({ payload: { code: PaywallSandbox.otpCode } })
    const { order } = yield* api.order({ payload: { product: "mug" } })
    const started = yield* purchase(yield* api.sdkToken(), order)
    const path = { orderId: order.id }
    yield* api.paymentStarted({ path, payload: started })
    const paid = yield* api.verifyPayment({ path, payload: { code: PaywallSandbox.otpCode } })
    expect(paid.order.state).toBe("Authorized")
    return path
  })

const commits = (sandbox: PaywallSandbox.Service) =>
  Effect.map(sandbox.calls, (calls) => calls.filter((call) => call.endpoint === "commitPayment").length)

describe("the checkout's API", () => {
  it.scoped("two commits of one order at once: one is sent, the other is refused with the order committed", () =>
    Effect.gen(function*() {
      const { api, sandbox } = yield* started
      const path = yield* authorizedOrder(api)
      const [first, second] = yield* Effect.all([api.commit({ path }), api.commit({ path })].map(Effect.either), {
        concurrency: 2
      })
      const answers = [first, second].map((result) =>
        result?._tag === "Right" ? result.right.order.state : result?.left._tag
      )
      expect(answers.sort()).toStrictEqual(["Committed", "OutOfStep"])
      expect(yield* commits(sandbox)).toBe(1)
      const { orders } = yield* api.orders()
      expect(orders).toMatchObject([{ id: path.orderId, state: "Committed", paymentId: expect.any(String) }])
    }))

  it.scoped("a commit left unanswered is never sent again: the order is CommitUncertain", () =>
    Effect.gen(function*() {
      const { api, sandbox } = yield* started
      const path = yield* authorizedOrder(api)
      yield* sandbox.inject(Fault.Fault.ResetConnection(), { endpoint: "commitPayment" })
      const requests = yield* sandbox.requests
      const reset = yield* Effect.flip(api.commit({ path }))
      expect(reset).toMatchObject({
        _tag: "PaywallUnavailable",
        message: "Paywall did not say whether this went through: the shop checks before trying again.",
        order: { state: "CommitUncertain" },
        paywall: { exchanges: [{ endpoint: "commitPayment", status: null }] }
      })
      const again = yield* Effect.flip(api.commit({ path }))
      expect(again).toMatchObject({ _tag: "OutOfStep", order: { state: "CommitUncertain" } })
      expect((yield* sandbox.requests) - requests).toBe(1)
    }))

  it.scoped("a commit Paywall refuses fails the order with Paywall's reason; it can be paid again", () =>
    Effect.gen(function*() {
      const { api, sandbox } = yield* started
      const path = yield* authorizedOrder(api)
      yield* sandbox.inject(
        Fault.Fault.EnvelopeError({ errorCode: 56, message: "Masterpass payment not found" }),
        { endpoint: "commitPayment" }
      )
      const refused = yield* Effect.flip(api.commit({ path }))
      expect(refused).toMatchObject({
        _tag: "PaywallRefused",
        message: "Paywall refused (ErrorCode 56): Masterpass payment not found",
        order: { state: "Failed", reason: expect.stringContaining("ErrorCode 56") }
      })
      const order = yield* api.orders().pipe(Effect.map(({ orders }) => orders[0]!))
      const payment = yield* purchase(yield* api.sdkToken(), order)
      const again = yield* api.paymentStarted({ path, payload: payment })
      expect(again.order.state).toBe("AwaitingOtp")
    }))

  it.scoped("bad input fails before any call to Paywall, naming the field; an unknown order is not found", () =>
    Effect.gen(function*() {
      const { api, sandbox, url } = yield* started
      const requests = yield* sandbox.requests
      // As a page could send it (the derived client would refuse to).
      const noCode = yield* Effect.promise(async () => {
        const response = await fetch(`${url}/api/link/otp`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ code: "  " })
        })
        return { status: response.status, body: await response.json() }
      })
      expect(noCode).toMatchObject({ status: 400, body: { _tag: "HttpApiDecodeError", issues: [{ path: ["code"] }] } })
      const noLink = yield* Effect.flip(api.verifyLink({ payload: { code: PaywallSandbox.otpCode } }))
      expect(noLink).toMatchObject({
        _tag: "OutOfStep",
        message: "No link is waiting for a code: start linking first."
      })
      const missing = yield* Effect.flip(api.commit({ path: { orderId: "order-00000000" } }))
      expect(missing).toMatchObject({ _tag: "OrderNotFound", message: "There is no order order-00000000." })
      expect(yield* sandbox.requests).toBe(requests)
    }))

  it.scoped("pointed at a Paywall by PAYWALL_* (here a sandbox), it links and lists; paying needs Paywall's SDK", () =>
    Effect.gen(function*() {
      const sandbox = yield* PaywallSandbox.make({ accounts: Checkout.demoAccount(Checkout.demoShopper) })
      const environment = ConfigProvider.fromMap(
        new Map([
          ["PAYWALL_BASE_URL", sandbox.url],
          ["PAYWALL_API_KEY_PRIVATE", Redacted.value(sandbox.credentials.apiKeyPrivate)],
          ["PAYWALL_API_CLIENT_PRIVATE", Redacted.value(sandbox.credentials.apiClientPrivate)]
        ])
      )
      const context = yield* Layer.build(
        Checkout.layerConfig({ port: 0 }).pipe(Layer.provide(Logger.remove(Logger.defaultLogger)))
      ).pipe(Effect.withConfigProvider(environment))
      const api = (yield* clientFor(context)).shop
      expect((yield* Effect.flip(api.cards()))._tag).toBe("NotLinked")
      yield* api.link()
      yield* api.verifyLink({ payload: { code: PaywallSandbox.otpCode } })
      expect((yield* api.cards()).cards.map((card) => card.alias)).toStrictEqual(["Personal card", "Work card"])
      expect(yield* Effect.flip(api.sdkToken())).toMatchObject({
        _tag: "OutOfStep",
        message: "Paying needs Paywall's browser SDK, which this demo page does not load."
      })
    }))
})
