import { HttpRouter } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { CreateSessionRequest } from "@paywall-effect/domain"
import { MasterpassClient } from "@paywall-effect/http"
import { Fault, PaywallSandbox } from "@paywall-effect/sandbox"
import { BigDecimal, Effect, Layer } from "effect"
import { callbackRoute, type Order, Orders, type Outcome } from "./fixtures/after-payment.js"
import { WalletLive } from "./fixtures/wallet.js"
import { serveApp } from "./loopback.js"

const user = { userId: "42", userPhone: "905123456710" }
const price = BigDecimal.unsafeFromString("149.90")

/** The README's route in a merchant's app on loopback; the wallet and verifier against the sandbox. */
const shop = (orders: ReadonlyArray<Order>) => {
  const outcomes = new Map<string, Outcome>()
  const OrdersLive = Layer.succeed(Orders, {
    find: (code) => Effect.succeed(orders.find((order) => order.merchantUniqueCode === code)),
    record: (code, outcome) => Effect.sync(() => void outcomes.set(code, outcome))
  })
  const layer = Layer.mergeAll(WalletLive, OrdersLive).pipe(
    Layer.provideMerge(MasterpassClient.layer),
    Layer.provideMerge(PaywallSandbox.layer({ accounts: [{ userId: user.userId, cards: ["card-1"] }] })),
    Layer.provide(NodeHttpClient.layerUndici)
  )
  return { outcomes, layer }
}

/** The shop's callback URL, and a payment of `amount` for `code` awaiting its 3D step, posting back there. */
const checkout = (
  code: string,
  options: { readonly amount?: BigDecimal.BigDecimal; readonly autoCommit?: boolean } = {}
) =>
  Effect.gen(function*() {
    const url = `${yield* serveApp(HttpRouter.empty.pipe(callbackRoute))}/paywall/3d-callback`
    const sandbox = yield* PaywallSandbox.PaywallSandbox
    const client = yield* MasterpassClient.MasterpassClient
    const session = yield* client.createSession(
      new CreateSessionRequest.CreateSessionRequest({ referenceCode: `ref-${code}`, ...user })
    )
    const payment = yield* sandbox.startPayment({
      sessionId: session.sessionId,
      amount: options.amount ?? price,
      merchantUniqueCode: code,
      threeD: { successUrl: url, failUrl: url },
      ...(options.autoCommit === undefined ? {} : { autoCommit: options.autoCommit })
    })
    return { url, sandbox, client, session, payment }
  })

const order = (code: string): Order => ({ merchantUniqueCode: code, user, amount: price })

describe("After the payment: the README's callback route against the sandbox", () => {
  it.live("verifies, commits and records a paid order, and sends the browser to it", () => {
    const { layer, outcomes } = shop([order("order-1001")])
    return Effect.gen(function*() {
      const { client, payment, sandbox, session, url } = yield* checkout("order-1001")
      const answer = yield* sandbox.postThreeDCallback({ masterpassPaymentId: payment.masterpassPaymentId, url })
      expect([answer.status, answer.headers["location"]]).toStrictEqual([303, "/orders/order-1001"])
      expect(outcomes.get("order-1001")).toStrictEqual({ _tag: "Paid", paymentId: payment.paymentId })
      // Committed: the sandbox no longer has it to commit.
      const again = yield* Effect.flip(
        client.commitPaymentById({ sessionId: session.sessionId, paymentId: payment.paymentId })
      )
      expect(again._tag === "PaywallEnvelopeError" && again.errorCode).toBe(56)
    }).pipe(Effect.scoped, Effect.provide(layer))
  })

  it.live("refuses a tampered callback with 400: nothing recorded, nothing committed", () => {
    const { layer, outcomes } = shop([order("order-1002")])
    return Effect.gen(function*() {
      const { client, payment, sandbox, session, url } = yield* checkout("order-1002")
      yield* sandbox.injectCallback(Fault.CallbackFault.Changed({ field: "amount", value: "0.01" }))
      const answer = yield* sandbox.postThreeDCallback({ masterpassPaymentId: payment.masterpassPaymentId, url })
      expect(answer.status).toBe(400)
      expect(outcomes.size).toBe(0)
      // Still there to commit: the route did not.
      const committed = yield* client.commitPaymentById({ sessionId: session.sessionId, paymentId: payment.paymentId })
      expect(committed.paymentId).toBe(payment.paymentId)
    }).pipe(Effect.scoped, Effect.provide(layer))
  })

  it.live("records a failed 3D step with Paywall's message, and commits nothing", () => {
    const { layer, outcomes } = shop([order("order-1003")])
    return Effect.gen(function*() {
      const { payment, sandbox, url } = yield* checkout("order-1003")
      const answer = yield* sandbox.postThreeDCallback({
        masterpassPaymentId: payment.masterpassPaymentId,
        url,
        status: "Unsuccessful"
      })
      expect([answer.status, answer.headers["location"]]).toStrictEqual([303, "/checkout/failed"])
      expect(outcomes.get("order-1003")).toStrictEqual({ _tag: "Failed", reason: "3D doğrulaması başarısız" })
    }).pipe(Effect.scoped, Effect.provide(layer))
  })

  it.live("fails an order whose amount is not the one paid", () => {
    const { layer, outcomes } = shop([order("order-1004")])
    return Effect.gen(function*() {
      const { payment, sandbox, url } = yield* checkout("order-1004", { amount: BigDecimal.unsafeFromString("1.00") })
      yield* sandbox.postThreeDCallback({ masterpassPaymentId: payment.masterpassPaymentId, url })
      expect(outcomes.get("order-1004")).toStrictEqual({ _tag: "Failed", reason: "the amount paid is not the order's" })
    }).pipe(Effect.scoped, Effect.provide(layer))
  })

  it.live("takes ErrorCode 92 (committed by Paywall already) as paid, and any other commit failure as unconfirmed", () => {
    const { layer, outcomes } = shop([order("order-1005"), order("order-1006")])
    return Effect.gen(function*() {
      const auto = yield* checkout("order-1005", { autoCommit: true })
      yield* auto.sandbox.postThreeDCallback({ masterpassPaymentId: auto.payment.masterpassPaymentId, url: auto.url })
      expect(outcomes.get("order-1005")).toStrictEqual({ _tag: "Paid", paymentId: auto.payment.paymentId })

      const down = yield* checkout("order-1006")
      yield* down.sandbox.inject(Fault.Fault.Status({ status: 503 }), { endpoint: "commitPaymentById", times: 5 })
      const answer = yield* down.sandbox.postThreeDCallback({
        masterpassPaymentId: down.payment.masterpassPaymentId,
        url: down.url
      })
      expect(answer.headers["location"]).toBe("/orders/order-1006")
      expect(outcomes.get("order-1006")).toMatchObject({ _tag: "Unconfirmed", paymentId: down.payment.paymentId })
    }).pipe(Effect.scoped, Effect.provide(layer))
  })
})
