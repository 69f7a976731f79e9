import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { CreateSessionRequest } from "@paywall-effect/domain"
import { MasterpassClient, PaywallCredentials } from "@paywall-effect/http"
import { Fault, PaywallSandbox } from "@paywall-effect/sandbox"
import { Effect, Layer, Redacted, Schedule } from "effect"

const request = new CreateSessionRequest.CreateSessionRequest({
  referenceCode: "order-2001",
  userId: "72812393211",
  userPhone: "905123456710",
  force3D: true
})

/** The real client over undici, talking to a sandbox started for the test. */
const TestMasterpass = MasterpassClient.layer.pipe(
  Layer.provideMerge(PaywallSandbox.layer()),
  Layer.provide(NodeHttpClient.layerUndici)
)

const createSession = Effect.flatMap(MasterpassClient.MasterpassClient, (client) => client.createSession(request))

/** Injects `fault` for the next request and returns what createSession fails with. */
const failureUnder = (fault: Fault.Fault) =>
  Effect.gen(function*() {
    const sandbox = yield* PaywallSandbox.PaywallSandbox
    yield* sandbox.inject(fault)
    return yield* Effect.flip(createSession)
  })

describe("MasterpassClient against the sandbox, over loopback", () => {
  it.effect("creates a session the sandbox keeps", () =>
    Effect.gen(function*() {
      const session = yield* createSession
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      const [kept] = yield* sandbox.sessions
      expect(kept?.body.SessionId).toBe(session.sessionId)
      expect(kept?.body.SessionExpiryDate).toBe(session.expiryText)
      expect(kept?.request).toStrictEqual(request)
    }).pipe(Effect.provide(TestMasterpass)))

  it.effect("gets an envelope error for wrong credentials", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(createSession)
      expect(error).toMatchObject({ _tag: "PaywallEnvelopeError", errorCode: 77, status: 401 })
    }).pipe(
      Effect.provide(MasterpassClient.layer.pipe(
        Layer.provide(PaywallCredentials.layer({
          apiKeyPrivate: Redacted.make("wrong-key"),
          apiClientPrivate: Redacted.make("wrong-client")
        })),
        Layer.provide(PaywallSandbox.layer()),
        Layer.provide(NodeHttpClient.layerUndici)
      ))
    ))

  it.effect.each(
    [
      ["a 503", Fault.Fault.Status({ status: 503 }), {
        _tag: "PaywallTransportError",
        reason: "HttpStatus",
        status: 503
      }],
      [
        "a 500 with an envelope",
        Fault.Fault.Status({ status: 500, envelope: true }),
        { _tag: "PaywallEnvelopeError", errorCode: 500, status: 500 }
      ],
      ["an HTML page", Fault.Fault.HtmlPage({ status: 502 }), {
        _tag: "PaywallTransportError",
        reason: "HttpStatus",
        status: 502
      }],
      ["malformed JSON", Fault.Fault.MalformedJson(), { _tag: "PaywallDecodeError", status: 200 }],
      ["a truncated body", Fault.Fault.TruncatedBody(), {
        _tag: "PaywallTransportError",
        reason: "BodyFailed",
        status: 200
      }],
      ["a connection reset", Fault.Fault.ResetConnection(), { _tag: "PaywallTransportError", reason: "RequestFailed" }],
      [
        "an envelope error",
        Fault.Fault.EnvelopeError({ errorCode: 56, message: "Masterpass payment not found" }),
        { _tag: "PaywallEnvelopeError", errorCode: 56, paywallMessage: "Masterpass payment not found", status: 200 }
      ],
      ["a success without Body", Fault.Fault.SuccessWithoutBody(), { _tag: "PaywallDecodeError", status: 200 }]
    ] as const
  )("maps %s to its typed error", ([, fault, expected]) =>
    failureUnder(fault).pipe(
      Effect.map((error) => expect(error).toMatchObject(expected)),
      Effect.provide(TestMasterpass)
    ))

  // Real time: the sandbox runs in the test's runtime, where a TestClock would never let it sleep.
  it.live.each(
    [
      ["latency", Fault.Fault.Latency({ duration: "50 millis" })],
      ["a slow body", Fault.Fault.SlowBody({ interval: "1 millis" })],
      ["an oversize body", Fault.Fault.Oversize({ bytes: 64 * 1024 })]
    ] as const
  )("still creates a session through %s", ([, fault]) =>
    Effect.gen(function*() {
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      yield* sandbox.inject(fault)
      const session = yield* createSession
      expect((yield* sandbox.sessions).map((kept) => kept.body.SessionId)).toStrictEqual([session.sessionId])
    }).pipe(Effect.provide(TestMasterpass)), { timeout: 20_000 })

  it.live("closes the socket of a hanging request when it is interrupted", () =>
    Effect.gen(function*() {
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      yield* sandbox.inject(Fault.Fault.Hang())
      const result = yield* createSession.pipe(Effect.timeout("200 millis"), Effect.flip)
      expect(result._tag).toBe("TimeoutException")
      expect(yield* sandbox.requests).toBe(1)
      // The abort closes the connection; give the server's close event a moment to land.
      yield* sandbox.openConnections.pipe(
        Effect.repeat(
          Schedule.spaced("10 millis").pipe(Schedule.whileInput((open: number) => open > 0), Schedule.upTo("2 seconds"))
        )
      )
      expect(yield* sandbox.openConnections).toBe(0)
    }).pipe(Effect.provide(TestMasterpass)))
})
