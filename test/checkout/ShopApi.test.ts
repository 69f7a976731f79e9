import { NodeHttpClient } from "@effect/platform-node"
import * as HttpApiClient from "@effect/platform/HttpApiClient"
import { describe, expect, it } from "@effect/vitest"
import type { BrowserSdk } from "@paywall-effect/sandbox"
import { Fault, PaywallSandbox } from "@paywall-effect/sandbox"
import { ConfigProvider, Effect, Layer, Logger, Option, Redacted } from "effect"
import { Checkout, ShopApi } from "example-checkout"
import { startCheckout, urlOf } from "./app.js"

// The checkout's API over real sockets, with the client HttpApi derives from the same declaration
// the server is built from: the order's state after each step (OTP and 3D payments, the 3D callback,
// the refund), bad input, forged callbacks, and money-moving calls never sent twice.

/** The client of the shop's API at the app's address, on undici for the life of the test. */
const clientFor = (url: string) =>
  Effect.gen(function*() {
    const client = yield* Layer.build(NodeHttpClient.layerUndici)
    return yield* HttpApiClient.make(ShopApi.ShopApi, { baseUrl: url }).pipe(Effect.provide(client))
  })

/** The app and its sandbox (no retries, so a cut answer is seen as such), with a client of its API. */
const started = Effect.gen(function*() {
  const app = yield* startCheckout({ client: { maxRetries: 0 } })
  return { api: (yield* clientFor(app.url)).shop, url: app.url, logs: app.logs, sandbox: app.sandbox }
})

/** Whether one log line holds every part (annotations come in any order). */
const logged = (logs: ReadonlyArray<string>, ...parts: ReadonlyArray<string>) =>
  logs.some((line) => parts.every((part) => line.includes(part)))

/** Posts a form to the app as a browser would, without following the redirect. */
const post = (url: string, form: ReadonlyArray<readonly [string, string]>) =>
  Effect.promise(async () => {
    const response = await fetch(url, {
      method: "POST",
      body: new URLSearchParams(form.map(([name, value]) => [name, value])),
      redirect: "manual"
    })
    return { status: response.status, location: response.headers.get("location") }
  })

type Api = Effect.Effect.Success<typeof started>["api"]

/** What the page's script does with the browser SDK: the purchase the shop asked for, with a saved card. */
const purchase = (access: ShopApi.SdkAccess) =>
  Effect.promise(async () => {
    const response = await fetch(access.sdkUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...access.purchase, token: access.token, cardAlias: "Personal card" })
    })
    return (await response.json()) as BrowserSdk.PurchaseAnswer
  })

/** Links the account and orders a mug. */
const linkedOrder = (api: Api) =>
  Effect.gen(function*() {
    yield* api.link()
    yield* api.verifyLink({ payload: { code: PaywallSandbox.otpCode } })
    const { order } = yield* api.order({ payload: { product: "mug" } })
    return { orderId: order.id }
  })

/** Starts paying the order as the page does: the SDK token, the purchase, the shop told. */
const startPaying = (api: Api, path: { readonly orderId: string }, threeD: boolean) =>
  Effect.gen(function*() {
    const started = yield* purchase(yield* api.sdkToken({ path, payload: { threeD } }))
    const told = yield* api.paymentStarted({ path, payload: started })
    return { started, order: told.order }
  })

/** Links the account, orders a mug and pays it up to the commit: an `Authorized` order. */
const authorizedOrder = (api: Api) =>
  Effect.gen(function*() {
    const path = yield* linkedOrder(api)
    yield* startPaying(api, path, false)
    const paid = yield* api.verifyPayment({ path, payload: { code: PaywallSandbox.otpCode } })
    expect(paid.order.state).toBe("Authorized")
    return path
  })

/** How many requests of an endpoint reached the sandbox (faulted or not). */
const sent = (sandbox: PaywallSandbox.Service, endpoint: string) =>
  Effect.map(sandbox.received, (received) => received.filter((request) => request.endpoint === endpoint).length)

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

  it.scoped("a commit left unanswered is never sent again: the query says whether it happened, else CommitUncertain", () =>
    Effect.gen(function*() {
      const { api, sandbox } = yield* started
      // Paywall did it, but its answer was cut: the payment's query says it is committed.
      const cut = yield* authorizedOrder(api)
      yield* sandbox.inject(Fault.Fault.TruncatedBody(), { endpoint: "commitPayment" })
      const committed = yield* api.commit({ path: cut })
      expect(committed.order).toMatchObject({ state: "Committed", paymentId: expect.any(String) })
      expect(committed.paywall.exchanges.map((exchange) => exchange.endpoint)).toStrictEqual([
        "commitPayment",
        "queryPayment"
      ])
      expect(yield* sent(sandbox, "commitPayment")).toBe(1)

      // It never arrived: the order is as it was, and committing again sends it (once more, once).
      const reset = yield* authorizedOrder(api)
      yield* sandbox.inject(Fault.Fault.ResetConnection(), { endpoint: "commitPayment" })
      expect(yield* Effect.flip(api.commit({ path: reset }))).toMatchObject({
        _tag: "PaywallUnavailable",
        message: "The commit never reached Paywall (its query says so): commit again.",
        order: { state: "Authorized" }
      })
      expect((yield* api.commit({ path: reset })).order.state).toBe("Committed")
      expect(yield* sent(sandbox, "commitPayment")).toBe(3)

      // Neither the commit nor the query answered: nobody can tell, so it is never sent again.
      const unknown = yield* authorizedOrder(api)
      yield* sandbox.inject(Fault.Fault.ResetConnection(), { endpoint: "commitPayment" })
      yield* sandbox.inject(Fault.Fault.ResetConnection(), { endpoint: "queryPayment" })
      const lost = yield* Effect.flip(api.commit({ path: unknown }))
      expect(lost).toMatchObject({
        _tag: "PaywallUnavailable",
        message: "Paywall did not say whether this went through: the shop checks before trying again.",
        order: { state: "CommitUncertain" },
        paywall: {
          exchanges: [{ endpoint: "commitPayment", status: null }, { endpoint: "queryPayment", status: null }]
        }
      })
      const again = yield* Effect.flip(api.commit({ path: unknown }))
      expect(again).toMatchObject({ _tag: "OutOfStep", order: { state: "CommitUncertain" } })
      expect(yield* sent(sandbox, "commitPayment")).toBe(4)
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
      // Paid again under a new merchant code (Paywall keeps the failed payment under the first).
      const again = yield* startPaying(api, path, false)
      expect(again.order).toMatchObject({ state: "AwaitingOtp", merchantUniqueCode: `${path.orderId}-2` })
      expect(Option.getOrThrow(yield* sandbox.payment(`${path.orderId}-1`)).status).toBe("Pending")
    }))

  it.scoped("a 3D payment: the signed callback commits it once and sends the shopper to the order; a replay changes nothing", () =>
    Effect.gen(function*() {
      const { api, sandbox, url } = yield* started
      const path = yield* linkedOrder(api)
      const { order, started: payment } = yield* startPaying(api, path, true)
      expect(order).toMatchObject({ state: "AwaitingThreeD", merchantUniqueCode: `${path.orderId}-1` })
      expect(payment).toMatchObject({ redirectUrl: `${sandbox.url}/masterpass/3d/${payment.masterpassPaymentId}` })
      const form = yield* sandbox.threeDCallback({ masterpassPaymentId: payment.masterpassPaymentId })
      const callbackUrl = `${url}${ShopApi.callbackPath}`
      expect(yield* post(callbackUrl, form)).toStrictEqual({ status: 303, location: `/?order=${path.orderId}` })
      const back = yield* api.callbackStep({ path })
      expect(back.order).toMatchObject({ id: path.orderId, state: "Committed", paymentId: expect.any(String) })
      expect(back.paywall.exchanges.map((exchange) => exchange.endpoint)).toStrictEqual(["commitPayment"])
      // The browser posts it again (back button, reload): the order is no longer waiting for it.
      expect(yield* post(callbackUrl, form)).toStrictEqual({ status: 303, location: `/?order=${path.orderId}` })
      expect((yield* api.orders()).orders).toMatchObject([{ state: "Committed" }])
      expect(yield* sent(sandbox, "commitPayment")).toBe(1)
      expect(Option.getOrThrow(yield* sandbox.payment(`${path.orderId}-1`)).status).toBe("Succeeded")
    }))

  it.scoped("a 3D step that failed fails the order with Paywall's message, nothing committed; it can be paid again", () =>
    Effect.gen(function*() {
      const { api, sandbox, url } = yield* started
      const path = yield* linkedOrder(api)
      const { started: payment } = yield* startPaying(api, path, true)
      const back = yield* sandbox.postThreeDCallback({
        masterpassPaymentId: payment.masterpassPaymentId,
        url: `${url}${ShopApi.callbackPath}`,
        status: "Unsuccessful"
      })
      expect(back).toMatchObject({ status: 303, headers: { location: `/?order=${path.orderId}` } })
      expect((yield* api.orders()).orders).toMatchObject([{
        state: "Failed",
        reason: expect.stringMatching(/^3D Secure did not succeed/)
      }])
      expect(yield* Effect.flip(api.callbackStep({ path }))).toMatchObject({
        _tag: "PaywallRefused",
        message: expect.stringMatching(/^3D Secure did not succeed/),
        order: { state: "Failed" }
      })
      expect(yield* sent(sandbox, "commitPayment")).toBe(0)
      expect((yield* startPaying(api, path, false)).order.state).toBe("AwaitingOtp")
    }))

  it.scoped("a forged callback posted by hand is refused: the page is told, the log names the refusal, the order waits", () =>
    Effect.gen(function*() {
      const { api, logs, sandbox, url } = yield* started
      const path = yield* linkedOrder(api)
      const { started: payment } = yield* startPaying(api, path, true)
      const genuine = yield* sandbox.threeDCallback({ masterpassPaymentId: payment.masterpassPaymentId })
      const callbackUrl = `${url}${ShopApi.callbackPath}`
      // The amount changed (the hash no longer matches), then no hash at all, then a made-up one.
      const forgeries = [
        genuine.map(([name, value]) => [name, name === "amount" ? "1.00" : value] as const),
        genuine.filter(([name]) => name !== "hash"),
        genuine.map(([name, value]) => [name, name === "hash" ? "0".repeat(64) : value] as const)
      ]
      for (const forged of forgeries) {
        expect(yield* post(callbackUrl, forged)).toStrictEqual({ status: 303, location: "/?callback=refused" })
      }
      expect(logged(logs, "Paywall 3D callback refused", "refusal=ThreeDCallbackHashMismatch")).toBe(true)
      expect(logged(logs, "Paywall 3D callback refused", "refusal=ThreeDCallbackHashMissing")).toBe(true)
      expect((yield* api.orders()).orders).toMatchObject([{ state: "AwaitingThreeD" }])
      expect(yield* sent(sandbox, "commitPayment")).toBe(0)
      // The genuine one still goes through.
      expect(yield* post(callbackUrl, genuine)).toStrictEqual({ status: 303, location: `/?order=${path.orderId}` })
      expect((yield* api.orders()).orders).toMatchObject([{ state: "Committed" }])
    }))

  it.scoped("a refund whose answer is lost is reconciled by a query, never sent again; one that never arrived is not done", () =>
    Effect.gen(function*() {
      const { api, sandbox } = yield* started
      const path = yield* authorizedOrder(api)
      yield* api.commit({ path })
      // Paywall never got it: the order is still committed, and the refund can be asked again.
      yield* sandbox.inject(Fault.Fault.ResetConnection(), { endpoint: "revertPayment" })
      const lost = yield* Effect.flip(api.refund({ path }))
      expect(lost).toMatchObject({
        _tag: "PaywallUnavailable",
        message: "The refund never reached Paywall (its query says so): refund again.",
        order: { state: "Committed" }
      })
      // Paywall did it, but its answer was cut: the query says it happened.
      yield* sandbox.inject(Fault.Fault.TruncatedBody(), { endpoint: "revertPayment" })
      const refunded = yield* api.refund({ path })
      expect(refunded.order).toMatchObject({ state: "Refunded", paymentId: expect.any(String) })
      expect(refunded.paywall.exchanges.map((exchange) => exchange.endpoint)).toStrictEqual([
        "queryPayment",
        "revertPayment",
        "queryPayment"
      ])
      expect(yield* sent(sandbox, "revertPayment")).toBe(2)
      // Cancelled on its day: Paywall's revert cancels then, and refunds after.
      expect(Option.getOrThrow(yield* sandbox.payment(`${path.orderId}-1`)).status).toBe("Cancelled")
      expect(yield* Effect.flip(api.refund({ path }))).toMatchObject({
        _tag: "OutOfStep",
        order: { state: "Refunded" }
      })
      expect(yield* sent(sandbox, "revertPayment")).toBe(2)
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
          ["PAYWALL_API_CLIENT_PRIVATE", Redacted.value(sandbox.credentials.apiClientPrivate)],
          ["PAYWALL_3D_HASH_KEY", Redacted.value(sandbox.threeDHashKey)]
        ])
      )
      const context = yield* Layer.build(
        Checkout.layerConfig({ port: 0 }).pipe(Layer.provide(Logger.remove(Logger.defaultLogger)))
      ).pipe(Effect.withConfigProvider(environment))
      const api = (yield* clientFor(urlOf(context))).shop
      expect((yield* Effect.flip(api.cards()))._tag).toBe("NotLinked")
      yield* api.link()
      yield* api.verifyLink({ payload: { code: PaywallSandbox.otpCode } })
      expect((yield* api.cards()).cards.map((card) => card.alias)).toStrictEqual(["Personal card", "Work card"])
      const { order } = yield* api.order({ payload: { product: "tea" } })
      expect(yield* Effect.flip(api.sdkToken({ path: { orderId: order.id }, payload: { threeD: false } })))
        .toMatchObject({
          _tag: "OutOfStep",
          message: "Paying needs Paywall's browser SDK, which this demo page does not load."
        })
    }))
})
