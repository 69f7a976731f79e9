/**
 * What the test layers share for the Masterpass services: how a method answers what the test
 * gave it, and the log of the calls made to them.
 */
import { PaywallApi } from "@paywall-effect/domain"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import * as Ref from "effect/Ref"
import * as Arbitraries from "../Arbitraries.js"

/**
 * What a test gives a method: one reply or error for every call, an arbitrary to draw each
 * call's from, or its own function of the request.
 */
export type Given<Request, A, E> =
  | Either.Either<A, E>
  | fc.Arbitrary<Either.Either<A, E>>
  | ((request: Request) => Effect.Effect<A, E>)

/**
 * The answer of each call of one method. A drawn answer is the `n`-th call's with seed `seed + n`
 * (`n` from 0), so the same seed and calls give the same answers.
 */
export const answering = <Request, A, E>(
  given: Given<Request, A, E>,
  seed: number
): Effect.Effect<(request: Request) => Effect.Effect<A, E>> => {
  if (Either.isEither(given)) return Effect.succeed(() => given)
  if (given instanceof fc.Arbitrary) {
    const arbitrary = given
    return Effect.map(Ref.make(0), (calls) => () =>
      Effect.flatMap(
        Ref.getAndUpdate(calls, (n) => n + 1),
        (n) => fc.sample(arbitrary, { seed: seed + n, numRuns: 1 })[0]!
      ))
  }
  return Effect.succeed(given)
}

/** What a method answers when the test gave nothing: results drawn from `Arbitraries.resultOf`. */
export const byDefault = (
  method: Arbitraries.Service | "createSdkToken",
  weights: Partial<Arbitraries.Weights> | undefined
): Given<never, unknown, unknown> => Arbitraries.resultOf(PaywallApi.endpoints[method], weights)

/**
 * Every call made to the methods of a test layer, in order: which method, with what request.
 * `of` reads one method's requests, as the type its layer records them with.
 */
export const makeCallLog = <Method extends string, Request extends { readonly [K in Method]: unknown }>() =>
  Effect.map(
    Ref.make<ReadonlyArray<readonly [Method, unknown]>>([]),
    (log) => ({
      /** Logs a call; a layer passes each method's own request. */
      record: (method: Method, request: unknown) => Ref.update(log, (all) => [...all, [method, request] as const]),
      of: <K extends Method>(method: K): Effect.Effect<ReadonlyArray<Request[K]>> =>
        Effect.map(
          Ref.get(log),
          // The layer records each service's requests with their type: `Request` names it.
          (all) => all.flatMap(([called, request]) => called === method ? [request as Request[K]] : [])
        )
    })
  )
