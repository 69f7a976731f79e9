import { HttpClientError } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { CreateSessionRequest } from "@paywall-effect/domain"
import { MasterpassClient, type PaywallConfig } from "@paywall-effect/http"
import { Effect, Fiber, TestClock } from "effect"
import { docsSuccess, fakePaywall, json } from "./support.js"

const request = new CreateSessionRequest.CreateSessionRequest({
  referenceCode: "order-4001",
  userId: "72812393211",
  userPhone: "905123456710"
})

const retrying: PaywallConfig.Options = {
  maxRetries: 2,
  retryBaseDelay: "1 second",
  retryMaxDelay: "10 seconds",
  attemptTimeout: "10 seconds",
  deadline: "1 minute"
}

const unavailable = (headers: Record<string, string> = {}) => new Response("busy", { status: 503, headers })

/** Runs one call on the TestClock: forks it, moves time on by `advance`, and joins it. */
const runOnTestClock = (
  paywall: ReturnType<typeof fakePaywall>,
  advance: Parameters<typeof TestClock.adjust>[0] = "10 minutes"
) =>
  Effect.gen(function*() {
    const client = yield* MasterpassClient.MasterpassClient
    const fiber = yield* Effect.fork(Effect.either(client.createSession(request)))
    yield* TestClock.adjust(advance)
    return yield* Fiber.join(fiber)
  }).pipe(Effect.provide(paywall.layer))

const gaps = (times: ReadonlyArray<number>) => times.slice(1).map((time, i) => time - times[i]!)

describe("retries", () => {
  it.effect("retries a 503 with jittered exponential backoff, then succeeds", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall((_, attempt) => attempt < 3 ? unavailable() : json(docsSuccess), { config: retrying })
      const result = yield* runOnTestClock(paywall)
      expect(result._tag).toBe("Right")
      const [first, second] = gaps(paywall.times)
      // 1 s then 2 s, each jittered by Schedule.jittered's 0.8x to 1.2x.
      expect(first).toBeGreaterThanOrEqual(800)
      expect(first).toBeLessThanOrEqual(1200)
      expect(second).toBeGreaterThanOrEqual(1600)
      expect(second).toBeLessThanOrEqual(2400)
    }))

  it.effect("reports the attempts when every attempt fails", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall(() => unavailable(), { config: retrying })
      const result = yield* runOnTestClock(paywall)
      expect(result._tag === "Left" && result.left).toMatchObject({
        _tag: "PaywallHttpError",
        status: 503,
        attempts: 3
      })
      expect(result._tag === "Left" && result.left.message).toContain("after 3 attempts")
      expect(paywall.sent).toHaveLength(3)
    }))

  it.effect.each(
    [
      ["seconds", "3", [3000, 3000]],
      ["seconds beyond the cap", "60", [10_000, 10_000]],
      ["an HTTP date", new Date(7000).toUTCString(), [7000, 0]]
    ] as const
  )("honours Retry-After in %s, up to the cap", ([, retryAfter, expected]) =>
    Effect.gen(function*() {
      const paywall = fakePaywall(() => unavailable({ "retry-after": retryAfter }), { config: retrying })
      yield* runOnTestClock(paywall)
      expect(gaps(paywall.times)).toStrictEqual(expected)
    }))

  it.effect("honours Retry-After on a 429", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall(
        (_, attempt) =>
          attempt === 1
            ? new Response("slow down", { status: 429, headers: { "retry-after": "4" } })
            : json(docsSuccess),
        { config: retrying }
      )
      const result = yield* runOnTestClock(paywall)
      expect(result._tag).toBe("Right")
      expect(gaps(paywall.times)).toStrictEqual([4000])
    }))

  it.effect("makes one attempt when retries are off", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall(() => unavailable(), { config: { ...retrying, maxRetries: 0 } })
      const result = yield* runOnTestClock(paywall)
      expect(result._tag === "Left" && result.left).toMatchObject({ attempts: 1 })
      expect(paywall.sent).toHaveLength(1)
    }))

  it.effect("retries no response at all", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall(
        (request, attempt) =>
          attempt === 1
            ? new HttpClientError.RequestError({ request, reason: "Transport", cause: new Error("ECONNRESET") })
            : json(docsSuccess),
        { config: retrying }
      )
      const result = yield* runOnTestClock(paywall)
      expect(result._tag).toBe("Right")
      expect(paywall.sent).toHaveLength(2)
    }))

  it.effect.each(
    [
      ["an envelope error, even at 503", () => json({ ErrorCode: 12, Result: false, Message: "busy" }, 503)],
      ["a decode error", () => new Response("<html>", { status: 200 })],
      ["a status that is not transient", () => new Response("missing", { status: 404 })],
      [
        "a request that cannot be built",
        (request: Parameters<Parameters<typeof fakePaywall>[0]>[0]) =>
          new HttpClientError.RequestError({ request, reason: "InvalidUrl", cause: new Error("bad url") })
      ]
    ] as const
  )("never retries %s", ([, answer]) =>
    Effect.gen(function*() {
      const paywall = fakePaywall(answer, { config: retrying })
      const result = yield* runOnTestClock(paywall)
      expect(result._tag).toBe("Left")
      expect(paywall.sent).toHaveLength(1)
    }))

  it.effect("never sends an invalid request", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall(() => json(docsSuccess), { config: retrying })
      const client = yield* Effect.provide(MasterpassClient.MasterpassClient, paywall.layer)
      const error = yield* Effect.flip(
        client.createSession({ ...request, userId: "" } as CreateSessionRequest.CreateSessionRequest)
      )
      expect(error._tag).toBe("PaywallRequestError")
      expect(paywall.sent).toHaveLength(0)
    }))
})

describe("timeouts", () => {
  it.effect("times out each attempt, retrying, and reports Timeout", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall(() => Effect.never, { config: retrying })
      const result = yield* runOnTestClock(paywall)
      expect(result._tag === "Left" && result.left).toMatchObject({
        _tag: "PaywallTransportError",
        reason: "Timeout",
        attempts: 3
      })
      expect(result._tag === "Left" && result.left.message).toContain("attempt timeout of 10s")
      // Each attempt waits its 10 s, then the backoff.
      expect(gaps(paywall.times).every((gap) => gap >= 10_000)).toBe(true)
    }))

  it.effect("stops at the overall deadline, whatever retries are left", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall(() => Effect.never, {
        config: { ...retrying, maxRetries: 10, attemptTimeout: "10 seconds", deadline: "25 seconds" }
      })
      const result = yield* runOnTestClock(paywall)
      expect(result._tag === "Left" && result.left).toMatchObject({ reason: "Timeout", attempts: 3 })
      expect(result._tag === "Left" && result.left.message).toContain("deadline of 25s")
    }))

  it.effect("does not time out an answer that arrives in time", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall(() => Effect.as(Effect.sleep("9 seconds"), json(docsSuccess)), { config: retrying })
      const result = yield* runOnTestClock(paywall)
      expect(result._tag).toBe("Right")
      expect(paywall.sent).toHaveLength(1)
    }))
})
