import * as HttpClientError from "@effect/platform/HttpClientError"
import { describe, expect, it } from "@effect/vitest"
import { Amount, PaywallApi } from "@paywall-effect/domain"
import { PaywallPrivateClient } from "@paywall-effect/http"
import { BigDecimal, Effect, Layer } from "effect"
import { readFileSync } from "node:fs"
import { type Answer, bodyText, fakePaywall, json } from "./support.js"

/** Paywall's documented Private API examples (MASTERPASS.md section 6), as JSON fixtures. */
const examples: Record<string, unknown> = JSON.parse(
  readFileSync(new URL("../../../test/fixtures/private/examples.json", import.meta.url), "utf8")
)

const dec = BigDecimal.unsafeFromString

/** The Private API client over an in-memory Paywall answering with `answer`; what it was sent. */
const privateApi = (
  answer: Parameters<typeof fakePaywall>[0],
  config: Parameters<typeof fakePaywall>[1] = {}
) => {
  const paywall = fakePaywall(answer, config)
  return { sent: paywall.sent, layer: PaywallPrivateClient.layer.pipe(Layer.provide(paywall.dependencies)) }
}

const api = PaywallPrivateClient.PaywallPrivateClient

describe("PaywallPrivateClient: the wire", () => {
  it.effect("query by merchant code: a GET to the Private API's host, the code in a header, no body", () =>
    Effect.gen(function*() {
      const { layer, sent } = privateApi(() => json(examples["query.success"]))
      const payment = yield* Effect.provide(
        Effect.flatMap(
          api,
          (client) => client.queryPayment({ merchantUniqueCode: "5b0287fb-0ccc-4366-9b2a-048be739e54c" })
        ),
        layer
      )
      expect(sent[0]?.method).toBe("GET")
      expect(sent[0]?.url).toBe(`${PaywallApi.testPrivateBaseUrl}/api/paywall/private/query`)
      expect(sent[0]?.headers["merchantuniquecode"]).toBe("5b0287fb-0ccc-4366-9b2a-048be739e54c")
      expect(sent[0]?.headers["apikeyprivate"]).toBe("test-api-key-private-0001")
      expect(sent[0]?.body._tag).toBe("Empty")
      expect(payment.status).toStrictEqual({ _tag: "AwaitingSettlement" })
      expect(payment.paymentId).toBe(4045713n)
    }))

  it.effect("query by Paywall's code: the Guid in the uniquecode header", () =>
    Effect.gen(function*() {
      const { layer, sent } = privateApi(() => json(examples["query.success"]))
      yield* Effect.provide(
        Effect.flatMap(api, (client) =>
          client.queryPaymentByUniqueCode({ uniqueCode: "cdd14b16-74fd-4f3b-863f-fccb3ec80baf" })),
        layer
      )
      expect(sent[0]?.url).toBe(`${PaywallApi.testPrivateBaseUrl}/api/paywall/private/query/by/uniquecode`)
      expect(sent[0]?.headers["uniquecode"]).toBe("cdd14b16-74fd-4f3b-863f-fccb3ec80baf")
    }))

  it.effect("cancel, refund, partial refund and revert: their JSON bodies, amounts as exact digits; the documented success is void", () =>
    Effect.gen(function*() {
      const { layer, sent } = privateApi(() => json(examples["accepted"]))
      const results = yield* Effect.provide(
        Effect.flatMap(api, (client) =>
          Effect.all([
            client.cancelPayment({ date: "2023-01-23", merchantUniqueCode: "12222a2222a" }),
            client.refundPayment({
              date: "2023-02-07",
              merchantUniqueCode: "AA90T0SD0ASF99",
              completePartialRefund: true
            }),
            client.refundPartially({
              date: "2024-06-13",
              merchantUniqueCode: "458769387568376459898",
              amount: dec("123456789012345678.12345678")
            }),
            client.revertPayment({
              uniqueCode: "cdd14b16-74fd-4f3b-863f-fccb3ec80baf",
              merchantUniqueCode: "ABCD-EFGH-JKLP-MNBV",
              amount: dec("0.10")
            })
          ])),
        layer
      )
      expect(results).toStrictEqual([undefined, undefined, undefined, undefined])
      expect(sent.map((request) => `${request.method} ${request.url}`)).toStrictEqual([
        `POST ${PaywallApi.testPrivateBaseUrl}/api/paywall/private/cancel`,
        `POST ${PaywallApi.testPrivateBaseUrl}/api/paywall/private/refund`,
        `POST ${PaywallApi.testPrivateBaseUrl}/api/paywall/private/refund/partial`,
        `POST ${PaywallApi.testPrivateBaseUrl}/api/paywall/private/revert`
      ])
      expect(sent.map(bodyText)).toStrictEqual([
        "{\"Date\":\"2023-01-23\",\"MerchantUniqueCode\":\"12222a2222a\"}",
        "{\"Date\":\"2023-02-07\",\"MerchantUniqueCode\":\"AA90T0SD0ASF99\",\"CompletePartialRefund\":true}",
        "{\"Date\":\"2024-06-13\",\"MerchantUniqueCode\":\"458769387568376459898\",\"Amount\":123456789012345678.12345678}",
        "{\"UniqueCode\":\"cdd14b16-74fd-4f3b-863f-fccb3ec80baf\",\"MerchantUniqueCode\":\"ABCD-EFGH-JKLP-MNBV\",\"Amount\":0.10}"
      ])
      expect(sent[0]?.headers["content-type"]).toBe("application/json")
    }))

  it.effect("an amount in an answer is read exactly, however many digits", () =>
    Effect.gen(function*() {
      const text =
        "{\"ErrorCode\":0,\"Result\":true,\"Body\":{\"Paywall\":{\"PaymentId\":1,\"MerchantUniqueCode\":\"o\","
        + "\"StatusId\":4,\"PaymentAmount\":999999999999999999.99,\"RemainingRefundAmount\":0.30000000000000004}}}"
      const { layer } = privateApi(() =>
        new Response(text, { status: 200, headers: { "content-type": "application/json" } })
      )
      const payment = yield* Effect.provide(
        Effect.flatMap(api, (client) => client.queryPayment({ merchantUniqueCode: "o" })),
        layer
      )
      expect(Amount.toText(payment.paymentAmount)).toBe("999999999999999999.99")
      expect(Amount.toText(payment.remainingRefundAmount!)).toBe("0.30000000000000004")
    }))
})

describe("PaywallPrivateClient: failures", () => {
  it.effect("a refusal envelope is a PaywallEnvelopeError with Paywall's code and message", () =>
    Effect.gen(function*() {
      const { layer } = privateApi(() =>
        json({ ErrorCode: 56, Result: false, Message: "Payment not found", Body: null })
      )
      const error = yield* Effect.flip(
        Effect.provide(Effect.flatMap(api, (client) => client.queryPayment({ merchantUniqueCode: "o" })), layer)
      )
      expect(error).toMatchObject({ _tag: "PaywallEnvelopeError", errorCode: 56, paywallMessage: "Payment not found" })
    }))

  // Live: the query's retries wait their (1 ms) backoff.
  it.live.each([
    ["a 503", () => new Response("busy", { status: 503 })],
    ["a reset", () =>
      new HttpClientError.RequestError({
        request: undefined as never,
        reason: "Transport",
        cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })
      })]
  ] as ReadonlyArray<readonly [string, () => Answer]>)(
    "%s after a money-moving call may have arrived: one attempt, outcome unknown, while a query is retried",
    ([, answer]) =>
      Effect.gen(function*() {
        const { layer, sent } = privateApi(answer, { config: { maxRetries: 2, retryBaseDelay: "1 millis" } })
        const refund = yield* Effect.flip(
          Effect.provide(
            Effect.flatMap(api, (client) =>
              client.refundPartially({ date: "2024-06-13", merchantUniqueCode: "o", amount: dec("1") })),
            layer
          )
        )
        expect(refund).toMatchObject({ attempts: 1, outcomeUnknown: true })
        expect(sent).toHaveLength(1)
        const query = yield* Effect.flip(
          Effect.provide(
            Effect.flatMap(api, (client) =>
              client.queryPayment({ merchantUniqueCode: "o" })),
            layer
          )
        )
        expect(query).toMatchObject({ attempts: 3 })
        expect("outcomeUnknown" in query && query.outcomeUnknown).toBeFalsy()
      })
  )

  it.effect("reconcile queries the payment by the operation's merchant code and judges it", () =>
    Effect.gen(function*() {
      const cancelled = {
        ErrorCode: 0,
        Result: true,
        Body: {
          Paywall: {
            PaymentId: 7,
            MerchantUniqueCode: "order-7",
            StatusId: 12,
            PaymentAmount: 10,
            AnySuccessCancel: true
          }
        }
      }
      const { layer, sent } = privateApi(() => json(cancelled))
      const verdict = yield* Effect.provide(
        Effect.flatMap(
          api,
          (client) =>
            client.reconcile({
              operation: "cancelPayment",
              request: { date: "2024-06-13", merchantUniqueCode: "order-7" }
            })
        ),
        layer
      )
      expect(verdict._tag).toBe("Applied")
      expect(verdict.payment.paymentId).toBe(7n)
      expect(sent[0]?.headers["merchantuniquecode"]).toBe("order-7")
    }))
})
