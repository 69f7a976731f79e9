import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { hostileServer, request, secrets, sendJson, transports, withClient } from "./server.js"

const statuses = [301, 302, 303, 307, 308] as const

/** A success any followed redirect would reach: the test sees it as a session. */
const success = JSON.stringify({
  ErrorCode: 0,
  Result: true,
  Body: { SessionId: "9b27433e-f36b-1410-80e5-004205aa382d", SessionExpiryDate: "2025-07-27T11:24:57" }
})

describe("issue 12.1: redirects never carry the credentials away", { timeout: 30_000 }, () => {
  for (const [name, http] of transports) {
    for (const [from, to] of [["http", "http"], ["https", "http"], ["https", "https"]] as const) {
      it.scopedLive(`${name}: a 3xx from ${from} to another ${to} origin is a non-retried failure, nothing sent there`, () =>
        Effect.gen(function*() {
          const elsewhere = yield* hostileServer((_, response) => sendJson(response, success), { tls: to === "https" })
          const target = `${elsewhere.url}/steal?x=1`
          for (const status of statuses) {
            const paywall = yield* hostileServer(
              (_, response) => response.writeHead(status, { location: target }).end(),
              { tls: from === "https" }
            )
            const error = yield* Effect.flip(
              withClient(
                paywall.url,
                http(from === "https"),
                (client) => client.createSession(request),
                {
                  maxRetries: 2
                }
              )
            )
            expect(error).toMatchObject({ _tag: "PaywallHttpError", status, attempts: 1 })
            // Only the origin is said, never the Location's path or query.
            expect(error.message).toContain(elsewhere.url)
            expect(error.message).not.toContain("steal")
            expect(paywall.received).toHaveLength(1)
            expect(paywall.received[0]?.headers["apikeyprivate"]).toBe(secrets.apiKeyPrivate)
          }
          expect(elsewhere.received).toEqual([])
        }))
    }

    it.scopedLive(`${name}: a relative redirect to the same origin is not followed either`, () =>
      Effect.gen(function*() {
        const paywall = yield* hostileServer((incoming, response) =>
          incoming.url === "/api/paywall/masterpass/session"
            ? response.writeHead(307, { location: "/elsewhere" }).end()
            : sendJson(response, success)
        )
        const record = yield* withClient(paywall.url, http(false), (client) => client.createSessionRecord(request))
        expect(record).toMatchObject({ status: "failed", statusCode: 307 })
        expect(paywall.received.map((received) => received.url)).toEqual(["/api/paywall/masterpass/session"])
      }))
  }
})
