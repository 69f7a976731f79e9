import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import type * as Http from "node:http"
import { hostileServer, request, sendJson, settled, transports, withClient } from "./server.js"

const calls = 50
const limit = 64 * 1024

const success = JSON.stringify({
  ErrorCode: 0,
  Result: true,
  Body: { SessionId: "9b27433e-f36b-1410-80e5-004205aa382d", SessionExpiryDate: "2025-07-27T11:24:57" }
})

/** Bodies that are never read to their end: each call must close its connection anyway. */
const unread = {
  "announced larger than the limit": (response: Http.ServerResponse) => {
    response.writeHead(200, { "content-type": "application/json", "content-length": String(limit * 32) })
    response.write("x".repeat(1024))
    // ...and the rest never comes: only the client can close this connection.
  },
  "streamed past the limit (chunked)": (response: Http.ServerResponse) => {
    response.writeHead(200, { "content-type": "application/json" })
    const chunk = "x".repeat(16 * 1024)
    for (let i = 0; i < 8; i++) response.write(chunk)
  },
  "stalled after the headers (attempt timeout)": (response: Http.ServerResponse) => {
    response.writeHead(200, { "content-type": "application/json", "content-length": "100" })
    response.write("{\"ErrorCode\":")
  }
} as const

describe("issue 12.3: bodies not read to their end close their connections", { timeout: 30_000 }, () => {
  for (const [name, http] of transports) {
    for (const [label, handler] of Object.entries(unread)) {
      it.scopedLive(`${name}: ${calls} calls with a body ${label} leave no answered socket open`, () =>
        Effect.gen(function*() {
          const server = yield* hostileServer((_, response) => handler(response))
          const records = yield* withClient(
            server.url,
            http(false),
            (client) =>
              Effect.gen(function*() {
                const records = yield* Effect.all(
                  Array.from({ length: calls }, () => client.createSessionRecord(request)),
                  { concurrency: "unbounded" }
                )
                // Checked while the client (and its connection pool) is still alive: nothing waits
                // for a pool to close or a response to be garbage collected.
                const open = yield* settled(server.openCarrying, (n) => n === 0)
                expect(open).toBe(0)
                return records
              }),
            { maxResponseBytes: limit, attemptTimeout: label.includes("timeout") ? "300 millis" : "10 seconds" }
          )
          expect(records.every((record) => record.status === "failed")).toBe(true)
          expect(server.received.length).toBeGreaterThan(0)
          if (name === "undici") {
            // Its dispatcher closed with the layer, the idle connections undici opened after each abort went too.
            expect(yield* settled(server.openConnections, (n) => n === 0)).toBe(0)
          }
        }))
    }

    it.scopedLive(`${name}: over HTTPS, ${calls} refused bodies leave no answered socket open`, () =>
      Effect.gen(function*() {
        const server = yield* hostileServer((_, response) => unread["announced larger than the limit"](response), {
          tls: true
        })
        const records = yield* withClient(server.url, http(true), (client) =>
          Effect.gen(function*() {
            const records = yield* Effect.all(
              Array.from({ length: calls }, () => client.createSessionRecord(request)),
              { concurrency: "unbounded" }
            )
            expect(yield* settled(server.openCarrying, (n) => n === 0)).toBe(0)
            return records
          }), { maxResponseBytes: limit })
        expect(records.every((record) => record.code === "INVALID_RESPONSE")).toBe(true)
        // Both clients here run on an Agent of the test's own, closed with the layer.
        expect(yield* settled(server.openConnections, (n) => n === 0)).toBe(0)
      }))

    it.scopedLive(`${name}: bodies read to their end keep their connection alive (the abort after them is harmless)`, () =>
      Effect.gen(function*() {
        const server = yield* hostileServer((_, response) => sendJson(response, success))
        const sessions = yield* withClient(
          server.url,
          http(false),
          (client) => Effect.all(Array.from({ length: 10 }, () => client.createSession(request)))
        )
        expect(sessions).toHaveLength(10)
        // Connections are reused (undici's pools open a second one at times, never one per call):
        // the abort that ends each exchange comes after the body's end and leaves them alone.
        expect(yield* server.connections).toBeLessThanOrEqual(2)
        expect(yield* server.openCarrying).toBeGreaterThanOrEqual(1)
      }))
  }
})
