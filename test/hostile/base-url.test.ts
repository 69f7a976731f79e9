import { describe, expect, it } from "@effect/vitest"
import { PaywallConfig } from "@paywall-effect/http"
import { ConfigProvider, Effect } from "effect"

/**
 * Issue 12.10. PaywallConfig is being reworked on another branch: this test states the
 * behaviour asked of it (a base URL with a query or fragment, even an empty one, is refused),
 * and fails until that work lands.
 */
const build = (layer: ReturnType<typeof PaywallConfig.layer>, env: Record<string, string> = {}) =>
  Effect.provide(PaywallConfig.PaywallConfig, layer).pipe(
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
  )

describe("issue 12.10: a base URL with a query or a fragment is refused", () => {
  it.effect.each([
    "https://payment-api.example?",
    "https://payment-api.example/?",
    "https://payment-api.example#",
    "https://payment-api.example/#",
    "https://payment-api.example/api?x=1",
    "https://payment-api.example/#top"
  ])("refuses %s, given as a value or in PAYWALL_BASE_URL", (baseUrl) =>
    Effect.gen(function*() {
      const fromValue = yield* Effect.flip(build(PaywallConfig.layer({ baseUrl })))
      expect(String(fromValue)).toContain("baseUrl")
      const fromEnv = yield* Effect.flip(build(PaywallConfig.layerConfig(), { PAYWALL_BASE_URL: baseUrl }))
      expect(String(fromEnv)).toContain("PAYWALL_BASE_URL")
    }))
})
