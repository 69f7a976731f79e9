import { describe, expect, it } from "@effect/vitest"
import { PaywallApi, type PaywallEndpoint } from "@paywall-effect/domain"
import { Fault, PaywallSandbox } from "@paywall-effect/sandbox"
import { Array as Arr, DateTime, Duration, Effect, Redacted, TestClock } from "effect"
import { readFileSync } from "node:fs"

const credentials = {
  apiKeyPrivate: Redacted.make("sandbox-test-key"),
  apiClientPrivate: Redacted.make("sandbox-test-client")
}
const headers = {
  apikeyprivate: "sandbox-test-key",
  apiclientprivate: "sandbox-test-client",
  "content-type": "application/json"
}
const body = { ReferenceCode: "ref-1", UserId: "72812393211", UserPhone: "905123456710", PhoneVerifiedByMerchant: true }

/** Posts to the sandbox with global fetch, returning status and parsed (or raw) body. */
const post = (url: string, init: { headers?: Record<string, string>; body?: string } = {}) =>
  Effect.promise(async () => {
    const response = await fetch(`${url}/api/paywall/masterpass/session`, {
      method: "POST",
      headers: init.headers ?? headers,
      body: init.body ?? JSON.stringify(body)
    })
    const text = await response.text()
    let json: unknown = undefined
    try {
      json = JSON.parse(text)
    } catch {
      // left undefined: the test looks at `text`
    }
    return { status: response.status, text, json: json as Record<string, unknown> | undefined }
  })

const sandbox = PaywallSandbox.make({ credentials, sessionLifetime: Duration.minutes(15) })

describe("PaywallSandbox", () => {
  it.scoped("creates a session like the docs show, with an Istanbul expiry and no offset, and keeps it", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(new Date("2025-07-27T08:09:57Z").getTime())
      const paywall = yield* sandbox
      const answer = yield* post(paywall.url)
      expect(answer.status).toBe(200)
      expect(answer.json).toMatchObject({
        ErrorCodeType: 1,
        ErrorMessage: null,
        ErrorCode: 0,
        Result: true,
        Message: ""
      })
      const sessionBody = answer.json?.Body as { SessionId: string; SessionExpiryDate: string }
      expect(sessionBody.SessionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
      expect(sessionBody.SessionExpiryDate).toBe("2025-07-27T11:24:57")
      const sessions = yield* paywall.sessions
      expect(sessions).toHaveLength(1)
      expect(sessions[0]?.body).toStrictEqual(sessionBody)
      expect(sessions[0]?.request.referenceCode).toBe("ref-1")
      expect(DateTime.formatIso(sessions[0]!.createdAt)).toBe("2025-07-27T08:09:57.000Z")
    }))

  it.scoped.each([
    ["a wrong key", { ...headers, apikeyprivate: "nope" }],
    ["a wrong client", { ...headers, apiclientprivate: "nope" }],
    ["no credentials", { "content-type": "application/json" }]
  ] as ReadonlyArray<readonly [string, Record<string, string>]>)(
    "refuses %s with ErrorCode 77 at HTTP 401",
    ([, sent]) =>
      Effect.gen(function*() {
        const paywall = yield* sandbox
        const answer = yield* post(paywall.url, { headers: sent })
        expect(answer.status).toBe(401)
        expect(answer.json).toMatchObject({ ErrorCode: 77, Result: false, Message: "Invalid API credentials" })
        expect(yield* paywall.sessions).toHaveLength(0)
      })
  )

  it.scoped.each([
    ["ReferenceCode", { ...body, ReferenceCode: undefined }],
    ["ReferenceCode", { ...body, ReferenceCode: "" }],
    ["UserId", { ...body, UserId: 42 }],
    ["UserId", { ...body, UserId: " padded" }],
    ["UserPhone", { ...body, UserPhone: "+905123456710" }],
    ["UserPhone", { ...body, UserPhone: undefined }],
    ["Force3D", { ...body, Force3D: "true" }],
    ["PhoneVerifiedByMerchant", { ...body, PhoneVerifiedByMerchant: 1 }]
  ])("refuses an invalid %s with ErrorCode 10 at HTTP 400, naming it", ([field, sent]) =>
    Effect.gen(function*() {
      const paywall = yield* sandbox
      const answer = yield* post(paywall.url, { body: JSON.stringify(sent) })
      expect(answer.status).toBe(400)
      expect(answer.json).toMatchObject({ ErrorCode: 10, Result: false })
      expect(answer.json?.Message).toBe(`Invalid request: ${field} missing or invalid`)
    }))

  it.scoped("refuses a body that is not JSON", () =>
    Effect.gen(function*() {
      const paywall = yield* sandbox
      const answer = yield* post(paywall.url, { body: "ReferenceCode=1" })
      expect(answer.status).toBe(400)
      expect(answer.json?.Message).toBe("Invalid request: the body is not JSON")
    }))

  it.scoped("never puts the phone number in a validation message", () =>
    Effect.gen(function*() {
      const paywall = yield* sandbox
      const answer = yield* post(paywall.url, { body: JSON.stringify({ ...body, UserPhone: 905123456710 }) })
      expect(answer.text).not.toContain("905123456710")
    }))

  it.scoped("applies a fault to the next N requests, then answers normally", () =>
    Effect.gen(function*() {
      const paywall = yield* sandbox
      yield* paywall.inject(Fault.Fault.Status({ status: 503 }), { times: 2 })
      expect((yield* post(paywall.url)).status).toBe(503)
      expect((yield* post(paywall.url)).status).toBe(503)
      expect((yield* post(paywall.url)).status).toBe(200)
      expect(yield* paywall.requests).toBe(3)
    }))

  it.scoped("applies a fault only to requests with the targeted ReferenceCode", () =>
    Effect.gen(function*() {
      const paywall = yield* sandbox
      yield* paywall.inject(
        Fault.Fault.EnvelopeError({ errorCode: 56, message: "Masterpass payment not found", status: 404 }),
        { referenceCode: "ref-2" }
      )
      expect((yield* post(paywall.url)).status).toBe(200)
      const targeted = yield* post(paywall.url, { body: JSON.stringify({ ...body, ReferenceCode: "ref-2" }) })
      expect(targeted.status).toBe(404)
      expect(targeted.json).toMatchObject({ ErrorCode: 56, Result: false, Message: "Masterpass payment not found" })
      expect((yield* post(paywall.url, { body: JSON.stringify({ ...body, ReferenceCode: "ref-2" }) })).status).toBe(200)
    }))

  it.scoped("serves its OpenAPI document, the same as the copy kept in the repo", () =>
    Effect.gen(function*() {
      const paywall = yield* sandbox
      const served = yield* Effect.promise(() => fetch(`${paywall.url}/openapi.json`).then((r) => r.json()))
      const kept = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8"))
      expect(served).toStrictEqual(kept)
      // Every declared endpoint is served and documented (a new declaration needs no edit here).
      expect(Object.keys(served.paths)).toStrictEqual(
        Arr.dedupe(Object.values<PaywallEndpoint.Any>(PaywallApi.endpoints).map((endpoint) => endpoint.path))
      )
      expect(Object.keys(served.paths)).toEqual(expect.arrayContaining([
        "/api/paywall/masterpass/session",
        "/api/paywall/temptoken/sdk",
        "/api/paywall/masterpass/card/list",
        "/api/paywall/masterpass/card/delete",
        "/api/paywall/masterpass/merchant/link",
        "/api/paywall/masterpass/merchant/unlink",
        "/api/paywall/masterpass/otp/verify",
        "/api/paywall/masterpass/otp/resend",
        "/api/paywall/masterpass/payment/verify",
        "/api/paywall/masterpass/payment/commit",
        "/api/paywall/masterpass/payment/commit/by/paymentid"
      ]))
      // The card list is a GET: its session is a header, and it has no body.
      const cardList = served.paths["/api/paywall/masterpass/card/list"].get
      expect(cardList.requestBody).toBeUndefined()
      expect(cardList.parameters.map((parameter: { name: string }) => parameter.name)).toContain("sessionid")
    }))

  it.scoped("counts open connections and generates fresh credentials by default", () =>
    Effect.gen(function*() {
      const paywall = yield* PaywallSandbox.make()
      expect(Redacted.value(paywall.credentials.apiKeyPrivate)).toMatch(/^sandbox-key-[0-9a-f]{24}$/)
      expect(yield* paywall.openConnections).toBe(0)
      expect(paywall.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    }))
})
