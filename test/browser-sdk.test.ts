import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { CreateSessionRequest, type MasterpassSession, SdkToken } from "@paywall-effect/domain"
import { MasterpassClient } from "@paywall-effect/http"
import { BrowserSdk, PaywallSandbox } from "@paywall-effect/sandbox"
import { Effect, Layer, Option, Redacted } from "effect"

// The SDK stand-in over real sockets, with the real client doing the backend's part.
const masterpass = (options: PaywallSandbox.Options = {}) =>
  MasterpassClient.layer.pipe(
    Layer.provideMerge(PaywallSandbox.layer({
      accounts: [{ userId: "linked", cards: ["card-1"] }, { userId: "unlinked", linked: false, cards: ["card-1"] }],
      client: { maxRetries: 0 },
      ...options
    })),
    Layer.provide(NodeHttpClient.layerUndici)
  )

const sessionRequest = (userId: string) =>
  new CreateSessionRequest.CreateSessionRequest({ referenceCode: `ref-${userId}`, userId, userPhone: "905123456710" })

const sessionFor = (userId: string) =>
  Effect.flatMap(MasterpassClient.MasterpassClient, (client) => client.createSession(sessionRequest(userId))).pipe(
    Effect.map((session): MasterpassSession.SessionId => session.sessionId)
  )

/** What the backend hands the page: an SDK temp token with a Masterpass session for the user (and that session). */
const tokenFor = (userId: string | undefined, expiryMinutes = 30) =>
  Effect.flatMap(MasterpassClient.MasterpassClient, (client) =>
    client.createSdkToken(
      new SdkToken.SdkTokenRequest({
        clientCardSave: false,
        threeDSession: false,
        clientSdk: true,
        scopeBased: false,
        expiryMinutes,
        ...(userId === undefined ? {} : { masterpassSession: sessionRequest(userId) })
      })
    )).pipe(Effect.map((token) => ({ token: Redacted.value(token.token), sessionId: token.session?.sessionId })))

/** A request to the stand-in as a page on another origin makes it. */
const sdk = (method: "POST" | "OPTIONS", body?: unknown) =>
  Effect.flatMap(PaywallSandbox.PaywallSandbox, (sandbox) =>
    Effect.promise(async () => {
      const response = await fetch(`${sandbox.url}${BrowserSdk.purchasePath}`, {
        method,
        headers: method === "POST"
          ? { "content-type": "application/json", origin: "http://127.0.0.1:1" }
          : {
            origin: "http://127.0.0.1:1",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type"
          },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) })
      })
      const text = await response.text()
      return { status: response.status, headers: response.headers, json: text === "" ? undefined : JSON.parse(text) }
    }))

const purchase = (token: string, overrides: Record<string, unknown> = {}) =>
  sdk("POST", { token, cardAlias: "card-1", amount: 149.9, orderId: "order-1", ...overrides })

describe("BrowserSdk: the sandbox's stand-in for Paywall's browser SDK", () => {
  it.live("a purchase awaits its OTP; the backend verifies and commits it under the order's code", () =>
    Effect.gen(function*() {
      const client = yield* MasterpassClient.MasterpassClient
      const { sessionId, token } = yield* tokenFor("linked")
      const answer = yield* purchase(token)
      expect(answer.status).toBe(200)
      expect(answer.headers.get("access-control-allow-origin")).toBe("*")
      const started = answer.json as BrowserSdk.PurchaseAnswer
      expect(started.merchantUniqueCode).toBe("order-1")
      if (!("otpToken" in started)) return expect.fail("an OTP purchase answers an OTP token")
      const payment = { sessionId: sessionId!, masterpassPaymentId: started.masterpassPaymentId }
      const verified = yield* client.verifyPayment({
        ...payment,
        otpToken: started.otpToken,
        otpCode: PaywallSandbox.otpCode
      })
      expect(verified.step._tag).toBe("Done")
      const committed = yield* client.commitPayment(payment)
      expect(committed.merchantUniqueCode).toBe("order-1")
    }).pipe(Effect.provide(masterpass())))

  it.live("a purchase with back URLs awaits its 3D step: the 3D page posts the signed callback to the success URL", () =>
    Effect.gen(function*() {
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      const { token } = yield* tokenFor("linked")
      const threeD = { successUrl: "http://127.0.0.1:1/paid", failUrl: "http://127.0.0.1:1/failed" }
      const answer = yield* purchase(token, { amount: 320, orderId: "order-3d", threeD })
      expect(answer.status).toBe(200)
      const started = answer.json as BrowserSdk.PurchaseAnswer
      if (!("redirectUrl" in started)) return expect.fail("a 3D purchase answers the 3D page's address")
      expect(started.redirectUrl).toBe(`${sandbox.url}${PaywallSandbox.threeDPagePath(started.masterpassPaymentId)}`)
      const page = yield* Effect.promise(() => fetch(started.redirectUrl).then((response) => response.text()))
      expect(page).toContain(`action="${threeD.successUrl}"`)
      expect(page).toContain(`name="uniqueCode" value="order-3d"`)
      expect(page).toContain(`name="amount" value="320`)
      expect(Option.getOrThrow(yield* sandbox.payment("order-3d")).status).toBe("Pending")
      // A merchant's code names one payment: a second purchase under it is refused.
      expect(yield* purchase(token, { orderId: "order-3d" })).toMatchObject({
        status: 400,
        json: { code: "MERCHANT_UNIQUE_CODE_ALREADY_USED" }
      })
      expect(yield* purchase(token, { orderId: "order-4", threeD: { ...threeD, failUrl: "javascript:alert(1)" } }))
        .toMatchObject({ status: 400, json: { code: "INVALID_REQUEST" } })
    }).pipe(Effect.provide(masterpass())))

  it.live("answers a CORS preflight for any origin", () =>
    Effect.gen(function*() {
      const preflight = yield* sdk("OPTIONS")
      expect(preflight.status).toBe(204)
      expect(preflight.headers.get("access-control-allow-origin")).toBe("*")
      expect(preflight.headers.get("access-control-allow-methods")).toBe("POST")
      expect(preflight.headers.get("access-control-allow-headers")).toBe("content-type")
    }).pipe(Effect.provide(masterpass())))

  it.live("refuses what the SDK would: bad requests by field, unknown tokens, unlinked accounts, unknown cards", () =>
    Effect.gen(function*() {
      const linked = yield* tokenFor("linked")
      expect(yield* sdk("POST", "{not json")).toMatchObject({ status: 400, json: { code: "INVALID_REQUEST" } })
      const invalid = yield* purchase(linked.token, { amount: 1.005, cardAlias: "" })
      expect(invalid).toMatchObject({ status: 400, json: { code: "INVALID_REQUEST" } })
      expect(invalid.json.message).toBe("Invalid request: cardAlias, amount missing or invalid")
      // Not a token: an unknown one, a session id, one issued without a Masterpass session, an expired one.
      const notTokens = [
        "00000000-0000-0000-0000-000000000000",
        linked.sessionId!,
        (yield* tokenFor(undefined)).token,
        (yield* tokenFor("linked", 0)).token
      ]
      for (const token of notTokens) {
        expect(yield* purchase(token)).toMatchObject({
          status: 401,
          json: { code: "SESSION_EXPIRED", message: "Masterpass session not found or expired" }
        })
      }
      expect(yield* purchase((yield* tokenFor("unlinked")).token)).toMatchObject({
        status: 404,
        json: { code: "ACCOUNT_NOT_LINKED_TO_MERCHANT" }
      })
      expect(yield* purchase(linked.token, { cardAlias: "card-9" })).toMatchObject({
        status: 404,
        json: { code: "CARD_NOT_FOUND" }
      })
      expect(yield* purchase((yield* tokenFor("stranger")).token)).toMatchObject({
        status: 403,
        json: { code: "USER_NOT_FOUND" }
      })
    }).pipe(Effect.provide(masterpass())))

  it.live("records each Masterpass call with the session it named and the one its answer named", () =>
    Effect.gen(function*() {
      const client = yield* MasterpassClient.MasterpassClient
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      const first = yield* sessionFor("linked")
      const kept = yield* client.listCards({ sessionId: first })
      const renewed = yield* client.listCards({ sessionId: kept.session.sessionId })
      expect(renewed.session.renewed).toBe(true)
      // Purchases are the browser's: they are not Masterpass service calls of the backend.
      expect((yield* purchase((yield* tokenFor("linked")).token)).status).toBe(200)
      expect(yield* sandbox.calls).toStrictEqual([
        { endpoint: "listCards", userId: "linked", sessionId: first, answeredSessionId: first },
        { endpoint: "listCards", userId: "linked", sessionId: first, answeredSessionId: renewed.session.sessionId }
      ])
    }).pipe(Effect.provide(masterpass({ renewEvery: 2 }))))
})
