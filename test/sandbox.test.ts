import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { CreateSessionRequest } from "@paywall-effect/domain"
import { MasterpassClient, PaywallConfig, PaywallCredentials } from "@paywall-effect/http"
import { Fault, PaywallSandbox } from "@paywall-effect/sandbox"
import { Effect, Layer, Redacted } from "effect"
import { closedPort, eventually } from "./loopback.js"

const request = new CreateSessionRequest.CreateSessionRequest({
  referenceCode: "order-2001",
  userId: "72812393211",
  userPhone: "905123456710",
  force3D: true
})

/**
 * Short backoff, so the matrix runs in real time in a few seconds, and the default attempt
 * timeout: a short one would turn an attempt that is merely slow on a busy machine into a retry.
 */
const client = {
  attemptTimeout: "10 seconds",
  deadline: "20 seconds",
  maxRetries: 2,
  retryBaseDelay: "1 millis",
  retryMaxDelay: "10 millis"
} as const

/** For the faults whose outcome is a timeout: a short attempt timeout, so that it comes soon. */
const timingOut = { ...client, attemptTimeout: "300 millis" } as const

/** The real client over undici, talking to a sandbox started for the test. */
const masterpassWith = (settings: NonNullable<PaywallSandbox.Options["client"]>) =>
  MasterpassClient.layer.pipe(
    Layer.provideMerge(PaywallSandbox.layer({ client: settings })),
    Layer.provide(NodeHttpClient.layerUndici)
  )
const TestMasterpass = masterpassWith(client)

const createSession = Effect.flatMap(MasterpassClient.MasterpassClient, (client) => client.createSession(request))

// These run in real time (`it.live`): the sandbox shares the test's runtime, where a TestClock would stop it.
describe("MasterpassClient against the sandbox, over loopback", { timeout: 20_000 }, () => {
  it.live("creates a session the sandbox keeps", () =>
    Effect.gen(function*() {
      const session = yield* createSession
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      const [kept] = yield* sandbox.sessions
      expect(kept?.body.SessionId).toBe(session.sessionId)
      expect(kept?.body.SessionExpiryDate).toBe(session.expiryText)
      expect(kept?.request).toStrictEqual(request)
    }).pipe(Effect.provide(TestMasterpass)))

  it.live("gets an envelope error for wrong credentials, without retrying", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(createSession)
      expect(error).toMatchObject({ _tag: "PaywallEnvelopeError", errorCode: 77, status: 401, attempts: 1 })
      expect(yield* Effect.flatMap(PaywallSandbox.PaywallSandbox, (sandbox) => sandbox.requests)).toBe(1)
    }).pipe(
      Effect.provide(MasterpassClient.layer.pipe(
        Layer.provide(PaywallCredentials.layer({
          apiKeyPrivate: Redacted.make("wrong-key"),
          apiClientPrivate: Redacted.make("wrong-client")
        })),
        Layer.provideMerge(PaywallSandbox.layer({ client })),
        Layer.provide(NodeHttpClient.layerUndici)
      ))
    ))

  it.live("maps a refused connection to RequestFailed after 3 attempts", () =>
    Effect.gen(function*() {
      const url = yield* closedPort
      const error = yield* Effect.flip(createSession.pipe(
        Effect.provide(MasterpassClient.layer.pipe(
          Layer.provide([
            PaywallConfig.layer({ ...client, baseUrl: url }),
            PaywallCredentials.layer({ apiKeyPrivate: Redacted.make("k"), apiClientPrivate: Redacted.make("c") }),
            NodeHttpClient.layerUndici
          ]),
          Layer.orDie
        ))
      ))
      expect(error).toMatchObject({ _tag: "PaywallTransportError", reason: "RequestFailed", attempts: 3 })
    }))

  // The fault matrix of the README: each fault, on every attempt, and the typed error it ends in.
  it.live.each(
    [
      ["a reset before the response", Fault.Fault.ResetConnection(), {
        _tag: "PaywallTransportError",
        reason: "RequestFailed"
      }, 3],
      ["a reset during the body", Fault.Fault.TruncatedBody(), {
        _tag: "PaywallTransportError",
        reason: "BodyFailed",
        status: 200
      }, 3],
      ["no headers in time", Fault.Fault.Hang(), { _tag: "PaywallTransportError", reason: "Timeout" }, 3],
      ["a body that never finishes", Fault.Fault.SlowBody({ interval: "1 hour" }), {
        _tag: "PaywallTransportError",
        reason: "Timeout"
      }, 3],
      ["a 503 without an envelope", Fault.Fault.Status({ status: 503 }), {
        _tag: "PaywallHttpError",
        status: 503
      }, 3],
      ["a 500 with an envelope", Fault.Fault.Status({ status: 500, envelope: true }), {
        _tag: "PaywallEnvelopeError",
        errorCode: 500,
        status: 500
      }, 1],
      [
        "a 429 with Retry-After",
        Fault.Fault.Status({ status: 429, headers: { "retry-after": "0" } }),
        { _tag: "PaywallHttpError", status: 429 },
        3
      ],
      ["an HTML error page", Fault.Fault.HtmlPage({ status: 502 }), {
        _tag: "PaywallHttpError",
        status: 502
      }, 3],
      ["an HTML page at 404", Fault.Fault.HtmlPage({ status: 404 }), {
        _tag: "PaywallHttpError",
        status: 404
      }, 1],
      ["malformed JSON", Fault.Fault.MalformedJson(), { _tag: "PaywallDecodeError", status: 200 }, 1],
      ["truncated JSON", Fault.Fault.TruncatedJson(), { _tag: "PaywallDecodeError", status: 200 }, 1],
      ["an oversize body", Fault.Fault.Oversize({ bytes: 2 * 1024 * 1024 }), {
        _tag: "PaywallDecodeError",
        status: 200
      }, 1],
      [
        "an envelope error",
        Fault.Fault.EnvelopeError({ errorCode: 56, message: "Masterpass payment not found" }),
        { _tag: "PaywallEnvelopeError", errorCode: 56, paywallMessage: "Masterpass payment not found", status: 200 },
        1
      ],
      ["a success without Body", Fault.Fault.SuccessWithoutBody(), { _tag: "PaywallDecodeError", status: 200 }, 1]
    ] as const
  )(
    "maps %s to its typed error with the right attempt count",
    ([, fault, expected, attempts]) =>
      Effect.gen(function*() {
        const sandbox = yield* PaywallSandbox.PaywallSandbox
        yield* sandbox.inject(fault, { times: 3 })
        const error = yield* Effect.flip(createSession)
        expect(error).toMatchObject({ ...expected, attempts })
        expect(yield* sandbox.requests).toBe(attempts)
      }).pipe(Effect.provide(
        masterpassWith(fault._tag === "Hang" || fault._tag === "SlowBody" ? timingOut : client)
      ))
  )

  it.live("shows why retries are a risk: an answer lost mid-body leaves two sessions for one ReferenceCode", () =>
    Effect.gen(function*() {
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      yield* sandbox.inject(Fault.Fault.TruncatedBody())
      const session = yield* createSession
      const kept = yield* sandbox.sessions
      expect(kept.map((entry) => entry.request.referenceCode)).toStrictEqual(["order-2001", "order-2001"])
      expect(kept[1]?.body.SessionId).toBe(session.sessionId)
    }).pipe(Effect.provide(TestMasterpass)))

  it.live.each(
    [
      ["one reset, by retrying", Fault.Fault.ResetConnection(), 2],
      ["one 503, by retrying", Fault.Fault.Status({ status: 503 }), 2],
      ["one timeout, by retrying", Fault.Fault.Hang(), 2],
      ["latency", Fault.Fault.Latency({ duration: "50 millis" }), 1],
      ["a slow body", Fault.Fault.SlowBody({ interval: "1 millis" }), 1],
      ["a body just under the limit", Fault.Fault.Oversize({ bytes: 1024 * 1024 }), 1]
    ] as const
  )("creates a session despite %s", ([, fault, requests]) =>
    Effect.gen(function*() {
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      yield* sandbox.inject(fault)
      const session = yield* createSession
      expect(yield* sandbox.requests).toBe(requests)
      expect((yield* sandbox.sessions).map((kept) => kept.body.SessionId)).toStrictEqual([session.sessionId])
    }).pipe(Effect.provide(masterpassWith({ ...client, attemptTimeout: "2 seconds" }))))

  it.live("interrupting createSession aborts the request and closes its socket", () =>
    Effect.gen(function*() {
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      yield* sandbox.inject(Fault.Fault.Hang())
      const fiber = yield* Effect.fork(createSession)
      // Wait until the request is in the sandbox's hands, then interrupt the caller.
      yield* eventually(sandbox.requests, (n) => n > 0)
      expect(yield* sandbox.openConnections).toBe(1)
      yield* fiber.interruptAsFork(fiber.id())
      yield* eventually(sandbox.openConnections, (n) => n === 0)
      expect(yield* sandbox.openConnections).toBe(0)
      expect(yield* sandbox.requests).toBe(1)
    }).pipe(Effect.provide(TestMasterpass)))
})
