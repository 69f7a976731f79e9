/**
 * The shop's steps, on paywall-effect's `MasterpassWallet` (sessions found, created and renewed
 * by user), its Private API client and the shop's orders: list the shopper's cards, link their
 * account (OTP), take an order, hand the page what the browser SDK needs, verify the payment's OTP
 * or receive its 3D callback, commit it, and refund it.
 * Each step is traced (what Paywall answered), and a failure becomes a `ShopError` for the page
 * while the typed Paywall error goes to the log.
 */
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { type MasterpassService, type PaywallError, Phone } from "@paywall-effect/domain"
import { MasterpassWallet, PaywallPrivateClient, SessionStore, type ThreeDCallbackVerifier } from "@paywall-effect/http"
import * as BigDecimal from "effect/BigDecimal"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import { type Order, orderIdOf, type Payment, paymentCode, PaymentState, view } from "./Order.js"
import { Orders } from "./Orders.js"
import * as ShopApi from "./ShopApi.js"
import {
  fromPaywall,
  isShopError,
  OutOfStep,
  PaywallRefused,
  PaywallUnavailable,
  type ShopError,
  withContext
} from "./ShopError.js"
import * as Transcript from "./Transcript.js"

/** The signed-in shopper. The demo has one; a real shop reads it from its own session. */
export class Shopper extends Context.Tag("example-checkout/Shopper")<Shopper, MasterpassWallet.User>() {}

export interface Options {
  /**
   * Where the page calls the browser SDK's purchase: the sandbox's stand-in, or none (against
   * Paywall itself the page needs Paywall's own SDK script, which this demo does not load).
   */
  readonly sdkUrl: Option.Option<string>
  /** The address of the shop's 3D callback route as the shopper's browser reaches it (both back URLs). */
  readonly callbackUrl: string
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
  readonly sdkToken: (
    orderId: string,
    payWith: typeof ShopApi.PayWith.Type
  ) => Effect.Effect<ShopApi.SdkAccess, ShopError>
  readonly paymentStarted: (
    orderId: string,
    started: ShopApi.PaymentStarted
  ) => Effect.Effect<ShopApi.OrderAnswer, ShopError>
  readonly verifyPayment: (orderId: string, code: string) => Effect.Effect<ShopApi.OrderAnswer, ShopError>
  readonly resendPaymentOtp: (orderId: string) => Effect.Effect<ShopApi.OrderAnswer, ShopError>
  readonly commit: (orderId: string) => Effect.Effect<ShopApi.OrderAnswer, ShopError>
  readonly refund: (orderId: string) => Effect.Effect<ShopApi.OrderAnswer, ShopError>
  /**
   * A verified 3D callback: records how the 3D step ended and commits a successful payment, then
   * sends the shopper's browser back to the page, to the order (`/?order=...`).
   */
  readonly threeDCallback: (
    received: ThreeDCallbackVerifier.Received
  ) => Effect.Effect<HttpServerResponse.HttpServerResponse>
  /** How the order's last 3D callback ended, with what Paywall answered meanwhile (for the page it sent back). */
  readonly callbackStep: (orderId: string) => Effect.Effect<ShopApi.OrderAnswer, ShopError>
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

/** An order a new payment may be started for: not paid, or its last payment left unfinished or failed. */
const payable = (order: Order) =>
  order.state._tag === "Created" || order.state._tag === "AwaitingOtp" || order.state._tag === "AwaitingThreeD"
  || order.state._tag === "Failed"

/**
 * The call failed after its request may have reached Paywall: it was not retried, its outcome is
 * unknown. An answer that could not be read counts too: Paywall answered, so the request arrived.
 */
const outcomeUnknown = (error: Failure): boolean =>
  error._tag === "PaywallDecodeError" || ("outcomeUnknown" in error && error.outcomeUnknown === true)

const backTo = (location: string) => HttpServerResponse.redirect(location, { status: 303 })

/** Builds the steps on the wallet, the orders, the session store and the shopper in context. */
export const make = (options: Options) =>
  Effect.gen(function*() {
    const wallet = yield* MasterpassWallet.MasterpassWallet
    const privateApi = yield* PaywallPrivateClient.PaywallPrivateClient
    const orders = yield* Orders
    const store = yield* SessionStore.SessionStore
    const user = yield* Shopper
    /** How each order's last 3D callback ended: the callback's browser is sent back to the page, which asks. */
    const callbacks = yield* Ref.make(new Map<string, Either.Either<ShopApi.OrderAnswer, ShopError>>())
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

    /**
     * Commits an authorized payment: `Committed`, or `Failed` with Paywall's refusal. A commit that
     * may have reached Paywall unanswered is never sent again blindly: Paywall's Private API query
     * says what became of it (`reconcile`): committed, not (the order as it was, to commit again),
     * or, when the answers cannot tell, `CommitUncertain`.
     */
    const commitPayment = (
      payment: Payment,
      save: (state: PaymentState) => Effect.Effect<Order>
    ): Effect.Effect<Order, Failure> =>
      wallet.commitPayment({ user, masterpassPaymentId: payment.masterpassPaymentId }).pipe(
        Effect.map((committed) => committed.paymentId),
        Effect.tapError((error) =>
          error._tag === "PaywallEnvelopeError" || error._tag === "PaywallMasterpassError"
            ? save(PaymentState.Failed({ masterpassPaymentId: payment.masterpassPaymentId, reason: error.message }))
            : Effect.void
        ),
        Effect.catchIf(outcomeUnknown, (lost) =>
          Effect.flatMap(
            Effect.either(
              privateApi.reconcile({ operation: "commitPayment", merchantUniqueCode: payment.merchantUniqueCode })
            ),
            (verdict): Effect.Effect<MasterpassService.PaymentId, Failure> => {
              if (Either.isRight(verdict) && verdict.right._tag === "Applied") {
                return Effect.succeed(verdict.right.payment.paymentId)
              }
              if (Either.isRight(verdict) && verdict.right._tag === "NotApplied") {
                return Effect.fail(
                  new PaywallUnavailable({
                    message: "The commit never reached Paywall (its query says so): commit again."
                  })
                )
              }
              return Effect.zipRight(save(PaymentState.CommitUncertain(payment)), Effect.fail(lost))
            }
          )),
        Effect.flatMap((paymentId) => save(PaymentState.Committed({ ...payment, paymentId })))
      )

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
      // browser's SDK and the backend must use the same one); the page gets the token only, with
      // the purchase to ask for under a new merchant code (each payment of an order has its own).
      sdkToken: (orderId, { threeD }) =>
        step(
          "sdkToken",
          Option.match(options.sdkUrl, {
            onNone: () =>
              Effect.fail(
                new OutOfStep({ message: "Paying needs Paywall's browser SDK, which this demo page does not load." })
              ),
            onSome: (sdkUrl) =>
              orders.change(user.userId, orderId, (order, save) =>
                Effect.gen(function*() {
                  if (!payable(order)) return yield* notAwaiting(order, "it cannot be paid again")
                  const access = yield* wallet.createSdkToken({
                    user,
                    clientCardSave: false,
                    threeDSession: threeD,
                    clientSdk: true,
                    scopeBased: false
                  })
                  const counted = yield* save(order.state, true)
                  const backUrls = { successUrl: options.callbackUrl, failUrl: options.callbackUrl }
                  return {
                    sdkUrl,
                    token: Redacted.value(access.token),
                    purchase: {
                      orderId: paymentCode(order.id, counted.payments),
                      amount: order.amount,
                      ...(threeD ? { threeD: backUrls } : {})
                    }
                  }
                }))
          }),
          orderId
        ),

      paymentStarted: (orderId, started) =>
        step(
          "paymentStarted",
          orders.change(user.userId, orderId, (order, save) => {
            if (!payable(order)) return Effect.fail(notAwaiting(order, "it cannot be paid again"))
            if (started.merchantUniqueCode !== paymentCode(order.id, order.payments)) {
              return Effect.fail(
                new OutOfStep({ message: `That payment is not order ${order.id}'s latest: start paying again.` })
              )
            }
            const payment = {
              masterpassPaymentId: started.masterpassPaymentId,
              merchantUniqueCode: started.merchantUniqueCode
            }
            // A new purchase replaces one left waiting for its code or its 3D step.
            return Effect.map(
              save(
                started.otpToken === undefined
                  ? PaymentState.AwaitingThreeD(payment)
                  : PaymentState.AwaitingOtp({ ...payment, otpToken: Redacted.make(started.otpToken) })
              ),
              answer
            )
          }),
          orderId
        ),

      verifyPayment: (orderId, code) =>
        step(
          "verifyPayment",
          orders.change(user.userId, orderId, (order, save) =>
            Effect.gen(function*() {
              const { masterpassPaymentId, merchantUniqueCode, otpToken } = yield* awaitingOtp(order)
              const verified = yield* wallet.verifyPayment({
                user,
                masterpassPaymentId,
                otpToken: Redacted.value(otpToken),
                otpCode: code
              })
              const payment = { masterpassPaymentId, merchantUniqueCode }
              switch (verified.step._tag) {
                case "Done":
                  return answer(yield* save(PaymentState.Authorized(payment)))
                case "OtpRequired":
                  return answer(
                    yield* save(
                      PaymentState.AwaitingOtp({ ...payment, otpToken: Redacted.make(verified.step.otpToken) })
                    )
                  )
                case "ThreeDSecureRequired":
                  return yield* new OutOfStep({
                    message: "Masterpass asked for 3D Secure after the code: pay again with 3D Secure."
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
              const { masterpassPaymentId, merchantUniqueCode, otpToken } = yield* awaitingOtp(order)
              const resent = yield* wallet.resendOtp({ user, otpToken: Redacted.value(otpToken) })
              return resent.step._tag === "OtpRequired"
                ? answer(
                  yield* save(
                    PaymentState.AwaitingOtp({
                      masterpassPaymentId,
                      merchantUniqueCode,
                      otpToken: Redacted.make(resent.step.otpToken)
                    })
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
            order.state._tag === "Authorized"
              ? Effect.map(commitPayment(order.state, save), answer)
              : Effect.fail(notAwaiting(order, "only an authorized payment is committed"))),
          orderId
        ),

      // Cancel on the payment's day, refund after it: Paywall's revert decides. It is never sent
      // twice blindly: when its answer is lost, the payment's query says whether it happened.
      refund: (orderId) =>
        step(
          "refund",
          orders.change(user.userId, orderId, (order, save) =>
            Effect.gen(function*() {
              if (order.state._tag !== "Committed") {
                return yield* notAwaiting(order, "only a committed payment is refunded")
              }
              const paid = order.state
              const { merchantUniqueCode } = paid
              const before = yield* privateApi.queryPayment({ merchantUniqueCode })
              if (before.uniqueCode === undefined) {
                return yield* new PaywallRefused({ message: "Paywall's query did not name the payment's code." })
              }
              const request = { uniqueCode: before.uniqueCode, merchantUniqueCode }
              const { _tag, ...payment } = paid
              yield* privateApi.revertPayment(request).pipe(
                Effect.catchIf(outcomeUnknown, (error) =>
                  Effect.flatMap(
                    // A query that fails too leaves the refund as unknown as the lost answer did.
                    Effect.orElseSucceed(
                      privateApi.reconcile({ operation: "revertPayment", request, before }),
                      () => ({ _tag: "Undetermined" }) as const
                    ),
                    (verdict): Effect.Effect<void, Failure> => {
                      switch (verdict._tag) {
                        case "Applied":
                          return Effect.void
                        case "NotApplied":
                          // It did not happen: the order stays committed, to refund again.
                          return Effect.fail(
                            new PaywallUnavailable({
                              message: "The refund never reached Paywall (its query says so): refund again."
                            })
                          )
                        case "Undetermined":
                          return Effect.zipRight(save(PaymentState.RefundUncertain(payment)), Effect.fail(error))
                      }
                    }
                  ))
              )
              return answer(yield* save(PaymentState.Refunded(payment)))
            })),
          orderId
        ),

      threeDCallback: ({ callback }) => {
        const orderId = orderIdOf(callback.merchantUniqueCode)
        if (orderId === undefined) {
          return Effect.as(
            Effect.logWarning(`3D callback for an unknown payment ${callback.merchantUniqueCode}`),
            backTo("/?callback=unknown")
          )
        }
        const ended = step(
          "threeDCallback",
          orders.change(user.userId, orderId, (order, save) =>
            Effect.gen(function*() {
              const awaiting = order.state
              if (awaiting._tag !== "AwaitingThreeD" || awaiting.merchantUniqueCode !== callback.merchantUniqueCode) {
                return yield* notAwaiting(order, "no 3D step of this payment is waiting")
              }
              const { _tag, ...payment } = awaiting
              const failed = (reason: string) =>
                Effect.zipRight(
                  save(PaymentState.Failed({ masterpassPaymentId: payment.masterpassPaymentId, reason })),
                  Effect.fail(new PaywallRefused({ message: reason }))
                )
              // The hash covers the order and the amount, not the outcome: `status` says whether to commit.
              if (!BigDecimal.equals(callback.amount, BigDecimal.unsafeFromNumber(order.amount))) {
                return yield* failed("The amount paid is not the order's.")
              }
              if (callback.status !== "Success") {
                return yield* failed(
                  `3D Secure did not succeed${callback.errorMessage ? `: ${callback.errorMessage}` : "."}`
                )
              }
              // Authorized first: a commit that fails leaves the order to commit again, not a 3D step.
              yield* save(PaymentState.Authorized(payment))
              return answer(yield* commitPayment(payment, save))
            })),
          orderId
        )
        // Logged by the step, kept for the page (which asks for it once back), the order saved.
        return Effect.flatMap(Effect.either(ended), (result) =>
          Effect.as(
            Ref.update(callbacks, (kept) => new Map(kept).set(orderId, result)),
            backTo(`/?order=${orderId}`)
          ))
      },

      callbackStep: (orderId) =>
        Effect.flatMap(Ref.get(callbacks), (kept) => {
          const result = kept.get(orderId)
          return result === undefined
            ? Effect.fail(new OutOfStep({ message: `No 3D callback arrived for order ${orderId}.` }))
            : result
        })
    })
  })

/** The steps as a layer. */
export const layer = (options: Options): Layer.Layer<
  Shop,
  never,
  | MasterpassWallet.MasterpassWallet
  | PaywallPrivateClient.PaywallPrivateClient
  | Orders
  | SessionStore.SessionStore
  | Shopper
> => Layer.effect(Shop, make(options))
