/**
 * An in-memory `MasterpassClient` for testing application code: outcomes drawn from the
 * arbitraries (deterministic for a seed), pinned, or scripted; every call recorded.
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
  /** The weights of drawn outcomes by kind (default 70% success, 10% each failure kind). */
  readonly weights?: Partial<Arbitraries.Weights>
  /** Outcomes for the first calls, in order; later calls get `outcome`, or drawn ones. */
  readonly script?: ReadonlyArray<Outcome.Outcome>
  /** The outcome of every call (after `script`). */
  readonly outcome?: Outcome.Outcome
  /**
   * The other Masterpass services (card list, OTP, commit, ...), as the test wants them to
   * answer. Each request is validated first, as the real client does; a service not given here
   * dies with a message naming it once its request is valid.
   */
  readonly services?: Partial<Omit<MasterpassClient.Service, "createSession" | "createSessionRecord">>
}

/** A Masterpass service of the test client: the request validated, then the test's own answer. */
const service = <E extends PaywallEndpoint.Any>(
  endpoint: E,
  given: MasterpassClient.Call<E> | undefined
): MasterpassClient.Call<E> =>
(request) =>
  Effect.zipRight(
    PaywallEndpoint.validate(endpoint, request),
    given === undefined
      ? Effect.dieMessage(`MasterpassClientTest: no ${endpoint.name} in the layer's services option`)
      : given(request)
  )

/**
 * Provides a `MasterpassClient` that answers from outcomes instead of Paywall, and the
 * {@link MasterpassClientTest} that records its calls. Invalid requests fail exactly as with
 * the real client (a `PaywallRequestError` naming the field, or an `INVALID_REQUEST` record) and
 * consume no outcome.
 *
 * @example
 * ```ts
 * import { CreateSessionRequest } from "@paywall-effect/domain"
 * import { MasterpassClient } from "@paywall-effect/http"
 * import { MasterpassClientTest } from "@paywall-effect/testing"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const client = yield* MasterpassClient.MasterpassClient
 *   const record = yield* client.createSessionRecord(
 *     new CreateSessionRequest.CreateSessionRequest({ referenceCode: "r-1", userId: "42", userPhone: "905123456710" })
 *   )
 *   const calls = yield* Effect.flatMap(MasterpassClientTest.MasterpassClientTest, (test) => test.calls)
 *   return [record.status, calls.length] as const
 * }).pipe(Effect.provide(MasterpassClientTest.layer({ seed: 42 })))
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

    const services = options.services ?? {}
    const client = MasterpassClient.MasterpassClient.of({
      createSdkToken: service(PaywallApi.createSdkToken, services.createSdkToken),
      listCards: service(PaywallApi.listCards, services.listCards),
      deleteCard: service(PaywallApi.deleteCard, services.deleteCard),
      linkToMerchant: service(PaywallApi.linkToMerchant, services.linkToMerchant),
      unlinkFromMerchant: service(PaywallApi.unlinkFromMerchant, services.unlinkFromMerchant),
      verifyOtp: service(PaywallApi.verifyOtp, services.verifyOtp),
      resendOtp: service(PaywallApi.resendOtp, services.resendOtp),
      verifyPayment: service(PaywallApi.verifyPayment, services.verifyPayment),
      commitPayment: service(PaywallApi.commitPayment, services.commitPayment),
      commitPaymentById: service(PaywallApi.commitPaymentById, services.commitPaymentById),
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
      Context.add(MasterpassClientTest, { calls: Ref.get(calls) })
    )
  }))
