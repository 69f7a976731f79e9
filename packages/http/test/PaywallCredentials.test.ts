import { describe, expect, it } from "@effect/vitest"
import { PaywallCredentials } from "@paywall-effect/http"
import type { ConfigError, Layer } from "effect"
import { Effect, Redacted } from "effect"
import { buildWithEnv } from "./support.js"

const build = (
  layer: Layer.Layer<PaywallCredentials.PaywallCredentials, ConfigError.ConfigError>,
  env?: Record<string, string>
) => buildWithEnv(PaywallCredentials.PaywallCredentials, layer, env)

describe("PaywallCredentials", () => {
  it.effect("reads both variables as Redacted values", () =>
    Effect.gen(function*() {
      const credentials = yield* build(PaywallCredentials.layerConfig(), {
        PAYWALL_API_KEY_PRIVATE: "key-from-env-1234",
        PAYWALL_API_CLIENT_PRIVATE: "client-from-env-5678"
      })
      expect(Redacted.isRedacted(credentials.apiKeyPrivate)).toBe(true)
      expect(Redacted.value(credentials.apiKeyPrivate)).toBe("key-from-env-1234")
      expect(Redacted.value(credentials.apiClientPrivate)).toBe("client-from-env-5678")
      expect(String(credentials.apiKeyPrivate)).toBe("<redacted>")
      expect(JSON.stringify(credentials)).not.toContain("from-env")
    }))

  it.effect.each([
    [{ PAYWALL_API_CLIENT_PRIVATE: "client" }, "PAYWALL_API_KEY_PRIVATE"],
    [{ PAYWALL_API_KEY_PRIVATE: "key" }, "PAYWALL_API_CLIENT_PRIVATE"]
  ] as ReadonlyArray<readonly [Record<string, string>, string]>)(
    "names a missing variable: %j",
    ([env, missing]) =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(build(PaywallCredentials.layerConfig(), env))
        expect(error._op).toBe("MissingData")
        expect(String(error)).toContain(`${missing} is not set`)
        expect(String(error)).not.toContain("<redacted>")
      })
  )

  it.effect.each(["", " padded", "line\r\nbreak", "nul\u0000", "tab\tinside"])(
    "rejects %j when the layer is built, without showing it",
    (value) =>
      Effect.gen(function*() {
        const fromValues = yield* Effect.flip(build(PaywallCredentials.layer({
          apiKeyPrivate: Redacted.make(value),
          apiClientPrivate: Redacted.make("fine-client-value")
        })))
        expect(String(fromValues)).toContain("apiKeyPrivate must be non-empty")
        // The error's path names the field, so its message does not read "Invalid data at :".
        expect(fromValues._op === "InvalidData" && fromValues.path).toStrictEqual(["apiKeyPrivate"])
        expect(String(fromValues)).toContain("Invalid data at apiKeyPrivate: ")
        const fromEnv = yield* Effect.flip(build(PaywallCredentials.layerConfig(), {
          PAYWALL_API_KEY_PRIVATE: "fine-key-value",
          PAYWALL_API_CLIENT_PRIVATE: value
        }))
        expect(fromEnv._op === "InvalidData" && fromEnv.path).toStrictEqual(["PAYWALL_API_CLIENT_PRIVATE"])
        expect(String(fromEnv)).toContain("Invalid data at PAYWALL_API_CLIENT_PRIVATE: ")
        if (value.trim() !== "") {
          expect(String(fromValues)).not.toContain(value)
          expect(String(fromEnv)).not.toContain(value)
        }
      })
  )
})
