import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, layer } from "@effect/vitest"
import { CreateSession, PaywallApi, PaywallError } from "@paywall-effect/domain"
import { MasterpassClient, PaywallConfig, PaywallCredentials, PaywallPrivateClient } from "@paywall-effect/http"
import { Arbitraries, Outcome } from "@paywall-effect/testing"
import { Context, DateTime, Effect, Either, Layer, Redacted, Schema } from "effect"
import { sized } from "../../../test/fastcheck.js"
import { loopbackServer } from "../../../test/loopback.js"

/** What the loopback server answers (each run sets it), and the request line of each request it received. */
interface Stage {
  answer: { readonly status: number; readonly body: string }
  readonly received: Array<string>
}
class Served extends Context.Tag("agreement/Served")<Served, Stage>() {}

/**
 * The real clients (Masterpass, with the public key pair for the SDK token, and the Private API),
 * with retries off, over real sockets to a server on 127.0.0.1 that serves both APIs and answers
 * every request with the answer of the run.
 */
const RealClientOverLoopback = Layer.unwrapScoped(Effect.gen(function*() {
  const stage: Stage = { answer: { status: 500, body: "" }, received: [] }
  const server = yield* loopbackServer((request, response) => {
    stage.received.push(`${request.method} ${request.url}`)
    request.resume()
    response.writeHead(stage.answer.status, { "content-type": "application/json" })
    response.end(stage.answer.body)
  })
  return Layer.merge(MasterpassClient.layer, PaywallPrivateClient.layer).pipe(
    Layer.provide([
      PaywallConfig.layer({ baseUrl: server.url, privateBaseUrl: server.url, maxRetries: 0 }),
      PaywallCredentials.layer({
        apiKeyPrivate: Redacted.make("agreement-key"),
        apiClientPrivate: Redacted.make("agreement-client"),
        apiKeyPublic: Redacted.make("agreement-public-key"),
        apiClientPublic: Redacted.make("agreement-public-client")
      }),
      NodeHttpClient.layerUndici
    ]),
    Layer.orDie,
    Layer.merge(Layer.succeed(Served, stage))
  )
}))

/** Serves `answer` to the next request; the request line it received is checked after the call. */
const serve = (answer: Stage["answer"]) => Effect.map(Served, (stage) => void (stage.answer = answer))
const lastRequest = Effect.map(Served, (stage) => stage.received.at(-1))

const encodeRecord = Schema.encodeSync(CreateSession.CreateSession)
const encodeError = Schema.encodeSync(PaywallError.PaywallError)

/**
 * Whether two replies are the same by their declaration's schema: every field, amounts by value (a
 * query's `1000.00` is read as written, the arbitrary's reply from the number 1000).
 */
const sameReply = (endpoint: Arbitraries.Endpoint) =>
  Schema.equivalence(Schema.typeSchema(
    endpoint.reply({ expiryTimeZone: DateTime.zoneUnsafeMakeNamed("UTC") }) as Schema.Schema<unknown, unknown>
  ))

/** The real method that calls `endpoint`: each takes its declaration's request and gives its reply. */
const callOf = (endpoint: Arbitraries.Endpoint) =>
  endpoint.api === "private"
    ? Effect.map(
      PaywallPrivateClient.PaywallPrivateClient,
      (client) => client[endpoint.name as Arbitraries.PrivateMethod] as Call
    )
    : Effect.map(
      MasterpassClient.MasterpassClient,
      (client) => client[endpoint.name as Exclude<Arbitraries.EndpointName, Arbitraries.PrivateMethod>] as Call
    )
type Call = (request: unknown) => Effect.Effect<unknown, PaywallError.PaywallError>

describe("the arbitraries agree with the real client", () => {
  layer(RealClientOverLoopback, { excludeTestServices: true })("served over loopback", (it) => {
    it.effect.prop(
      "createSession: every drawn answer decodes to the outcome it claims",
      [Arbitraries.answer, Arbitraries.request],
      ([answer, request]) =>
        Effect.gen(function*() {
          const client = yield* MasterpassClient.MasterpassClient
          yield* serve(answer)
          const result = yield* Effect.either(client.createSession(request))
          expect(yield* lastRequest).toBe(`POST ${PaywallApi.createSession.path}`)
          const claimed = Outcome.toResult(answer.outcome)
          if (Either.isRight(claimed)) {
            expect(Either.isRight(result)).toBe(true)
            const session = Either.getOrThrow(result)
            expect(session.sessionId).toBe(claimed.right.sessionId)
            expect(session.expiryText).toBe(claimed.right.expiryText)
            expect(DateTime.formatIso(session.expiresAt)).toBe(DateTime.formatIso(claimed.right.expiresAt))
          } else {
            const error = Either.flip(result).pipe(Either.getOrThrow)
            expect(error._tag).not.toBe("PaywallRequestError")
            expect(encodeError(error)).toStrictEqual(encodeError(claimed.left))
          }
          const record = yield* client.createSessionRecord(request)
          expect(encodeRecord(record)).toStrictEqual(encodeRecord(Outcome.toRecord(answer.outcome)))
        }),
      sized(100, 300)
    )

    // Every declaration through the one mechanism: Create Session, the SDK token, the Masterpass services, the Private API.
    for (const endpoint of Object.values(PaywallApi.endpoints)) {
      const same = sameReply(endpoint)
      it.effect.prop(
        `${endpoint.name}: every drawn answer ends in exactly the reply or error it claims`,
        [Arbitraries.requestOf(endpoint), Arbitraries.answerOf(endpoint)],
        ([request, answer]) =>
          Effect.gen(function*() {
            const call = yield* callOf(endpoint)
            yield* serve(answer)
            const result = yield* Effect.either(call(request))
            expect(yield* lastRequest).toBe(`${endpoint.method} ${endpoint.path}`)
            if (Either.isRight(answer.result)) {
              const reply = Either.getOrThrow(result)
              const claimed: unknown = answer.result.right
              // A class instance (a step, a payment, a token) or, for a cancel or refund, nothing.
              expect(reply?.constructor).toBe(claimed?.constructor)
              expect(same(reply, claimed)).toBe(true)
            } else {
              const error = Either.flip(result).pipe(Either.getOrThrow)
              expect(encodeError(error)).toStrictEqual(encodeError(answer.result.left))
            }
          }),
        sized(60, 150)
      )
    }
  })
})
