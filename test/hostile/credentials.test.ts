import { describe, expect, it } from "@effect/vitest"
import { PaywallCredentials } from "@paywall-effect/http"
import { ConfigProvider, Effect, FastCheck as fc, Redacted } from "effect"
import { hostileServer, request, sendJson, transports, withClient } from "./server.js"

const visible = fc.string({
  minLength: 1,
  maxLength: 40,
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c))
})

/** A character a header cannot carry as is: controls, space, DEL, Latin-1, `€`, invisible ones, emoji. */
const unsendable = fc.oneof(
  fc.integer({ min: 0, max: 0x20 }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x7f, max: 0xff }).map((c) => String.fromCharCode(c)),
  fc.constantFrom("€", "\u200b", "\u00a0", "\ufeff", "\u2028", "ı", "😀")
)

/** A credential that is fine but for one unsendable character somewhere in it. */
const tainted = fc.tuple(visible, unsendable, visible, fc.nat(2)).map(([before, bad, after, where]) =>
  where === 0 ? `${bad}${before}${after}` : where === 1 ? `${before}${bad}${after}` : `${before}${after}${bad}`
)

const build = (layer: ReturnType<typeof PaywallCredentials.layer>, env: Record<string, string> = {}) =>
  Effect.provide(PaywallCredentials.PaywallCredentials, layer).pipe(
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
  )

describe("issue 12.9: credentials a header cannot carry are refused when the layer is built", () => {
  it.effect.prop(
    "any credential with a character outside visible ASCII fails with a ConfigError naming the field, not the value",
    [tainted, fc.boolean()],
    ([value, asKey]) =>
      Effect.gen(function*() {
        const fromValues = yield* Effect.flip(build(PaywallCredentials.layer({
          apiKeyPrivate: Redacted.make(asKey ? value : "fine-key-value"),
          apiClientPrivate: Redacted.make(asKey ? "fine-client-value" : value)
        })))
        expect(String(fromValues)).toContain(asKey ? "apiKeyPrivate" : "apiClientPrivate")
        expect(String(fromValues)).toContain("visible ASCII")
        expect(String(fromValues)).not.toContain(value)
        const fromEnv = yield* Effect.flip(build(PaywallCredentials.layerConfig(), {
          PAYWALL_API_KEY_PRIVATE: asKey ? value : "fine-key-value",
          PAYWALL_API_CLIENT_PRIVATE: asKey ? "fine-client-value" : value
        }))
        expect(String(fromEnv)).toContain(asKey ? "PAYWALL_API_KEY_PRIVATE" : "PAYWALL_API_CLIENT_PRIVATE")
        expect(String(fromEnv)).not.toContain(value)
      }),
    { fastCheck: { numRuns: 100 } }
  )

  for (const [name, http] of transports) {
    it.scopedLive.prop(
      `${name}: any visible-ASCII credential is accepted and arrives at the server unchanged`,
      [visible, visible],
      ([key, client]) =>
        Effect.gen(function*() {
          const server = yield* hostileServer((_, response) => sendJson(response, "{\"ErrorCode\":1,\"Result\":false}"))
          yield* Effect.provide(
            Effect.flatMap(PaywallCredentials.PaywallCredentials, (credentials) =>
              withClient(server.url, http(false), (c) => c.createSessionRecord(request), {}, credentials)),
            PaywallCredentials.layer({ apiKeyPrivate: Redacted.make(key), apiClientPrivate: Redacted.make(client) })
          )
          expect(server.received).toHaveLength(1)
          expect(server.received[0]?.headers["apikeyprivate"]).toBe(key)
          expect(server.received[0]?.headers["apiclientprivate"]).toBe(client)
        }),
      { fastCheck: { numRuns: 30 } }
    )
  }
})
