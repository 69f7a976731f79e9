import { HttpClient, HttpClientError } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { CreateSession, CreateSessionRequest, PaywallError } from "@paywall-effect/domain"
import { MasterpassClient, PaywallClient, PaywallConfig, PaywallCredentials } from "@paywall-effect/http"
import { DateTime, Effect, Exit, Schema } from "effect"
import { recordingTracer } from "../../../test/tracer.js"
import { bodyText, docsSuccess, fakePaywall, json } from "./support.js"

const request = new CreateSessionRequest.CreateSessionRequest({
  referenceCode: "order-1001",
  userId: "72812393211",
  userPhone: "905123456710",
  force3D: false,
  phoneVerifiedByMerchant: true
})

const failureEnvelope = (errorCode: number, result = false) => ({
  ErrorCodeType: 1,
  ErrorMessage: null,
  ErrorCode: errorCode,
  Result: result,
  Message: "Masterpass payment not found",
  Body: { Session: { SessionRenewed: false, SessionId: "dc27433e-f36b-1410-80e5-004205aa382d" }, Masterpass: null }
})

const createSession = Effect.flatMap(MasterpassClient.MasterpassClient, (client) => client.createSession(request))
const createRecord = Effect.flatMap(MasterpassClient.MasterpassClient, (client) => client.createSessionRecord(request))

describe("MasterpassClient request", () => {
  it.effect("POSTs the documented JSON body with the credential headers", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall(() => json(docsSuccess))
      yield* Effect.provide(createSession, paywall.layer)
      expect(paywall.sent).toHaveLength(1)
      const [sent] = paywall.sent
      expect(sent?.method).toBe("POST")
      expect(sent?.url).toBe("https://test-payment-api.itspaywall.com/api/paywall/masterpass/session")
      expect(sent?.headers).toMatchObject({
        apikeyprivate: "test-api-key-private-0001",
        apiclientprivate: "test-api-client-private-0002",
        accept: "application/json"
      })
      expect(sent?.body._tag === "Uint8Array" && sent.body.contentType).toBe("application/json")
      expect(bodyText(sent!)).toBe(
        "{\"ReferenceCode\":\"order-1001\",\"UserId\":\"72812393211\",\"UserPhone\":\"905123456710\",\"Force3D\":false,\"PhoneVerifiedByMerchant\":true}"
      )
    }))

  it.effect("joins a base URL with a path prefix and trailing slash", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall(() => json(docsSuccess), { config: { baseUrl: "http://127.0.0.1:8080/paywall/" } })
      yield* Effect.provide(createSession, paywall.layer)
      expect(paywall.sent[0]?.url).toBe("http://127.0.0.1:8080/paywall/api/paywall/masterpass/session")
    }))

  it.effect("rejects an invalid request before any I/O, naming the field", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall(() => json(docsSuccess))
      // A structurally typed object skips the class constructor's validation; the client validates again.
      const invalid = { ...request, userPhone: "+90 512" } as CreateSessionRequest.CreateSessionRequest
      const client = yield* Effect.provide(MasterpassClient.MasterpassClient, paywall.layer)
      const error = yield* Effect.flip(client.createSession(invalid))
      expect(error._tag).toBe("PaywallRequestError")
      expect(error.message).toContain("userPhone")
      const record = yield* client.createSessionRecord(invalid)
      expect(record.status).toBe("failed")
      expect(record.code).toBe("INVALID_REQUEST")
      expect(record.statusCode).toBeUndefined()
      expect(paywall.sent).toHaveLength(0)
    }))

  it.effect("shows the credential headers redacted in the client's trace", () =>
    Effect.gen(function*() {
      const { spans, tracer } = recordingTracer()
      const paywall = fakePaywall(() => json(docsSuccess))
      yield* createSession.pipe(Effect.provide(paywall.layer), Effect.withTracer(tracer))
      const http = spans.find((span) => span.name.startsWith("http.client"))
      expect(http?.attributes.get("http.request.header.apikeyprivate")).toBe("<redacted>")
      expect(http?.attributes.get("http.request.header.apiclientprivate")).toBe("<redacted>")
      expect(spans.map((span) => span.name)).toContain("Paywall.createSession")
      const text = JSON.stringify(spans.map((span) => [...span.attributes]))
      expect(text).not.toContain("test-api-key-private-0001")
      expect(text).not.toContain("test-api-client-private-0002")
    }))
})

describe("MasterpassClient redaction without its layer", () => {
  it.effect("still shows the credential headers redacted when the client is built with make", () =>
    Effect.gen(function*() {
      const { spans, tracer } = recordingTracer()
      const paywall = fakePaywall(() => json(docsSuccess))
      // The same dependencies as the fake layer, but the service built from `make` alone.
      const dependencies = yield* Effect.provide(
        Effect.all([HttpClient.HttpClient, PaywallCredentials.PaywallCredentials, PaywallConfig.PaywallConfig]),
        paywall.dependencies
      )
      yield* createSession.pipe(
        Effect.provideServiceEffect(MasterpassClient.MasterpassClient, MasterpassClient.make),
        Effect.provideServiceEffect(PaywallClient.PaywallClient, PaywallClient.make),
        Effect.provideService(HttpClient.HttpClient, dependencies[0]),
        Effect.provideService(PaywallCredentials.PaywallCredentials, dependencies[1]),
        Effect.provideService(PaywallConfig.PaywallConfig, dependencies[2]),
        Effect.withTracer(tracer)
      )
      const http = spans.find((span) => span.name.startsWith("http.client"))
      expect(http?.attributes.get("http.request.header.apikeyprivate")).toBe("<redacted>")
      expect(http?.attributes.get("http.request.header.apiclientprivate")).toBe("<redacted>")
    }))
})

describe("MasterpassClient answers", () => {
  it.effect("reads the docs' success sample as a session", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall(() => json(docsSuccess, 201))
      const session = yield* Effect.provide(createSession, paywall.layer)
      expect(session.sessionId).toBe(docsSuccess.Body?.SessionId)
      expect(DateTime.formatIso(session.expiresAt)).toBe("2025-07-27T08:24:57.000Z")
      expect(session.expiryText).toBe("2025-07-27T11:24:57")
      const record = yield* Effect.provide(createRecord, paywall.layer)
      expect(Schema.encodeSync(CreateSession.CreateSession)(record)).toStrictEqual({
        Type: "payment-service-session",
        Status: "succeeded",
        StatusCode: 201,
        ResponseBody: docsSuccess
      })
    }))

  const html = (status: number) =>
    new Response("<html><body>Service Unavailable</body></html>", { status, headers: { "content-type": "text/html" } })

  it.effect.each(
    [
      ["an envelope failure at 200", () => json(failureEnvelope(56)), "PaywallEnvelopeError", 200, "PAYWALL_ERROR"],
      [
        "an envelope failure at 400",
        () => json(failureEnvelope(56), 400),
        "PaywallEnvelopeError",
        400,
        "PAYWALL_ERROR"
      ],
      ["ErrorCode 0 with Result false", () => json(failureEnvelope(0)), "PaywallEnvelopeError", 200, "PAYWALL_ERROR"],
      [
        "ErrorCode 12 with Result true",
        () => json(failureEnvelope(12, true)),
        "PaywallEnvelopeError",
        200,
        "PAYWALL_ERROR"
      ],
      ["an HTML page at 503", () => html(503), "PaywallHttpError", 503, "HTTP_ERROR"],
      ["an empty 500", () => new Response(null, { status: 500 }), "PaywallHttpError", 500, "HTTP_ERROR"],
      ["a success envelope at 502", () => json(docsSuccess, 502), "PaywallHttpError", 502, "HTTP_ERROR"],
      ["an HTML page at 200", () => html(200), "PaywallDecodeError", 200, "INVALID_RESPONSE"],
      ["an empty 200", () => new Response("", { status: 200 }), "PaywallDecodeError", 200, "INVALID_RESPONSE"],
      [
        "truncated JSON at 200",
        () => new Response("{\"ErrorCode\":0,\"Res", { status: 200 }),
        "PaywallDecodeError",
        200,
        "INVALID_RESPONSE"
      ],
      ["JSON that is no envelope", () => json({ hello: "world" }), "PaywallDecodeError", 200, "INVALID_RESPONSE"],
      ["a JSON array", () => json([1, 2]), "PaywallDecodeError", 200, "INVALID_RESPONSE"],
      [
        "a success without Body",
        () => json({ ...docsSuccess, Body: undefined }),
        "PaywallDecodeError",
        200,
        "INVALID_RESPONSE"
      ],
      [
        "a success with a null Body",
        () => json({ ...docsSuccess, Body: null }),
        "PaywallDecodeError",
        200,
        "INVALID_RESPONSE"
      ],
      [
        "a success whose SessionId is no Guid",
        () => json({ ...docsSuccess, Body: { ...docsSuccess.Body, SessionId: "42" } }),
        "PaywallDecodeError",
        200,
        "INVALID_RESPONSE"
      ],
      [
        "a success whose expiry is no date",
        () => json({ ...docsSuccess, Body: { ...docsSuccess.Body, SessionExpiryDate: "2025-02-30T10:00:00" } }),
        "PaywallDecodeError",
        200,
        "INVALID_RESPONSE"
      ]
    ] as const
  )("maps %s", ([, answer, tag, status, code]) =>
    Effect.gen(function*() {
      const paywall = fakePaywall(answer)
      const error = yield* Effect.flip(Effect.provide(createSession, paywall.layer))
      expect(error._tag).toBe(tag)
      expect("status" in error && error.status).toBe(status)
      const record = yield* Effect.provide(createRecord, paywall.layer)
      expect(record.status).toBe("failed")
      expect(record.code).toBe(code)
      expect(record.statusCode).toBe(status)
    }))

  it.effect("keeps Paywall's ErrorCode, ErrorCodeType and Message, and the envelope in the record", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall(() => json(failureEnvelope(56)))
      const error = yield* Effect.flip(Effect.provide(createSession, paywall.layer))
      expect(error).toBeInstanceOf(PaywallError.PaywallEnvelopeError)
      expect(error).toMatchObject({ errorCode: 56, errorCodeType: 1, paywallMessage: "Masterpass payment not found" })
      const record = yield* Effect.provide(createRecord, paywall.layer)
      expect(record.responseBody).toStrictEqual(failureEnvelope(56))
    }))

  it.effect("keeps a bounded excerpt of an unusable body", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall(() => new Response("x".repeat(100_000), { status: 502 }))
      const error = yield* Effect.flip(Effect.provide(createSession, paywall.layer))
      expect(error).toMatchObject({ _tag: "PaywallHttpError", status: 502 })
      // 512 characters and an ellipsis.
      expect("bodyExcerpt" in error && error.bodyExcerpt?.length).toBe(513)
      const record = yield* Effect.provide(createRecord, paywall.layer)
      expect(record.responseBody).toBeUndefined()
    }))

  it.effect("maps no response to a transport error with no status", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall((request) =>
        new HttpClientError.RequestError({
          request,
          reason: "Transport",
          cause: new Error("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:9") })
        })
      )
      const error = yield* Effect.flip(Effect.provide(createSession, paywall.layer))
      expect(error).toBeInstanceOf(PaywallError.PaywallTransportError)
      expect(error).toMatchObject({ reason: "RequestFailed" })
      expect(error.message).toContain("ECONNREFUSED")
      expect(error).not.toHaveProperty("status")
      const record = yield* Effect.provide(createRecord, paywall.layer)
      expect(record).toMatchObject({ status: "failed", code: "CONNECTION_ERROR" })
      expect(record.statusCode).toBeUndefined()
    }))

  it.effect("maps a body that breaks off to a transport error with the status", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall(() =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode("{\"ErrorCode\":0,"))
              controller.error(new Error("socket hang up"))
            }
          }),
          { status: 200 }
        )
      )
      const error = yield* Effect.flip(Effect.provide(createSession, paywall.layer))
      expect(error).toMatchObject({ _tag: "PaywallTransportError", reason: "BodyFailed", status: 200 })
      expect(error.message).toContain("socket hang up")
      const exit = yield* Effect.exit(Effect.provide(createRecord, paywall.layer))
      expect(Exit.isSuccess(exit) && exit.value.code).toBe("CONNECTION_ERROR")
    }))

  /** A body served in 256-byte chunks, counting how many chunks were pulled. */
  const chunked = (bytes: number) => {
    let pulled = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled * 256 >= bytes) return controller.close()
        pulled++
        controller.enqueue(new Uint8Array(256).fill(32))
      }
    })
    return { stream, pulled: () => pulled }
  }

  it.effect("stops reading a body without content-length at the size limit", () =>
    Effect.gen(function*() {
      const body = chunked(64 * 1024)
      const paywall = fakePaywall(() => new Response(body.stream, { status: 200 }), {
        config: { maxResponseBytes: 2048 }
      })
      const error = yield* Effect.flip(Effect.provide(createSession, paywall.layer))
      expect(error).toMatchObject({ _tag: "PaywallDecodeError", issue: "the body exceeds the limit of 2048 bytes" })
      // 2048 bytes fit in 8 chunks; the ninth crosses the limit, and nothing after it is read.
      expect(body.pulled()).toBeLessThanOrEqual(10)
    }))

  it.effect("refuses a body announced larger than the limit without reading it", () =>
    Effect.gen(function*() {
      const body = chunked(64 * 1024)
      const paywall = fakePaywall(
        () => new Response(body.stream, { status: 200, headers: { "content-length": String(64 * 1024) } }),
        { config: { maxResponseBytes: 2048 } }
      )
      const error = yield* Effect.flip(Effect.provide(createSession, paywall.layer))
      expect(error).toMatchObject({ _tag: "PaywallDecodeError", issue: "the body exceeds the limit of 2048 bytes" })
      expect(body.pulled()).toBeLessThanOrEqual(1)
    }))
})
