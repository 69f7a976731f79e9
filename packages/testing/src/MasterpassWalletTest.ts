/**
 * An in-memory `MasterpassWallet` for testing application code that uses the wallet (a
 * checkout, an account page): every method answers what the test gave it (a reply, an error,
 * an arbitrary to draw from, or a function) or, by default, results drawn from the arbitraries
 * (deterministic for a seed); every call recorded. No session is created or stored: what the
 * wallet does with sessions is its own business, tested with the real one.
 *
 * @since 0.4.0
 */
import { CreateSessionRequest, MasterpassSession, PaywallApi, PaywallEndpoint, SdkToken } from "@paywall-effect/domain"
import { MasterpassWallet } from "@paywall-effect/http"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Arbitraries from "./Arbitraries.js"
import { answering, byDefault, type Given, makeCallLog } from "./internal/services.js"

/**
 * A method of the wallet: the nine Masterpass services and `createSdkToken`.
 *
 * @example
 * ```ts
 * import type { MasterpassWalletTest } from "@paywall-effect/testing"
 *
 * const method: MasterpassWalletTest.Method = "verifyPayment"
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export type Method = keyof MasterpassWallet.Service

/**
 * The request of a wallet method: a service's request with `user` in place of `sessionId`
 * (the SDK token's: its options and `user`).
 *
 * @example
 * ```ts
 * import type { MasterpassWalletTest } from "@paywall-effect/testing"
 *
 * const request: MasterpassWalletTest.Request<"deleteCard"> = {
 *   user: { userId: "42", userPhone: "905123456710" },
 *   cardAlias: "card-1"
 * }
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export type Request<K extends Method> = Parameters<MasterpassWallet.Service[K]>[0]

/** What a wallet method's effect ends in. */
type Outcome<K extends Method> = ReturnType<MasterpassWallet.Service[K]>

/**
 * What a method of the test wallet answers, as the test gives it: one reply (`Either.right`) or
 * error (`Either.left`, a `PaywallError` or a `SessionStoreError`) for every call; an arbitrary
 * to draw each call's from (deterministic for the layer's `seed`), such as `Arbitraries.resultOf`;
 * or a function of the request.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 * import { SessionStore } from "@paywall-effect/http"
 * import { Arbitraries, type MasterpassWalletTest } from "@paywall-effect/testing"
 * import { Either } from "effect"
 *
 * const storeDown: MasterpassWalletTest.ServiceAnswer<"listCards"> = Either.left(
 *   new SessionStore.SessionStoreError({ operation: "get", description: "connection refused" })
 * )
 * const refusedOnly: MasterpassWalletTest.ServiceAnswer<"commitPayment"> = Arbitraries.resultOf(
 *   PaywallApi.commitPayment,
 *   { success: 0 }
 * )
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export type ServiceAnswer<K extends Method> = Given<
  Request<K>,
  Effect.Effect.Success<Outcome<K>>,
  Effect.Effect.Error<Outcome<K>>
>

/**
 * What a test reads back: the requests the code under test made, by method.
 *
 * @example
 * ```ts
 * import { MasterpassWalletTest } from "@paywall-effect/testing"
 * import { Effect } from "effect"
 *
 * const commits = Effect.flatMap(
 *   MasterpassWalletTest.MasterpassWalletTest,
 *   (test: MasterpassWalletTest.Service) => test.callsOf("commitPayment")
 * )
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export interface Service {
  /** Every request passed to one method (`"commitPayment"`, ...), valid or not, in order. */
  readonly callsOf: <K extends Method>(method: K) => Effect.Effect<ReadonlyArray<Request<K>>>
}

/**
 * The record of calls made to the test wallet.
 *
 * @example
 * ```ts
 * import { MasterpassWalletTest } from "@paywall-effect/testing"
 * import { Effect } from "effect"
 *
 * const users = Effect.flatMap(MasterpassWalletTest.MasterpassWalletTest, (test) => test.callsOf("listCards")).pipe(
 *   Effect.map((calls) => calls.map((call) => call.user.userId))
 * )
 * ```
 *
 * @since 0.4.0
 * @category tags
 */
export class MasterpassWalletTest extends Context.Tag("@paywall-effect/testing/MasterpassWalletTest")<
  MasterpassWalletTest,
  Service
>() {}

/**
 * How the test wallet answers.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 * import { Arbitraries, MasterpassWalletTest } from "@paywall-effect/testing"
 *
 * const options: MasterpassWalletTest.Options = {
 *   seed: 7,
 *   weights: { transport: 3 },
 *   services: { verifyPayment: Arbitraries.resultOf(PaywallApi.verifyPayment, { success: 0 }) }
 * }
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export interface Options {
  /** The seed of drawn answers: the same seed and calls give the same answers. Default 0. */
  readonly seed?: number
  /** The weights of drawn answers by kind, for the methods not in `services` (default 70% success). */
  readonly weights?: Partial<Arbitraries.Weights>
  /**
   * What each method answers (see {@link ServiceAnswer}); a method not given here answers drawn
   * results (`Arbitraries.resultOf` with `weights`).
   */
  readonly services?: { readonly [K in Method]?: ServiceAnswer<K> }
}

/** A session id that passes every request's check: the real wallet always sends a valid one. */
const anySession = MasterpassSession.AnswerSessionId.make("00000000-0000-0000-0000-000000000000")

/**
 * Checks a request as the real wallet's checks would reject it: the user as Create Session reads
 * it (the real wallet creates the user's session with it), then what the client checks: the
 * service's request with the session, or the SDK token's request with the user's session request.
 */
const validate = (method: Method, request: Request<Method>) =>
  Effect.flatMap(
    CreateSessionRequest.make({
      referenceCode: "masterpass-wallet-test",
      userId: request.user.userId,
      userPhone: request.user.userPhone,
      ...(request.user.phoneVerifiedByMerchant === undefined
        ? {}
        : { phoneVerifiedByMerchant: request.user.phoneVerifiedByMerchant })
    }),
    (masterpassSession) => {
      if (method === "createSdkToken") {
        const { user: _, ...options } = request as Request<"createSdkToken">
        // Unchecked, as the real wallet builds it: the client's check decides.
        return PaywallEndpoint.validate(
          PaywallApi.createSdkToken,
          new SdkToken.SdkTokenRequest({ ...options, masterpassSession }, true)
        )
      }
      const { user: _, ...fields } = request as Request<Arbitraries.Service>
      // A service's wallet request and a session make the service's request.
      return PaywallEndpoint.validate(
        Arbitraries.services[method],
        { ...fields, sessionId: anySession } as PaywallEndpoint.Request<Arbitraries.ServiceEndpoint>
      )
    }
  )

/**
 * Provides a `MasterpassWallet` whose methods answer as `options` says instead of calling
 * Paywall, and the {@link MasterpassWalletTest} that records their calls. A request the real
 * wallet would refuse (a user whose phone Create Session refuses, a blank `otpToken`) fails
 * with the same `PaywallRequestError` and uses no answer.
 *
 * @example
 * ```ts
 * import { MasterpassWallet } from "@paywall-effect/http"
 * import { MasterpassWalletTest } from "@paywall-effect/testing"
 * import { Effect, Either } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const wallet = yield* MasterpassWallet.MasterpassWallet
 *   const user = { userId: "42", userPhone: "905123456710" }
 *   const cards = yield* Effect.either(wallet.listCards({ user })) // drawn with the seed
 *   const calls = yield* Effect.flatMap(MasterpassWalletTest.MasterpassWalletTest, (test) => test.callsOf("listCards"))
 *   return [Either.isRight(cards), calls.length] as const
 * }).pipe(Effect.provide(MasterpassWalletTest.layer({ seed: 42 })))
 * ```
 *
 * @since 0.4.0
 * @category layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<MasterpassWallet.MasterpassWallet | MasterpassWalletTest> =>
  Layer.effectContext(Effect.gen(function*() {
    const seed = options.seed ?? 0
    const log = yield* makeCallLog<Method, { readonly [K in Method]: Request<K> }>()

    /** A wallet method: the call logged, the request checked, then its answer. */
    const method = <K extends Method>(name: K) => {
      const given: ServiceAnswer<K> = options.services?.[name]
        // Drawn from the method's own declaration, so of its reply type.
        ?? (byDefault(name, options.weights) as ServiceAnswer<K>)
      return Effect.map(
        answering(given, seed),
        (answer) => (request: Request<K>) =>
          log.record(name, request).pipe(
            Effect.zipRight(validate(name, request)),
            Effect.zipRight(Effect.suspend(() => answer(request)))
          )
      )
    }

    const wallet = MasterpassWallet.MasterpassWallet.of({
      createSdkToken: yield* method("createSdkToken"),
      listCards: yield* method("listCards"),
      deleteCard: yield* method("deleteCard"),
      linkToMerchant: yield* method("linkToMerchant"),
      unlinkFromMerchant: yield* method("unlinkFromMerchant"),
      verifyOtp: yield* method("verifyOtp"),
      resendOtp: yield* method("resendOtp"),
      verifyPayment: yield* method("verifyPayment"),
      commitPayment: yield* method("commitPayment"),
      commitPaymentById: yield* method("commitPaymentById")
    })

    return Context.make(MasterpassWallet.MasterpassWallet, wallet).pipe(
      Context.add(MasterpassWalletTest, { callsOf: log.of })
    )
  }))
