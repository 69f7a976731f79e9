import { describe, expect, it } from "@effect/vitest"
import {
  CreateSession,
  CreateSessionRequest,
  MasterpassSession,
  PaywallEnvelope,
  PaywallError
} from "@paywall-effect/domain"
import { MasterpassClient } from "@paywall-effect/http"
import { Arbitraries, MasterpassClientTest, Outcome } from "@paywall-effect/testing"
import { DateTime, Effect, FastCheck as fc, Option, Schema } from "effect"
import { sized } from "../../../test/fastcheck.js"

const request = (referenceCode: string) =>
  new CreateSessionRequest.CreateSessionRequest({ referenceCode, userId: "72812393211", userPhone: "905123456710" })

/** The records of `n` calls against a test layer. */
const records = (n: number, options: MasterpassClientTest.Options) =>
  Effect.flatMap(
    MasterpassClient.MasterpassClient,
    (client) => Effect.forEach(Array.from({ length: n }, (_, i) => request(`order-${i}`)), client.createSessionRecord)
  ).pipe(
    Effect.map((all) => all.map((record) => Schema.encodeSync(CreateSession.CreateSession)(record))),
    Effect.provide(MasterpassClientTest.layer(options))
  )

const scripted = fc.sample(Arbitraries.session(), { seed: 1, numRuns: 1 })[0]!

const timeout = Outcome.Outcome.Failed({
  error: new PaywallError.PaywallTransportError({
    reason: "Timeout",
    description: "no complete answer in time",
    attempts: 3
  })
})

describe("MasterpassClientTest", () => {
  it.effect("draws the same outcomes for the same seed, and others for another", () =>
    Effect.gen(function*() {
      const first = yield* records(30, { seed: 7 })
      expect(yield* records(30, { seed: 7 })).toStrictEqual(first)
      expect(yield* records(30, { seed: 8 })).not.toStrictEqual(first)
    }))

  it.effect("draws every kind of outcome, mostly successes by default", () =>
    Effect.gen(function*() {
      const drawn = yield* records(400, { seed: 1 })
      const codes = new Set(drawn.map((record) => record.Code ?? "succeeded"))
      expect(codes).toStrictEqual(
        new Set(["succeeded", "PAYWALL_ERROR", "HTTP_ERROR", "CONNECTION_ERROR", "TIMEOUT", "INVALID_RESPONSE"])
      )
      const successes = drawn.filter((record) => record.Status === "succeeded").length
      expect(successes).toBeGreaterThan(240)
      expect(successes).toBeLessThan(320)
    }))

  it.effect("follows the weights", () =>
    Effect.gen(function*() {
      const drawn = yield* records(50, { seed: 3, weights: { success: 0, envelope: 1, transport: 0, decode: 0 } })
      expect(drawn.every((record) => record.Code === "PAYWALL_ERROR")).toBe(true)
    }))

  it.effect("plays a script, then the pinned outcome", () =>
    Effect.gen(function*() {
      const [session] = fc.sample(Arbitraries.session(), { seed: 5, numRuns: 1 })
      const succeeded = Outcome.Outcome.Succeeded({
        session: session!,
        statusCode: 201,
        responseBody: { ErrorCode: 0 }
      })
      const drawn = yield* records(4, { script: [succeeded, timeout], outcome: timeout })
      expect(drawn.map((record) => record.Code ?? record.Status)).toStrictEqual([
        "succeeded",
        "TIMEOUT",
        "TIMEOUT",
        "TIMEOUT"
      ])
      expect(drawn[0]).toStrictEqual({
        Type: "payment-service-session",
        Status: "succeeded",
        StatusCode: 201,
        ResponseBody: { ErrorCode: 0 }
      })
    }))

  it.effect("returns the pinned session and error from createSession", () =>
    Effect.gen(function*() {
      const createSession = Effect.flatMap(
        MasterpassClient.MasterpassClient,
        (client) => client.createSession(request("order-1"))
      )
      const pinnedSession = Outcome.Outcome.Succeeded({ session: scripted, statusCode: 200, responseBody: {} })
      const session = yield* createSession.pipe(Effect.provide(MasterpassClientTest.layer({ outcome: pinnedSession })))
      expect(session).toBe(scripted)
      const error = yield* Effect.flip(createSession).pipe(
        Effect.provide(MasterpassClientTest.layer({ outcome: timeout }))
      )
      expect(error).toBe((timeout as Extract<Outcome.Outcome, { _tag: "Failed" }>).error)
    }))

  it.effect("records every call in order, and validates like the real client without using an outcome", () =>
    Effect.gen(function*() {
      const client = yield* MasterpassClient.MasterpassClient
      const invalid = { ...request("order-2"), userPhone: "12" } as CreateSessionRequest.CreateSessionRequest
      const error = yield* Effect.flip(client.createSession(invalid))
      expect(error._tag).toBe("PaywallRequestError")
      expect(error.message).toContain("userPhone")
      const record = yield* client.createSessionRecord(invalid)
      expect(record).toMatchObject({ status: "failed", code: "INVALID_REQUEST" })
      // The invalid calls used no outcome: the first valid call gets the script's first, the session.
      const session = yield* client.createSession(request("order-3"))
      expect(session).toBe(scripted)
      const calls = yield* Effect.flatMap(MasterpassClientTest.MasterpassClientTest, (test) => test.calls)
      expect(calls.map((call) => call.referenceCode)).toStrictEqual(["order-2", "order-2", "order-3"])
    }).pipe(Effect.provide(MasterpassClientTest.layer({
      script: [Outcome.Outcome.Succeeded({ session: scripted, statusCode: 200, responseBody: {} })],
      outcome: timeout
    }))))
})

describe("Arbitraries", () => {
  it.prop("make values the domain schemas accept", [
    Arbitraries.request,
    Arbitraries.successEnvelope,
    Arbitraries.failureEnvelope,
    Arbitraries.paywallError,
    Arbitraries.createSessionRecord
  ], ([req, success, failure, error, record]) => {
    expect(Schema.is(CreateSessionRequest.CreateSessionRequest)(req)).toBe(true)
    const successAnswer = Schema.decodeUnknownSync(PaywallEnvelope.PaywallEnvelope(MasterpassSession.SessionBody))(
      success
    )
    expect(PaywallEnvelope.isSuccess(successAnswer)).toBe(true)
    expect(PaywallEnvelope.isSuccess(Schema.decodeUnknownSync(PaywallEnvelope.AnyEnvelope)(failure))).toBe(false)
    expect(Schema.decodeUnknownSync(PaywallError.PaywallError)(Schema.encodeSync(PaywallError.PaywallError)(error)))
      .toStrictEqual(error)
    expect(Schema.is(CreateSession.CreateSession)(record)).toBe(true)
  }, sized(100, 20))

  it.prop("makes sessions whose expiry instant and text agree", [Arbitraries.session()], ([session]) => {
    const read = MasterpassSession.parseExpiry(session.expiryText, DateTime.zoneUnsafeMakeNamed("Europe/Istanbul"))
    expect(Option.map(read, DateTime.formatIso)).toStrictEqual(Option.some(DateTime.formatIso(session.expiresAt)))
  }, sized(100, 10))
})

describe("a counterexample drawn from Arbitraries.request", () => {
  it("is reported as the constructor call that replays it, with the real phone", () => {
    // A property that fails on every request: fast-check reports a (shrunk) counterexample.
    const details = fc.check(fc.property(Arbitraries.request, (request) => request.userPhone.length < 12), { seed: 42 })
    expect(details.failed).toBe(true)
    const [counterexample] = details.counterexample!
    const report = fc.defaultReportMessage(details)!
    expect(report).toContain(`"userPhone":"${counterexample.userPhone}"`)
    expect(report).not.toContain("*****")
    // The printed call, run again, makes an equal request.
    const call = report.match(/new CreateSessionRequest\.CreateSessionRequest\((\{.*?\})\)/)?.[1]
    expect(call).toBeDefined()
    expect(new CreateSessionRequest.CreateSessionRequest(JSON.parse(call!))).toStrictEqual(counterexample)
    // Everywhere else, the drawn request still prints masked.
    expect(String(counterexample)).not.toContain(counterexample.userPhone)
  })
})
