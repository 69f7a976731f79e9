import { describe, expect, it } from "@effect/vitest"
import { PaywallConfig } from "@paywall-effect/http"
import { ConfigProvider, Effect, type Layer } from "effect"

const build = (layer: Layer.Layer<PaywallConfig.PaywallConfig, unknown>, env: Record<string, string> = {}) =>
  PaywallConfig.PaywallConfig.pipe(
    Effect.provide(layer),
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
  )

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
      ["https://payment-api.itspaywall.com/?x=1", "query"]
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
})
