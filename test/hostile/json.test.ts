import { describe, expect, it } from "@effect/vitest"
import { CreateSession } from "@paywall-effect/domain"
import { Effect, FastCheck as fc, Schema } from "effect"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { hostileServer, phone, request, secrets, sendJson, transports, withClient } from "./server.js"

const http = transports[0]![1](false)
const encodeRecord = Schema.encodeSync(CreateSession.CreateSession)

const deep = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`

const bin = fileURLToPath(new URL("../../packages/cli/dist/bin.js", import.meta.url))

/** Runs the built `paywall-masterpass` against `baseUrl` with the test secrets. */
const cli = (args: ReadonlyArray<string>, baseUrl: string) =>
  Effect.async<{ readonly code: number; readonly stdout: string; readonly stderr: string }>((resume) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("PAYWALL_")))
    execFile(process.execPath, [bin, ...args], {
      env: {
        ...env,
        PAYWALL_BASE_URL: baseUrl,
        PAYWALL_API_KEY_PRIVATE: secrets.apiKeyPrivate,
        PAYWALL_API_CLIENT_PRIVATE: secrets.apiClientPrivate
      }
    }, (error, stdout, stderr) => resume(Effect.succeed({ code: error ? Number(error.code) : 0, stdout, stderr })))
  })

const cliRequest = ["create-session", "--reference-code", "order-3001", "--user-id", "72812393211", "--phone", phone]

describe("issue 12.7: deep JSON is a decode failure", { timeout: 30_000 }, () => {
  it.scopedLive.prop(
    "any nesting deeper than 64 levels ends in INVALID_RESPONSE, never a defect",
    [fc.integer({ min: 65, max: 200_000 }), fc.constantFrom("[", "{\"a\":")],
    ([levels, open]) =>
      Effect.gen(function*() {
        const close = open === "[" ? "]" : "}"
        const body = `{"ErrorCode":0,"Result":true,"Body":${open.repeat(levels)}1${close.repeat(levels)}}`
        const server = yield* hostileServer((_, response) => sendJson(response, body))
        const record = yield* withClient(server.url, http, (c) => c.createSessionRecord(request))
        expect(record).toMatchObject({ status: "failed", code: "INVALID_RESPONSE", statusCode: 200 })
        const error = yield* Effect.flip(withClient(server.url, http, (c) => c.createSession(request)))
        expect(error._tag).toBe("PaywallDecodeError")
      }),
    { fastCheck: { numRuns: 20 } }
  )

  it.scopedLive("nesting up to 64 levels is still read", () =>
    Effect.gen(function*() {
      const body = `{"ErrorCode":7,"Result":false,"Message":"deep","Extra":${deep(61)}}`
      const server = yield* hostileServer((_, response) => sendJson(response, body))
      const record = yield* withClient(server.url, http, (c) => c.createSessionRecord(request))
      expect(record).toMatchObject({ status: "failed", code: "PAYWALL_ERROR", responseBody: { ErrorCode: 7 } })
    }))

  it.scopedLive("the CLI says so and exits with the decode code (6), not 1 in silence", () =>
    Effect.gen(function*() {
      const server = yield* hostileServer((_, response) => sendJson(response, deep(100_000)))
      const run = yield* cli(cliRequest, server.url)
      expect(run.code).toBe(6)
      expect(run.stderr).toContain("paywall-masterpass:")
      const json = yield* cli([...cliRequest, "--json"], server.url)
      expect(json.code).toBe(6)
      expect(JSON.parse(json.stdout)).toMatchObject({ Status: "failed", Code: "INVALID_RESPONSE" })
    }))
})

/** Keys that play games with prototypes, plain ones, and `__proto__` spelled with an escape. */
const key = fc.oneof(
  fc.constantFrom("__proto__", "\\u005f_proto__", "__\\u0070roto__", "constructor", "prototype", "toString", "valueOf"),
  fc.stringMatching(/^[A-Za-z]{1,8}$/)
)

/** A JSON text of nested objects under those keys (built as text: `JSON.stringify` would not keep an own `__proto__`). */
const tricky: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("1", "\"polluted\"", "true", "null"),
    fc.array(fc.tuple(key, tie("node")), { maxLength: 4 }).map((entries) =>
      `{${entries.map(([k, v]) => `"${k}":${v}`).join(",")}}`
    )
  )
})).node

/** Every object in a value has a plain prototype (Object.prototype), however reached. */
const plainThroughout = (value: unknown): boolean => {
  if (Array.isArray(value)) return value.every(plainThroughout)
  if (value === null || typeof value !== "object") return true
  return Object.getPrototypeOf(value) === Object.prototype && Object.values(value).every(plainThroughout)
}

describe("issue 12.8: no answer chooses a prototype", { timeout: 60_000 }, () => {
  it.scopedLive.prop(
    "the kept ResponseBody, and any copy of it, is plain data",
    [fc.array(fc.tuple(key, tricky), { minLength: 1, maxLength: 4 })],
    ([entries]) =>
      Effect.gen(function*() {
        const body = `{"ErrorCode":3,"Result":false,"Message":"m",${entries.map(([k, v]) => `"${k}":${v}`).join(",")}}`
        const server = yield* hostileServer((_, response) => sendJson(response, body))
        const record = yield* withClient(server.url, http, (c) => c.createSessionRecord(request))
        expect(record.code).toBe("PAYWALL_ERROR")
        const kept = record.responseBody
        expect(plainThroughout(kept)).toBe(true)
        expect(plainThroughout({ ...kept })).toBe(true)
        expect(plainThroughout(Object.assign({}, kept))).toBe(true)
        expect(plainThroughout(encodeRecord(record))).toBe(true)
        expect(Object.keys(kept ?? {})).not.toContain("__proto__")
        expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined()
      }),
    { fastCheck: { numRuns: 60 } }
  )
})
