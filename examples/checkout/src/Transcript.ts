/**
 * What Paywall answered during one step of the shop: every call the wallet made while the step
 * ran (Create Session included), as the library recorded it (`PaywallClient.exchange`: the HTTP
 * status and the answer's JSON, scrubbed of the credentials and of the phone), and the user's
 * session before and after. The shop's page shows it beside every step.
 */
import { PaywallApi, type PaywallEndpoint, type PaywallError } from "@paywall-effect/domain"
import { PaywallClient, SessionStore } from "@paywall-effect/http"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import { globalValue } from "effect/GlobalValue"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

/** One Paywall call: the endpoint, what became of it, and the answer as the library kept it. */
export const PaywallExchange = Schema.Struct({
  endpoint: Schema.String,
  outcome: Schema.String,
  status: Schema.NullOr(Schema.Number),
  answer: Schema.Unknown
})
export type PaywallExchange = typeof PaywallExchange.Type

/**
 * The user's session after a step: `created` (Create Session or the SDK token opened it),
 * `renewed` (an answer named a new one) or `same`.
 */
export const SessionChange = Schema.Struct({
  sessionId: Schema.String,
  change: Schema.Literal("created", "renewed", "same")
})

/** What Paywall answered during one step. */
export const PaywallTrace = Schema.Struct({
  exchanges: Schema.Array(PaywallExchange),
  session: Schema.NullOr(SessionChange)
})
export type PaywallTrace = typeof PaywallTrace.Type

/** A failure as the page reads it: the error's tag and what tells its cases apart. */
const outcomeOf = (error: PaywallError.PaywallError): string => {
  switch (error._tag) {
    case "PaywallMasterpassError":
      return `${error._tag} ${error.exceptionCode ?? error.responseCode ?? error.statusCode ?? ""}`.trim()
    case "PaywallEnvelopeError":
      return `${error._tag} ErrorCode ${error.errorCode}`
    case "PaywallTransportError":
      return `${error._tag} ${error.reason}${error.outcomeUnknown ? " (outcome unknown)" : ""}`
    default:
      return error._tag
  }
}

/** The calls that open a new Masterpass session: Create Session, and the SDK token with one. */
const opening: ReadonlySet<string> = new Set([PaywallApi.createSession.name, PaywallApi.createSdkToken.name])

/** Where the calls of the step running in this fiber are collected, if one is being traced. */
const collecting = globalValue(
  Symbol.for("example-checkout/Transcript/collecting"),
  () => FiberRef.unsafeMake<ReadonlyArray<PaywallExchange> | undefined>(undefined)
)

const note = <A>(endpoint: PaywallEndpoint.Any, exchange: PaywallClient.Exchange<A>) =>
  FiberRef.update(collecting, (collected) =>
    collected === undefined ? undefined : [...collected, {
      endpoint: endpoint.name,
      outcome: Either.match(exchange.result, { onLeft: outcomeOf, onRight: () => "succeeded" }),
      status: exchange.status ?? null,
      answer: exchange.body ?? null
    }])

/**
 * The `PaywallClient` pipeline with every call also noted in the step being traced: `call` runs
 * as `exchange` (the same pipeline, which also keeps the answer's scrubbed JSON).
 */
export const layer: Layer.Layer<PaywallClient.PaywallClient, never, PaywallClient.PaywallClient> = Layer.effect(
  PaywallClient.PaywallClient,
  Effect.map(PaywallClient.PaywallClient, (paywall) =>
    PaywallClient.PaywallClient.of({
      exchange: (endpoint, request) => Effect.tap(paywall.exchange(endpoint, request), (done) => note(endpoint, done)),
      call: (endpoint, request) =>
        Effect.flatMap(
          paywall.exchange(endpoint, request),
          (done) => Effect.zipRight(note(endpoint, done), done.result)
        )
    }))
)

/**
 * Runs one step of `userId`'s and returns how it ended with what Paywall answered meanwhile.
 * Steps run one after another per user (the page waits for each), so the session read after the
 * step is the one it left.
 */
export const trace = <A, E, R>(userId: string, step: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const store = yield* SessionStore.SessionStore
    const sessionOf = Effect.map(
      Effect.orElseSucceed(store.get(userId), () => Option.none<SessionStore.StoredSession>()),
      Option.map((stored) => stored.sessionId)
    )
    const before = yield* sessionOf
    const [exit, exchanges] = yield* Effect.locally(
      Effect.zip(Effect.exit(step), FiberRef.get(collecting)),
      collecting,
      []
    )
    const after = yield* sessionOf
    const calls = exchanges ?? []
    const trace: PaywallTrace = {
      exchanges: calls,
      session: Option.match(after, {
        onNone: () => null,
        onSome: (sessionId) => ({
          sessionId,
          change: calls.some((call) => opening.has(call.endpoint))
            ? "created"
            : Option.contains(before, sessionId)
            ? "same"
            : "renewed"
        })
      })
    }
    return { exit, trace }
  })
