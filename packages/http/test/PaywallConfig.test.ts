import { describe, expect, it } from "@effect/vitest"
import { PaywallConfig } from "@paywall-effect/http"
import { type ConfigError, Duration, Effect, type Layer } from "effect"
import { buildWithEnv } from "./support.js"

const build = (
  layer: Layer.Layer<PaywallConfig.PaywallConfig, ConfigError.ConfigError>,
  env?: Record<string, string>
) => buildWithEnv(PaywallConfig.PaywallConfig, layer, env)

describe("PaywallConfig", () => {
  it.effect("defaults to the test Payment API and Europe/Istanbul", () =>
    Effect.gen(function*() {
      for (const layer of [PaywallConfig.layer(), PaywallConfig.layerConfig()]) {
        const settings = yield* build(layer)
        expect(settings.baseUrl).toBe("https://test-payment-api.itspaywall.com")
        expect(settings.expiryTimeZone).toMatchObject({ _tag: "Named", id: "Europe/Istanbul" })
      }
    }))

  it.effect("reads PAYWALL_BASE_URL and PAYWALL_EXPIRY_TIME_ZONE", () =>
    Effect.gen(function*() {
      const settings = yield* build(PaywallConfig.layerConfig(), {
        PAYWALL_BASE_URL: "https://payment-api.paywall.com.tr/",
        PAYWALL_EXPIRY_TIME_ZONE: "UTC"
      })
      expect(settings.baseUrl).toBe("https://payment-api.paywall.com.tr")
      expect(settings.expiryTimeZone).toMatchObject({ id: "UTC" })
    }))

  it.effect.each([
    "http://127.0.0.1:4010",
    "http://localhost:4010/prefix",
    "http://[::1]:4010",
    "https://payment-api.itspaywall.com"
  ])("accepts %s", (baseUrl) =>
    Effect.gen(function*() {
      const settings = yield* build(PaywallConfig.layer({ baseUrl }))
      expect(settings.baseUrl).toBe(baseUrl)
    }))

  it.effect.each(
    [
      ["not a url", "absolute URL"],
      ["http://payment-api.itspaywall.com", "https"],
      ["ftp://127.0.0.1", "https"],
      ["https://user:secret@payment-api.itspaywall.com", "user name or password"],
      ["https://payment-api.itspaywall.com/?x=1", "query"],
      ["https://payment-api.itspaywall.com?", "query or fragment"],
      ["https://payment-api.itspaywall.com/prefix?", "query or fragment"],
      ["https://payment-api.itspaywall.com#", "query or fragment"],
      ["http://127.0.0.1:4010/prefix#", "query or fragment"]
    ] as const
  )("rejects %s", ([baseUrl, why]) =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(build(PaywallConfig.layer({ baseUrl })))
      expect(String(error)).toContain(`baseUrl must`)
      expect(String(error)).toContain(why)
      const fromEnv = yield* Effect.flip(build(PaywallConfig.layerConfig(), { PAYWALL_BASE_URL: baseUrl }))
      expect(String(fromEnv)).toContain("PAYWALL_BASE_URL")
    }))

  it.effect("rejects an unknown time zone", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(build(PaywallConfig.layerConfig(), { PAYWALL_EXPIRY_TIME_ZONE: "Mars/Olympus" }))
      expect(String(error)).toContain("PAYWALL_EXPIRY_TIME_ZONE must be an IANA time zone")
    }))

  it.effect("defaults to 10 s per attempt, 30 s in all, 2 retries from 250 ms to 5 s, and 1 MiB answers", () =>
    Effect.gen(function*() {
      const settings = yield* build(PaywallConfig.layerConfig())
      expect(Duration.toMillis(settings.attemptTimeout)).toBe(10_000)
      expect(Duration.toMillis(settings.deadline)).toBe(30_000)
      expect(settings.maxRetries).toBe(2)
      expect(Duration.toMillis(settings.retryBaseDelay)).toBe(250)
      expect(Duration.toMillis(settings.retryMaxDelay)).toBe(5000)
      expect(settings.maxResponseBytes).toBe(1024 * 1024)
    }))

  it.effect("reads timeouts, retries and the size limit from the environment", () =>
    Effect.gen(function*() {
      const settings = yield* build(PaywallConfig.layerConfig(), {
        PAYWALL_ATTEMPT_TIMEOUT: "3 seconds",
        PAYWALL_DEADLINE: "12 seconds",
        PAYWALL_MAX_RETRIES: "0",
        PAYWALL_RETRY_BASE_DELAY: "100 millis",
        PAYWALL_RETRY_MAX_DELAY: "2 seconds",
        PAYWALL_MAX_RESPONSE_BYTES: "65536"
      })
      expect(Duration.toMillis(settings.attemptTimeout)).toBe(3000)
      expect(Duration.toMillis(settings.deadline)).toBe(12_000)
      expect([settings.maxRetries, settings.retryBaseDelay, settings.retryMaxDelay]).toStrictEqual([
        0,
        Duration.millis(100),
        Duration.seconds(2)
      ])
      expect(settings.maxResponseBytes).toBe(65536)
    }))

  it.effect.each([
    [{ PAYWALL_ATTEMPT_TIMEOUT: "0 millis" }, "PAYWALL_ATTEMPT_TIMEOUT must be a positive, finite duration"],
    [{ PAYWALL_DEADLINE: "soon" }, "PAYWALL_DEADLINE"],
    [{ PAYWALL_MAX_RETRIES: "11" }, "PAYWALL_MAX_RETRIES must be a whole number from 0 to 10"],
    [{ PAYWALL_MAX_RETRIES: "-1" }, "PAYWALL_MAX_RETRIES must be a whole number from 0 to 10"],
    [{ PAYWALL_MAX_RESPONSE_BYTES: "10" }, "PAYWALL_MAX_RESPONSE_BYTES must be a whole number from 1024"]
  ] as ReadonlyArray<readonly [Record<string, string>, string]>)(
    "rejects %j",
    ([env, mention]) =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(build(PaywallConfig.layerConfig(), env))
        expect(String(error)).toContain(mention)
      })
  )

  it.effect("rejects invalid options by name", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(build(PaywallConfig.layer({ maxRetries: 1.5, attemptTimeout: "-1 seconds" })))
      expect(String(error)).toContain("attemptTimeout must be a positive")
      expect(String(error)).toContain("maxRetries must be a whole number")
    }))

  it("names one variable per setting, derived from its option name", () => {
    expect(PaywallConfig.variables).toStrictEqual({
      baseUrl: "PAYWALL_BASE_URL",
      privateBaseUrl: "PAYWALL_PRIVATE_BASE_URL",
      expiryTimeZone: "PAYWALL_EXPIRY_TIME_ZONE",
      attemptTimeout: "PAYWALL_ATTEMPT_TIMEOUT",
      deadline: "PAYWALL_DEADLINE",
      maxRetries: "PAYWALL_MAX_RETRIES",
      retryBaseDelay: "PAYWALL_RETRY_BASE_DELAY",
      retryMaxDelay: "PAYWALL_RETRY_MAX_DELAY",
      maxResponseBytes: "PAYWALL_MAX_RESPONSE_BYTES"
    })
  })

  it.effect("refuses an option that is not a setting", () =>
    Effect.gen(function*() {
      const options = { maxRetry: 1 } as PaywallConfig.Options
      const error = yield* Effect.flip(build(PaywallConfig.layer(options)))
      expect(String(error)).toContain("maxRetry is not a setting")
    }))
})
