/**
 * An in-memory `MasterpassClient` for testing application code: every method answers from the
 * arbitraries (deterministic for a seed), or as the test says (Create Session's outcomes pinned
 * or scripted; each service's reply, error, arbitrary or function); every call recorded.
 *
 * @since 0.1.0
 */
import {
  CreateSession,
  type CreateSessionRequest,
  PaywallApi,
  PaywallEndpoint,
  type PaywallError
} from "@paywall-effect/domain"
import { MasterpassClient } from "@paywall-effect/http"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Arbitraries from "./Arbitraries.js"
import { answering, byDefault, type Given, makeCallLog } from "./internal/services.js"
import * as Outcome from "./Outcome.js"

/**
 * What a test reads back: the requests the code under test made, in order.
 *
 * @example
 * ```ts
 * import { MasterpassClientTest } from "@paywall-effect/testing"
 * import { Effect } from "effect"
 *
 * const calls = Effect.flatMap(MasterpassClientTest.MasterpassClientTest, (test: MasterpassClientTest.Service) => test.calls)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Every request passed to `createSession` or `createSessionRecord`, valid or not, in order. */
  readonly calls: Effect.Effect<ReadonlyArray<CreateSessionRequest.CreateSessionRequest>>
  /** Every request passed to one other method (`"commitPayment"`, ...), valid or not, in order. */
  readonly callsOf: <K extends Method>(method: K) => Effect.Effect<ReadonlyArray<MethodRequest<K>>>
}

/**
 * The record of calls made to the test client.
 *
 * @example
 * ```ts
 * import { MasterpassClientTest } from "@paywall-effect/testing"
 * import { Effect } from "effect"
 *
 * const referenceCodes = Effect.flatMap(MasterpassClientTest.MasterpassClientTest, (test) => test.calls).pipe(
 *   Effect.map((calls) => calls.map((call) => call.referenceCode))
 * )
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class MasterpassClientTest extends Context.Tag("@paywall-effect/testing/MasterpassClientTest")<
  MasterpassClientTest,
  Service
>() {}

/**
 * A method of the client besides Create Session's: the nine Masterpass services and the SDK
 * temp token's `createSdkToken`.
 *
 * @example
 * ```ts
 * import type { MasterpassClientTest } from "@paywall-effect/testing"
 *
 * const method: MasterpassClientTest.Method = "createSdkToken"
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export type Method = Exclude<keyof MasterpassClient.Service, "createSession" | "createSessionRecord">

/** The declaration a method calls. */
type MethodEndpoint<K extends Method> = (typeof PaywallApi.endpoints)[K]

/** The request of a method. */
type MethodRequest<K extends Method> = PaywallEndpoint.Request<MethodEndpoint<K>>

/**
 * What a method of the test client answers, as the test gives it: one reply (`Either.right`) or
 * error (`Either.left`) for every call; an arbitrary to draw each call's from (deterministic
 * for the layer's `seed`), such as `Arbitraries.resultOf`; or a function of the request.
 *
 * @example
 * ```ts
 * import { PaywallApi, PaywallError } from "@paywall-effect/domain"
 * import { Arbitraries, type MasterpassClientTest } from "@paywall-effect/testing"
 * import { Either } from "effect"
 *
 * const alreadyCommitted: MasterpassClientTest.ServiceAnswer<"commitPayment"> = Either.left(
 *   new PaywallError.PaywallEnvelopeError({ errorCode: 92, paywallMessage: "Auto commit payment cannot commit again", status: 200 })
 * )
 * const anyVerify: MasterpassClientTest.ServiceAnswer<"verifyOtp"> = Arbitraries.resultOf(PaywallApi.verifyOtp)
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export type ServiceAnswer<K extends Method> = Given<
  MethodRequest<K>,
  PaywallEndpoint.Reply<MethodEndpoint<K>>,
  PaywallError.PaywallError
>

/**
 * How the test client picks outcomes.
 *
 * @example
 * ```ts
 * import { MasterpassClientTest } from "@paywall-effect/testing"
 *
 * const options: MasterpassClientTest.Options = { seed: 42, weights: { transport: 3 } }
 * const TestClient = MasterpassClientTest.layer(options)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The seed of the drawn outcomes: the same seed and calls give the same outcomes. Default 0. */
  readonly seed?: number
  /** The weights of drawn outcomes by kind, for every method (default 70% success, 10% each failure kind). */
  readonly weights?: Partial<Arbitraries.Weights>
  /** Outcomes for the first calls, in order; later calls get `outcome`, or drawn ones. */
  readonly script?: ReadonlyArray<Outcome.Outcome>
  /** The outcome of every call (after `script`). */
  readonly outcome?: Outcome.Outcome
  /**
   * What each other method (card list, OTP, commit, ..., SDK token) answers (see
   * {@link ServiceAnswer}). A method not given here answers drawn results (`Arbitraries.resultOf`
   * with `weights`). Each request is validated first, as the real client does; an invalid one uses
   * no answer.
   */
  readonly services?: { readonly [K in Method]?: ServiceAnswer<K> }
}

/**
 * Provides a `MasterpassClient` that answers from outcomes instead of Paywall, and the
 * {@link MasterpassClientTest} that records its calls: Create Session as `script`, `outcome` or
 * drawn; each Masterpass service as `services` says, or drawn. Invalid requests fail exactly as
 * with the real client (a `PaywallRequestError` naming the field, or an `INVALID_REQUEST` record)
 * and consume no outcome.
 *
 * @example
 * ```ts
 * import { CreateSessionRequest, MasterpassSession, PaywallError } from "@paywall-effect/domain"
 * import { MasterpassClient } from "@paywall-effect/http"
 * import { MasterpassClientTest } from "@paywall-effect/testing"
 * import { Effect, Either } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const client = yield* MasterpassClient.MasterpassClient
 *   const record = yield* client.createSessionRecord(
 *     new CreateSessionRequest.CreateSessionRequest({ referenceCode: "r-1", userId: "42", userPhone: "905123456710" })
 *   )
 *   const sessionId = MasterpassSession.AnswerSessionId.make("9b27433e-f36b-1410-80e5-004205aa382d")
 *   const cards = yield* Effect.either(client.listCards({ sessionId })) // drawn with the seed
 *   const commit = yield* Effect.either(client.commitPayment({ sessionId, masterpassPaymentId: "mp-1" })) // Left(92)
 *   const commits = yield* Effect.flatMap(MasterpassClientTest.MasterpassClientTest, (test) => test.callsOf("commitPayment"))
 *   return [record.status, Either.isRight(cards), Either.isLeft(commit), commits.length] as const
 * }).pipe(Effect.provide(MasterpassClientTest.layer({
 *   seed: 42,
 *   services: {
 *     commitPayment: Either.left(new PaywallError.PaywallEnvelopeError({ errorCode: 92, status: 200 }))
 *   }
 * })))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<MasterpassClient.MasterpassClient | MasterpassClientTest> =>
  Layer.effectContext(Effect.gen(function*() {
    const calls = yield* Ref.make<ReadonlyArray<CreateSessionRequest.CreateSessionRequest>>([])
    const drawn = yield* Ref.make(0)
    const arbitrary = Arbitraries.outcome(options.weights)
    const seed = options.seed ?? 0

    /** The outcome of the next valid call: scripted, pinned, or drawn with the seed and the call's index. */
    const next = Ref.getAndUpdate(drawn, (n) => n + 1).pipe(
      Effect.map((index): Outcome.Outcome =>
        options.script?.[index] ?? options.outcome
          ?? fc.sample(arbitrary, { seed: seed + index, numRuns: 1 })[0]!
      )
    )

    /** Records the call, then validates it as the real client does, then takes an outcome. */
    const call = (
      request: CreateSessionRequest.CreateSessionRequest
    ): Effect.Effect<Outcome.Outcome, PaywallError.PaywallRequestError> =>
      Ref.update(calls, (all) => [...all, request]).pipe(
        Effect.zipRight(PaywallEndpoint.validate(PaywallApi.createSession, request)),
        Effect.zipRight(next)
      )

    const log = yield* makeCallLog<Method, { readonly [K in Method]: MethodRequest<K> }>()

    /** A method: the call logged, the request validated, then its answer. */
    const service = <K extends Method>(name: K) => {
      const endpoint: MethodEndpoint<K> = PaywallApi.endpoints[name]
      const given: ServiceAnswer<K> = options.services?.[name]
        // Drawn from the method's own declaration, so of its reply type.
        ?? (byDefault(name, options.weights) as ServiceAnswer<K>)
      return Effect.map(
        answering(given, seed),
        (answer): MasterpassClient.Call<MethodEndpoint<K>> => (request) =>
          log.record(name, request).pipe(
            Effect.zipRight(PaywallEndpoint.validate(endpoint, request)),
            Effect.zipRight(Effect.suspend(() => answer(request)))
          )
      )
    }

    const client = MasterpassClient.MasterpassClient.of({
      createSdkToken: yield* service("createSdkToken"),
      listCards: yield* service("listCards"),
      deleteCard: yield* service("deleteCard"),
      linkToMerchant: yield* service("linkToMerchant"),
      unlinkFromMerchant: yield* service("unlinkFromMerchant"),
      verifyOtp: yield* service("verifyOtp"),
      resendOtp: yield* service("resendOtp"),
      verifyPayment: yield* service("verifyPayment"),
      commitPayment: yield* service("commitPayment"),
      commitPaymentById: yield* service("commitPaymentById"),
      createSession: (request) => Effect.flatMap(call(request), Outcome.toResult),
      createSessionRecord: (request) =>
        call(request).pipe(
          Effect.map(Outcome.toRecord),
          Effect.catchTag(
            "PaywallRequestError",
            (error) => Effect.succeed(CreateSession.fromResult(Either.left(error), {}))
          )
        )
    })

    return Context.make(MasterpassClient.MasterpassClient, client).pipe(
      Context.add(MasterpassClientTest, {
        calls: Ref.get(calls),
        callsOf: log.of
      })
    )
  }))
