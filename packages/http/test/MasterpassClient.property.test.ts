import { describe, expect, it } from "@effect/vitest"
import { CreateSession, CreateSessionRequest, MasterpassSession, PaywallError } from "@paywall-effect/domain"
import { MasterpassClient } from "@paywall-effect/http"
import { Arbitrary, Cause, Effect, Exit, FastCheck as fc, Redacted, Schema } from "effect"
import { inspect } from "node:util"
import { sized } from "../../../test/fastcheck.js"
import { fakePaywall } from "./support.js"

const Request = CreateSessionRequest.CreateSessionRequest
const isSessionBody = Schema.is(MasterpassSession.SessionBody)

/** Envelopes of every kind: codes near 0, both Results, and Bodies valid, foreign or absent. */
const envelope = fc.record({
  ErrorCodeType: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  ErrorMessage: fc.option(fc.string(), { nil: null }),
  ErrorCode: fc.oneof(fc.constant(0), fc.integer({ min: -1, max: 200 })),
  Result: fc.boolean(),
  Message: fc.option(fc.string(), { nil: null }),
  Body: fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    Arbitrary.make(MasterpassSession.SessionBody),
    fc.jsonValue({ maxDepth: 2 })
  )
}, { requiredKeys: ["ErrorCode", "Result"] })

/** Any body a server could send: random bytes, random text, random JSON, or an envelope. */
const anyBody: fc.Arbitrary<string | Uint8Array<ArrayBuffer>> = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((bytes) => new Uint8Array(bytes)),
  fc.string({ maxLength: 64 }),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? "null"),
  envelope.map((value) => JSON.stringify(value))
)

/** Statuses a Response can carry, with null-body statuses sent without a body. */
const anyStatus = fc.oneof(fc.integer({ min: 200, max: 299 }), fc.integer({ min: 200, max: 599 }))
const nullBodyStatuses = new Set([204, 205, 304])
const respond = (status: number, body: string | Uint8Array<ArrayBuffer>) => () =>
  new Response(nullBodyStatuses.has(status) ? null : body, { status })

const typedErrors = new Set(["PaywallTransportError", "PaywallHttpError", "PaywallEnvelopeError", "PaywallDecodeError"])

const createSession = (request: CreateSessionRequest.CreateSessionRequest) =>
  Effect.flatMap(MasterpassClient.MasterpassClient, (client) => client.createSession(request))

// Hundreds of calls per property: at the 5 s default they timed out on a loaded 2-core machine.
describe("MasterpassClient properties", { timeout: 30_000 }, () => {
  it.effect.prop(
    "succeeds iff ErrorCode is 0, Result true and the Body a session",
    [envelope, Request],
    ([answer, request]) =>
      Effect.gen(function*() {
        const paywall = fakePaywall(() => new Response(JSON.stringify(answer), { status: 200 }))
        const exit = yield* Effect.exit(Effect.provide(createSession(request), paywall.layer))
        const expected = answer.ErrorCode === 0 && answer.Result && isSessionBody(answer.Body)
        expect(Exit.isSuccess(exit)).toBe(expected)
        if (Exit.isFailure(exit)) {
          const error = Cause.failureOption(exit.cause)
          const tag = error._tag === "Some" ? error.value._tag : "defect"
          expect(tag).toBe(answer.ErrorCode === 0 && answer.Result ? "PaywallDecodeError" : "PaywallEnvelopeError")
        }
      }),
    sized(100, 400)
  )

  it.effect.prop(
    "ends any answer in a session or a typed error, never a defect",
    [anyStatus, anyBody, Request],
    ([status, body, request]) =>
      Effect.gen(function*() {
        const paywall = fakePaywall(respond(status, body))
        const exit = yield* Effect.exit(Effect.provide(createSession(request), paywall.layer))
        Exit.match(exit, {
          onSuccess: () => expect(status).toBeLessThan(300),
          onFailure: (cause) => {
            expect(Cause.isFailType(cause)).toBe(true)
            const error = Cause.failureOption(cause)
            expect(error._tag === "Some" && typedErrors.has(error.value._tag)).toBe(true)
          }
        })
      }),
    sized(100, 400)
  )

  it.effect.prop(
    "createSessionRecord never fails and always yields a valid record",
    [anyStatus, anyBody, Request],
    ([status, body, request]) =>
      Effect.gen(function*() {
        const paywall = fakePaywall(respond(status, body))
        const record = yield* Effect.provide(
          Effect.flatMap(MasterpassClient.MasterpassClient, (client) => client.createSessionRecord(request)),
          paywall.layer
        )
        const encoded = Schema.encodeSync(CreateSession.CreateSession)(record)
        expect(encoded.StatusCode).toBe(status)
        expect(encoded.Type).toBe("payment-service-session")
      }),
    sized(100, 400)
  )

  /** Secrets as a merchant panel might issue them: visible ASCII (what a header carries), long enough not to occur by chance. */
  const secret = fc.string({ minLength: 12, maxLength: 40, unit: "grapheme-ascii" }).filter((value) =>
    /^[\x21-\x7e]+$/.test(value)
  )

  it.effect.prop("no error ever shows a credential, even when the server echoes it", [
    secret,
    secret,
    anyStatus,
    Request
  ], ([key, client, status, request]) =>
    Effect.gen(function*() {
      // A hostile server puts the secrets everywhere it can: body text, JSON fields, Paywall's Message.
      const echoes = [
        `<html>${key} ${client}</html>`,
        JSON.stringify({ ErrorCode: 1, Result: false, Message: `bad key ${key} / ${client}` }),
        JSON.stringify({ ErrorCode: key, Result: client }),
        JSON.stringify({ ErrorCode: 0, Result: true, Body: { SessionId: key, SessionExpiryDate: client } })
      ]
      for (const echo of echoes) {
        const paywall = fakePaywall(respond(status, echo), {
          credentials: { apiKeyPrivate: Redacted.make(key), apiClientPrivate: Redacted.make(client) }
        })
        const exit = yield* Effect.exit(Effect.provide(createSession(request), paywall.layer))
        if (Exit.isSuccess(exit)) continue
        const error = Cause.failureOption(exit.cause)
        expect(error._tag).toBe("Some")
        if (error._tag === "None") continue
        const printed = [
          error.value.message,
          String(error.value),
          JSON.stringify(error.value),
          inspect(error.value, { depth: 10 }),
          Cause.pretty(exit.cause),
          JSON.stringify(Schema.encodeSync(PaywallError.PaywallError)(error.value))
        ].join("\n")
        for (const secretText of [key, client]) {
          expect(printed).not.toContain(secretText)
        }
      }
    }), sized(50, 400))
})
