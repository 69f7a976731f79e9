/**
 * The shop's steps, on paywall-effect's `MasterpassWallet` (sessions found, created and renewed
 * by user) and the shop's orders: list the shopper's cards, link their account (OTP), take an
 * order, hand the page what the browser SDK needs, verify the payment's OTP and commit it.
 * Each step is traced (what Paywall answered), and a failure becomes a `ShopError` for the page
 * while the typed Paywall error goes to the log.
 */
import { type MasterpassService, type PaywallError, Phone } from "@paywall-effect/domain"
import { MasterpassWallet, SessionStore } from "@paywall-effect/http"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import { type Order, PaymentState, view } from "./Order.js"
import { Orders } from "./Orders.js"
import * as ShopApi from "./ShopApi.js"
import { fromPaywall, isShopError, OutOfStep, PaywallRefused, type ShopError, withContext } from "./ShopError.js"
import * as Transcript from "./Transcript.js"

/** The signed-in shopper. The demo has one; a real shop reads it from its own session. */
export class Shopper extends Context.Tag("example-checkout/Shopper")<Shopper, MasterpassWallet.User>() {}

export interface Options {
  /**
   * Where the page calls the browser SDK's purchase: the sandbox's stand-in, or none (against
   * Paywall itself the page needs Paywall's own SDK script, which this demo does not load).
   */
  readonly sdkUrl: Option.Option<string>
}

type Failure = ShopError | PaywallError.PaywallError | SessionStore.SessionStoreError

/** The shop's steps, one per endpoint of `ShopApi`: each answer carries what Paywall answered meanwhile. */
export interface Service {
  readonly shopper: ShopApi.Shopper
  readonly cards: Effect.Effect<ShopApi.Cards, ShopError>
  readonly link: Effect.Effect<ShopApi.LinkStep, ShopError>
  readonly verifyLink: (code: string) => Effect.Effect<ShopApi.LinkStep, ShopError>
  readonly resendLinkOtp: Effect.Effect<ShopApi.LinkStep, ShopError>
  readonly orders: Effect.Effect<ShopApi.OrderList>
  readonly order: (product: ShopApi.Product) => Effect.Effect<ShopApi.OrderAnswer>
  readonly sdkToken: Effect.Effect<ShopApi.SdkAccess, ShopError>
  readonly paymentStarted: (
    orderId: string,
    started: ShopApi.PaymentStarted
  ) => Effect.Effect<ShopApi.OrderAnswer, ShopError>
  readonly verifyPayment: (orderId: string, code: string) => Effect.Effect<ShopApi.OrderAnswer, ShopError>
  readonly resendPaymentOtp: (orderId: string) => Effect.Effect<ShopApi.OrderAnswer, ShopError>
  readonly commit: (orderId: string) => Effect.Effect<ShopApi.OrderAnswer, ShopError>
}

/** The shop's steps, as a service. */
export class Shop extends Context.Tag("example-checkout/Shop")<Shop, Service>() {}

const cardView = (card: MasterpassService.Card) => ({
  alias: card.alias,
  maskedNumber: card.maskedNumber,
  isDefault: card.isDefault,
  ...(card.productName === undefined ? {} : { productName: card.productName })
})

const notAwaiting = (order: Order, what: string) =>
  new OutOfStep({ message: `Order ${order.id} is ${order.state._tag}: ${what}.` })

/** Builds the steps on the wallet, the orders, the session store and the shopper in context. */
export const make = (options: Options) =>
  Effect.gen(function*() {
    const wallet = yield* MasterpassWallet.MasterpassWallet
    const orders = yield* Orders
    const store = yield* SessionStore.SessionStore
    const user = yield* Shopper
    /** The token of the link waiting for its OTP, if any (server-side only). */
    const linking = yield* Ref.make(Option.none<Redacted.Redacted<string>>())

    /**
     * Runs one step: traced; on failure the shop's error with the trace and the order as it is
     * now, and the typed error logged (Paywall's errors carry no secret and a masked phone).
     */
    const step = <A extends object>(name: string, run: Effect.Effect<A, Failure>, orderId?: string) =>
      Effect.gen(function*() {
        const { exit, trace } = yield* Transcript.trace(user.userId, run).pipe(
          Effect.provideService(SessionStore.SessionStore, store)
        )
        if (Exit.isSuccess(exit)) return { ...exit.value, paywall: trace }
        const failure = Cause.failureOption(exit.cause)
        if (Option.isNone(failure)) return yield* Effect.failCause(Cause.stripFailures(exit.cause))
        const error = failure.value
        const shopError = isShopError(error) ? error : fromPaywall(error)
        yield* Effect.logWarning(`${name} failed: ${shopError._tag}`).pipe(
          Effect.annotateLogs({ error: error._tag, detail: error.message })
        )
        const order = orderId === undefined
          ? undefined
          : Option.getOrUndefined(yield* Effect.option(orders.get(user.userId, orderId)))
        return yield* Effect.fail(
          withContext(shopError, { paywall: trace, order: order === undefined ? undefined : view(order) })
        )
      }).pipe(Effect.withSpan(`Shop.${name}`, orderId === undefined ? {} : { attributes: { orderId } }))

    /** A link or resend's answer: the token kept for the verify, the page told what to ask for. */
    const linkStep = (
      reply: MasterpassService.OtpStep | MasterpassService.OtpVerified
    ): Effect.Effect<Omit<ShopApi.LinkStep, "paywall">, PaywallRefused> => {
      switch (reply.step._tag) {
        case "OtpRequired":
          return Effect.as(Ref.set(linking, Option.some(Redacted.make(reply.step.otpToken))), {
            otp: reply.step.source
          })
        case "Done":
          return Effect.as(Ref.set(linking, Option.none()), { otp: null })
        case "ThreeDSecureRequired":
          return Effect.fail(
            new PaywallRefused({ message: "Masterpass asked for 3D Secure to link: this shop cannot." })
          )
      }
    }

    const pendingLink = Effect.flatMap(
      Ref.get(linking),
      Option.match({
        onNone: () => Effect.fail(new OutOfStep({ message: "No link is waiting for a code: start linking first." })),
        onSome: (token) => Effect.succeed(Redacted.value(token))
      })
    )

    const answer = (order: Order) => ({ order: view(order) })

    /** The order's payment awaiting its OTP, or the reason it is not. */
    const awaitingOtp = (order: Order) =>
      order.state._tag === "AwaitingOtp"
        ? Effect.succeed(order.state)
        : Effect.fail(notAwaiting(order, "it is not waiting for a code"))

    return Shop.of({
      shopper: { userId: user.userId, phone: Phone.maskPhone(user.userPhone) },

      cards: step("cards", Effect.map(wallet.listCards({ user }), (list) => ({ cards: list.cards.map(cardView) }))),

      link: step("link", Effect.flatMap(wallet.linkToMerchant({ user }), linkStep)),

      verifyLink: (code) =>
        step(
          "verifyLink",
          Effect.flatMap(
            pendingLink,
            (otpToken) =>
              Effect.flatMap(wallet.verifyOtp({ user, otpToken, otpCode: code, forLinkToMerchant: true }), linkStep)
          )
        ),

      resendLinkOtp: step(
        "resendLinkOtp",
        Effect.flatMap(pendingLink, (otpToken) => Effect.flatMap(wallet.resendOtp({ user, otpToken }), linkStep))
      ),

      orders: Effect.map(orders.list(user.userId), (all) => ({ orders: all.map(view) })),

      order: (product) =>
        Effect.map(
          orders.create({ userId: user.userId, ...ShopApi.catalogue[product] }),
          (order) => ({ ...answer(order), paywall: { exchanges: [], session: null } })
        ),

      // The SDK temp token with a new Masterpass session, which the wallet keeps as the user's (the
      // browser's SDK and the backend must use the same one); the page gets the token only.
      sdkToken: step(
        "sdkToken",
        Option.match(options.sdkUrl, {
          onNone: () =>
            Effect.fail(
              new OutOfStep({ message: "Paying needs Paywall's browser SDK, which this demo page does not load." })
            ),
          onSome: (sdkUrl) =>
            Effect.map(
              wallet.createSdkToken({
                user,
                clientCardSave: false,
                threeDSession: false,
                clientSdk: true,
                scopeBased: false
              }),
              (access) => ({ sdkUrl, token: Redacted.value(access.token) })
            )
        })
      ),

      paymentStarted: (orderId, started) =>
        step(
          "paymentStarted",
          orders.change(user.userId, orderId, (order, save) => {
            switch (order.state._tag) {
              case "Created":
              case "AwaitingOtp":
              case "Failed":
                // A new purchase replaces one left waiting for its code.
                return Effect.map(
                  save(PaymentState.AwaitingOtp({
                    masterpassPaymentId: started.masterpassPaymentId,
                    otpToken: Redacted.make(started.otpToken)
                  })),
                  answer
                )
              default:
                return Effect.fail(notAwaiting(order, "it cannot be paid again"))
            }
          }),
          orderId
        ),

      verifyPayment: (orderId, code) =>
        step(
          "verifyPayment",
          orders.change(user.userId, orderId, (order, save) =>
            Effect.gen(function*() {
              const { masterpassPaymentId, otpToken } = yield* awaitingOtp(order)
              const verified = yield* wallet.verifyPayment({
                user,
                masterpassPaymentId,
                otpToken: Redacted.value(otpToken),
                otpCode: code
              })
              switch (verified.step._tag) {
                case "Done":
                  return answer(yield* save(PaymentState.Authorized({ masterpassPaymentId })))
                case "OtpRequired":
                  return answer(
                    yield* save(
                      PaymentState.AwaitingOtp({ masterpassPaymentId, otpToken: Redacted.make(verified.step.otpToken) })
                    )
                  )
                case "ThreeDSecureRequired":
                  return yield* new OutOfStep({
                    message: "Masterpass asked for 3D Secure: this shop cannot do it yet."
                  })
              }
            })),
          orderId
        ),

      resendPaymentOtp: (orderId) =>
        step(
          "resendPaymentOtp",
          orders.change(user.userId, orderId, (order, save) =>
            Effect.gen(function*() {
              const { masterpassPaymentId, otpToken } = yield* awaitingOtp(order)
              const resent = yield* wallet.resendOtp({ user, otpToken: Redacted.value(otpToken) })
              return resent.step._tag === "OtpRequired"
                ? answer(
                  yield* save(
                    PaymentState.AwaitingOtp({ masterpassPaymentId, otpToken: Redacted.make(resent.step.otpToken) })
                  )
                )
                : answer(order)
            })),
          orderId
        ),

      commit: (orderId) =>
        step(
          "commit",
          orders.change(user.userId, orderId, (order, save) =>
            Effect.gen(function*() {
              if (order.state._tag !== "Authorized") {
                return yield* notAwaiting(order, "only an authorized payment is committed")
              }
              const { masterpassPaymentId } = order.state
              const committed = yield* wallet.commitPayment({ user, masterpassPaymentId }).pipe(
                Effect.tapError((error) => {
                  switch (error._tag) {
                    case "PaywallTransportError":
                    case "PaywallHttpError":
                      // Never sent again blindly: Paywall's Private API query tells what became of it.
                      return error.outcomeUnknown
                        ? save(PaymentState.CommitUncertain({ masterpassPaymentId }))
                        : Effect.void
                    case "PaywallEnvelopeError":
                    case "PaywallMasterpassError":
                      return save(PaymentState.Failed({ masterpassPaymentId, reason: error.message }))
                    default:
                      return Effect.void
                  }
                })
              )
              return answer(
                yield* save(PaymentState.Committed({ masterpassPaymentId, paymentId: committed.paymentId }))
              )
            })),
          orderId
        )
    })
  })

/** The steps as a layer. */
export const layer = (options: Options): Layer.Layer<
  Shop,
  never,
  MasterpassWallet.MasterpassWallet | Orders | SessionStore.SessionStore | Shopper
> => Layer.effect(Shop, make(options))
