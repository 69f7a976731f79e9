import { describe, expect, it } from "@effect/vitest"
import { CreateSessionRequest } from "@paywall-effect/domain"
import { MasterpassClient, PaywallClient } from "@paywall-effect/http"
import { Effect, FastCheck as fc, HashMap, List, Logger, LogLevel, Metric, Redacted } from "effect"
import { sized } from "../../../test/fastcheck.js"
import { recordingTracer } from "../../../test/tracer.js"
import { docsSuccess, fakePaywall, json } from "./support.js"

const request = new CreateSessionRequest.CreateSessionRequest({
  referenceCode: "order-5001",
  userId: "72812393211",
  userPhone: "905123456710"
})

interface Captured {
  readonly level: string
  readonly message: unknown
  readonly annotations: Record<string, unknown>
}

/** Runs `effect` with every log line (debug included) captured, and a recording tracer. */
const observe = <A, E>(effect: Effect.Effect<A, E>) => {
  const logs: Array<Captured> = []
  const { spans, tracer } = recordingTracer()
  const logger = Logger.make<unknown, void>(({ annotations, logLevel, message }) => {
    logs.push({
      level: logLevel.label,
      message: List.isList(message) ? List.toArray(message) : message,
      annotations: Object.fromEntries(HashMap.toEntries(annotations))
    })
  })
  return effect.pipe(
    Effect.either,
    Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
    Logger.withMinimumLogLevel(LogLevel.All),
    Effect.withTracer(tracer),
    Effect.map((result) => ({ result, logs, spans }))
  )
}

const createSession = (req: CreateSessionRequest.CreateSessionRequest) =>
  Effect.flatMap(MasterpassClient.MasterpassClient, (client) => client.createSession(req))

describe("observability", () => {
  it.effect("names a span Paywall.createSession with outcome, code, status and attempts, and nothing personal", () =>
    Effect.gen(function*() {
      const failing = fakePaywall(() => json({ ErrorCode: 56, Result: false, Message: "not found" }, 409))
      const failed = yield* observe(Effect.provide(createSession(request), failing.layer))
      const span = failed.spans.find((span) => span.name === "Paywall.createSession")
      expect(JSON.stringify(Object.fromEntries(span!.attributes))).not.toContain(request.userPhone)
      expect(Object.fromEntries(span!.attributes)).toMatchObject({
        "paywall.outcome": "PAYWALL_ERROR",
        "paywall.error_code": 56,
        "http.response.status_code": 409,
        "paywall.attempts": 1
      })
      const ok = yield* observe(Effect.provide(createSession(request), fakePaywall(() => json(docsSuccess)).layer))
      const okSpan = ok.spans.find((span) => span.name === "Paywall.createSession")
      expect(okSpan?.attributes.get("paywall.outcome")).toBe("succeeded")
      expect(okSpan?.attributes.has("paywall.error_code")).toBe(false)
    }))

  it.effect("counts calls and records their duration by outcome", () =>
    Effect.gen(function*() {
      const calls = Metric.tagged(PaywallClient.callsTotal, "endpoint", "createSession")
      const succeeded = Metric.tagged(calls, "outcome", "succeeded")
      const httpErrors = Metric.tagged(calls, "outcome", "HTTP_ERROR")
      const durations = Metric.tagged(
        Metric.tagged(PaywallClient.callDuration, "endpoint", "createSession"),
        "outcome",
        "succeeded"
      )
      const before = [
        yield* Metric.value(succeeded),
        yield* Metric.value(httpErrors),
        yield* Metric.value(durations)
      ] as const
      yield* Effect.provide(createSession(request), fakePaywall(() => json(docsSuccess)).layer)
      yield* Effect.provide(createSession(request), fakePaywall(() => json(docsSuccess)).layer)
      yield* Effect.either(
        Effect.provide(createSession(request), fakePaywall(() => new Response("", { status: 502 })).layer)
      )
      expect((yield* Metric.value(succeeded)).count - before[0].count).toBe(2)
      expect((yield* Metric.value(httpErrors)).count - before[1].count).toBe(1)
      expect((yield* Metric.value(durations)).count - before[2].count).toBe(2)
    }))

  it.live("logs each attempt and the outcome at debug level, without the phone", () =>
    Effect.gen(function*() {
      const paywall = fakePaywall(
        (_, attempt) => attempt === 1 ? new Response("busy", { status: 503 }) : json(docsSuccess),
        { config: { maxRetries: 1, retryBaseDelay: "1 millis" } }
      )
      const { logs } = yield* observe(Effect.provide(createSession(request), paywall.layer))
      expect(logs.map((log) => [log.level, log.message, log.annotations.attempt])).toStrictEqual([
        ["DEBUG", ["Paywall attempt"], 1],
        ["DEBUG", ["Paywall attempt"], 2],
        ["DEBUG", ["Paywall call"], undefined]
      ])
      expect(logs[2]?.annotations).toMatchObject({ endpoint: "createSession", outcome: "succeeded", status: 200 })
      expect(JSON.stringify(logs)).not.toContain(request.userPhone)
    }))
})

/** Header-safe secrets (visible ASCII), long enough never to occur by chance. */
const secret = fc.string({ minLength: 12, maxLength: 32, unit: "grapheme-ascii" }).filter((value) =>
  /^[\x21-\x7e]+$/.test(value)
)
const phone = fc.stringMatching(/^[0-9]{10,15}$/)
const answer = fc.constantFrom(
  () => json(docsSuccess),
  () => json({ ErrorCode: 77, Result: false, Message: "Invalid API credentials" }, 401),
  () => new Response("<html>down</html>", { status: 503 }),
  () => new Response("{\"ErrorCode\":0,", { status: 200 })
)

describe("redaction", () => {
  // Live clock: the retry's 1 ms backoff really elapses.
  it.live.prop(
    "no log line or span ever holds a credential or an unmasked phone",
    [secret, secret, phone, answer],
    ([key, client, userPhone, respond]) =>
      Effect.gen(function*() {
        const paywall = fakePaywall(respond, {
          credentials: { apiKeyPrivate: Redacted.make(key), apiClientPrivate: Redacted.make(client) },
          config: { maxRetries: 1, retryBaseDelay: "1 millis" }
        })
        const { logs, spans } = yield* observe(
          Effect.provide(
            createSession(new CreateSessionRequest.CreateSessionRequest({ ...request, userPhone })),
            paywall.layer
          )
        )
        expect(logs.length).toBeGreaterThanOrEqual(2)
        const printed = JSON.stringify({
          logs,
          spans: spans.map((span) => ({ ...span, attributes: Object.fromEntries(span.attributes) }))
        })
        expect(printed).toContain("<redacted>")
        for (const forbidden of [key, client, userPhone]) {
          expect(printed).not.toContain(forbidden)
        }
      }),
    sized(50, 400)
  )
})
