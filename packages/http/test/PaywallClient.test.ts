import * as HttpClientError from "@effect/platform/HttpClientError"
import { describe, expect, it } from "@effect/vitest"
import { PaywallEndpoint } from "@paywall-effect/domain"
import { PaywallClient } from "@paywall-effect/http"
import { Effect, Layer, Redacted, Schema } from "effect"
import { bodyText, fakePaywall, json, testCredentials } from "./support.js"

// A second endpoint, declared here alone: the pipeline needs nothing else to call it.
class Greeting extends Schema.Class<Greeting>("Greeting")({ text: Schema.String, count: Schema.Int }) {}

const greet = PaywallEndpoint.make({
  name: "greet",
  method: "POST",
  path: "/api/test/greet",
  request: Schema.Struct({ Name: Schema.NonEmptyTrimmedString, sessionid: Schema.String }),
  headers: ["sessionid"],
  reply: () =>
    Schema.transform(Schema.Struct({ Text: Schema.String, Count: Schema.Int }), Schema.typeSchema(Greeting), {
      strict: true,
      decode: ({ Count, Text }) => new Greeting({ text: Text, count: Count }),
      encode: ({ count, text }) => ({ Text: text, Count: count })
    }),
  idempotent: true
})

/** The same endpoint, but one that must never be sent twice. */
const pay = PaywallEndpoint.make({ ...greet, name: "pay", idempotent: false })

const envelope = (fields: Record<string, unknown>) => ({ ErrorCodeType: 1, ErrorMessage: null, ...fields })

const call = <E extends PaywallEndpoint.Any>(endpoint: E, request: PaywallEndpoint.Request<E>) =>
  Effect.flatMap(PaywallClient.PaywallClient, (paywall) => paywall.call(endpoint, request))

const serve = (...args: Parameters<typeof fakePaywall>) => {
  const paywall = fakePaywall(...args)
  return { ...paywall, layer: PaywallClient.layer.pipe(Layer.provide(paywall.dependencies)) }
}

const request = { Name: "Ada", sessionid: "9b27433e-f36b-1410-80e5-004205aa382d" }

describe("PaywallClient with an endpoint declared in a test", () => {
  it.effect("sends the declared method, path, headers and body, and decodes the reply", () =>
    Effect.gen(function*() {
      const paywall = serve(() => json(envelope({ ErrorCode: 0, Result: true, Body: { Text: "hello", Count: 2 } })))
      const reply = yield* Effect.provide(call(greet, request), paywall.layer)
      expect(reply).toStrictEqual(new Greeting({ text: "hello", count: 2 }))
      const [sent] = paywall.sent
      expect(sent?.method).toBe("POST")
      expect(sent?.url).toBe("https://test-payment-api.itspaywall.com/api/test/greet")
      expect(sent?.headers["sessionid"]).toBe(request.sessionid)
      expect(JSON.parse(bodyText(sent!))).toStrictEqual({ Name: "Ada" })
    }))

  it.effect("fails with a PaywallEnvelopeError for a failure envelope", () =>
    Effect.gen(function*() {
      const paywall = serve(() => json(envelope({ ErrorCode: 92, Result: false, Message: "no", Body: null })))
      const error = yield* Effect.flip(Effect.provide(call(greet, request), paywall.layer))
      expect(error).toMatchObject({ _tag: "PaywallEnvelopeError", errorCode: 92, paywallMessage: "no", attempts: 1 })
    }))

  it.effect("fails with a PaywallDecodeError for a success whose Body is not the declared one", () =>
    Effect.gen(function*() {
      const paywall = serve(() => json(envelope({ ErrorCode: 0, Result: true, Body: { Text: "hello" } })))
      const error = yield* Effect.flip(Effect.provide(call(greet, request), paywall.layer))
      expect(error._tag).toBe("PaywallDecodeError")
      expect(error._tag === "PaywallDecodeError" && error.issue).toContain("Count")
    }))

  it.effect("fails with a PaywallRequestError naming the field, and sends nothing", () =>
    Effect.gen(function*() {
      const paywall = serve(() => json(envelope({ ErrorCode: 0, Result: true, Body: { Text: "x", Count: 1 } })))
      const error = yield* Effect.flip(Effect.provide(call(greet, { ...request, Name: " " }), paywall.layer))
      expect(error).toMatchObject({ _tag: "PaywallRequestError", endpoint: "greet", fields: ["Name"] })
      expect(paywall.sent).toHaveLength(0)
    }))

  it.live("retries a transient failure and succeeds", () =>
    Effect.gen(function*() {
      const paywall = serve(
        (_, attempt) =>
          attempt === 1
            ? new Response("busy", { status: 503 })
            : json(envelope({ ErrorCode: 0, Result: true, Body: { Text: "hello", Count: 1 } })),
        { config: { maxRetries: 2, retryBaseDelay: "1 millis" } }
      )
      const reply = yield* Effect.provide(call(greet, request), paywall.layer)
      expect(reply.count).toBe(1)
      expect(paywall.sent).toHaveLength(2)
    }))

  it.live("never sends a non-idempotent call twice once it may have arrived, but retries one that never left", () =>
    Effect.gen(function*() {
      const busy = serve(() => new Response("busy", { status: 503 }), {
        config: { maxRetries: 2, retryBaseDelay: "1 millis" }
      })
      const error = yield* Effect.flip(Effect.provide(call(pay, request), busy.layer))
      expect(error).toMatchObject({ _tag: "PaywallHttpError", status: 503, attempts: 1 })
      expect(busy.sent).toHaveLength(1)

      const refused = serve(
        (sent) =>
          new HttpClientError.RequestError({
            request: sent,
            reason: "Transport",
            cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4010"), { code: "ECONNREFUSED" })
          }),
        { config: { maxRetries: 2, retryBaseDelay: "1 millis" } }
      )
      const unsent = yield* Effect.flip(Effect.provide(call(pay, request), refused.layer))
      expect(unsent).toMatchObject({ _tag: "PaywallTransportError", reason: "RequestFailed", attempts: 3 })
      expect(refused.sent).toHaveLength(3)
    }))
})

describe("PaywallClient: each endpoint's API and key pair", () => {
  const publicPair = {
    ...testCredentials,
    apiKeyPublic: Redacted.make("test-api-key-public-0003"),
    apiClientPublic: Redacted.make("test-api-client-public-0004")
  }
  /** The same endpoint, on the Private API with the public pair. */
  const elsewhere = PaywallEndpoint.make({ ...greet, name: "elsewhere", api: "private", credentials: "public" })
  const success = () => json(envelope({ ErrorCode: 0, Result: true, Body: { Text: "hello", Count: 2 } }))

  it.effect("sends to the endpoint's API base URL with its key pair, and only that pair", () =>
    Effect.gen(function*() {
      const paywall = serve(success, {
        credentials: publicPair,
        config: { privateBaseUrl: "https://private.example.test/base" }
      })
      yield* Effect.provide(Effect.zip(call(elsewhere, request), call(greet, request)), paywall.layer)
      const [toPrivate, toPayment] = paywall.sent
      expect(toPrivate?.url).toBe("https://private.example.test/base/api/test/greet")
      expect(toPrivate?.headers).toMatchObject({
        apikeypublic: "test-api-key-public-0003",
        apiclientpublic: "test-api-client-public-0004"
      })
      expect(Object.keys(toPrivate?.headers ?? {})).not.toContain("apikeyprivate")
      expect(Object.keys(toPrivate?.headers ?? {})).not.toContain("apiclientprivate")
      expect(toPayment?.url).toBe("https://test-payment-api.itspaywall.com/api/test/greet")
      expect(toPayment?.headers).toMatchObject({
        apikeyprivate: "test-api-key-private-0001",
        apiclientprivate: "test-api-client-private-0002"
      })
      expect(Object.keys(toPayment?.headers ?? {})).not.toContain("apikeypublic")
    }))

  it.effect("fails with a PaywallRequestError before any I/O when the endpoint's pair is not configured", () =>
    Effect.gen(function*() {
      const paywall = serve(success)
      const error = yield* Effect.flip(Effect.provide(call(elsewhere, request), paywall.layer))
      expect(error).toMatchObject({
        _tag: "PaywallRequestError",
        endpoint: "elsewhere",
        fields: ["apiKeyPublic", "apiClientPublic"],
        reason: "the public key pair is not configured"
      })
      expect(error.message).toContain("public key pair is not configured")
      expect(paywall.sent).toHaveLength(0)
    }))

  it.effect("scrubs the public pair from what it keeps of an answer", () =>
    Effect.gen(function*() {
      const paywall = serve(
        () => json(envelope({ ErrorCode: 5, Result: false, Message: "bad key test-api-key-public-0003", Body: null })),
        { credentials: publicPair }
      )
      const error = yield* Effect.flip(Effect.provide(call(elsewhere, request), paywall.layer))
      expect(JSON.stringify(error)).not.toContain("test-api-key-public-0003")
      expect(String(error)).not.toContain("test-api-key-public-0003")
    }))
})
