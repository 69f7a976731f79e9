import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { CreateSession, PaywallError } from "@paywall-effect/domain"
import { MasterpassClient, PaywallConfig, PaywallCredentials } from "@paywall-effect/http"
import { Arbitraries, Outcome } from "@paywall-effect/testing"
import { DateTime, Effect, Either, Layer, Redacted, Schema } from "effect"
import { sized } from "../../../test/fastcheck.js"

/** The real client, with retries off, over an HttpClient that serves one drawn answer. */
const realClientServing = (answer: { readonly status: number; readonly body: string }) =>
  MasterpassClient.layer.pipe(
    Layer.provide([
      PaywallConfig.layer({ maxRetries: 0 }),
      PaywallCredentials.layer({
        apiKeyPrivate: Redacted.make("agreement-key"),
        apiClientPrivate: Redacted.make("agreement-client")
      }),
      Layer.succeed(
        HttpClient.HttpClient,
        HttpClient.make((request) =>
          Effect.succeed(HttpClientResponse.fromWeb(request, new Response(answer.body, { status: answer.status })))
        )
      )
    ]),
    Layer.orDie
  )

const encodeRecord = Schema.encodeSync(CreateSession.CreateSession)
const encodeError = Schema.encodeSync(PaywallError.PaywallError)

// 300 calls: at the 5 s default this timed out on a loaded 2-core machine (it took 4.96 s alone before issue 12).
describe("the arbitraries agree with the real client", { timeout: 30_000 }, () => {
  it.effect.prop(
    "every drawn answer, served over HTTP, decodes to the outcome it claims",
    [Arbitraries.answer, Arbitraries.request],
    ([answer, request]) =>
      Effect.gen(function*() {
        const client = yield* MasterpassClient.MasterpassClient
        const result = yield* Effect.either(client.createSession(request))
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
          expect(encodeError(error as PaywallError.PaywallError)).toStrictEqual(encodeError(claimed.left))
        }
        const record = yield* client.createSessionRecord(request)
        expect(encodeRecord(record)).toStrictEqual(encodeRecord(Outcome.toRecord(answer.outcome)))
      }).pipe(Effect.provide(realClientServing(answer))),
    sized(100, 400)
  )
})
