import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { PrivateService } from "@paywall-effect/domain"
import { PaywallConfig, PaywallCredentials, PaywallPrivateClient } from "@paywall-effect/http"
import { PrivateApiArbitraries } from "@paywall-effect/testing"
import { Effect, Layer, Redacted, Schema } from "effect"
import { sized } from "../../../test/fastcheck.js"

/** The real Private API client, with retries off, over an HttpClient that serves one drawn answer. */
const realClientServing = (answer: { readonly status: number; readonly body: string }) =>
  PaywallPrivateClient.layer.pipe(
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

const samePayment = Schema.equivalence(Schema.typeSchema(PrivateService.PaymentQuery))

describe("the Private API arbitraries agree with the real client", { timeout: 30_000 }, () => {
  it.effect.prop(
    "every drawn query answer, served over HTTP, is read as the payment it claims",
    [PrivateApiArbitraries.queryAnswer()],
    ([answer]) =>
      Effect.gen(function*() {
        const client = yield* PaywallPrivateClient.PaywallPrivateClient
        const payment = yield* client.queryPayment({ merchantUniqueCode: answer.payment.merchantUniqueCode })
        // By the schema's equivalence: amounts compare by value (`1.50` read from a float is `1.5`).
        expect(samePayment(payment, answer.payment)).toBe(true)
        expect(payment.status).toStrictEqual(answer.payment.status)
      }).pipe(Effect.provide(realClientServing(answer))),
    sized(100, 200)
  )
})
