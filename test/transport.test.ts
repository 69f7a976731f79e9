import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { CreateSessionRequest } from "@paywall-effect/domain"
import { MasterpassClient, PaywallConfig, PaywallCredentials } from "@paywall-effect/http"
import { Effect, Layer, Redacted } from "effect"
import type * as Http from "node:http"
import { docsSuccess } from "./fixtures/docs.js"
import { closedPort, loopbackServer } from "./loopback.js"

const request = new CreateSessionRequest.CreateSessionRequest({
  referenceCode: "order-1001",
  userId: "72812393211",
  userPhone: "905123456710"
})

const success = JSON.stringify(docsSuccess)

/** Runs one createSession with the real Node (undici) HttpClient against `baseUrl`. */
const createSession = (baseUrl: string) =>
  Effect.flatMap(MasterpassClient.MasterpassClient, (client) => client.createSession(request)).pipe(
    Effect.provide(MasterpassClient.layer.pipe(
      Layer.provide([
        PaywallCredentials.layer({
          apiKeyPrivate: Redacted.make("loopback-key-0001"),
          apiClientPrivate: Redacted.make("loopback-client-0002")
        }),
        PaywallConfig.layer({ baseUrl, maxRetries: 0 }),
        NodeHttpClient.layerUndici
      ]),
      Layer.orDie
    ))
  )

const served = (handler: (request: Http.IncomingMessage, response: Http.ServerResponse) => void) =>
  Effect.flatMap(loopbackServer(handler), (server) => createSession(server.url))

describe("MasterpassClient over a real loopback socket", () => {
  it.scoped("creates a session", () =>
    Effect.gen(function*() {
      const session = yield* served((_, response) => response.writeHead(200).end(success))
      expect(session.sessionId).toBe(docsSuccess.Body.SessionId)
    }))

  it.effect("maps a refused connection to a transport error", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Effect.flatMap(closedPort, createSession))
      expect(error).toMatchObject({ _tag: "PaywallTransportError", reason: "RequestFailed" })
      expect(error.message).toContain("ECONNREFUSED")
    }))

  it.scoped("maps a connection reset before any response to a transport error", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(served((request) => request.socket.destroy()))
      expect(error).toMatchObject({ _tag: "PaywallTransportError", reason: "RequestFailed" })
    }))

  it.scoped("maps a connection reset in the middle of the body to a transport error with the status", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(served((_, response) => {
        response.writeHead(200, { "content-length": "1000" })
        response.write(success.slice(0, 20), () => response.socket?.destroy())
      }))
      expect(error).toMatchObject({ _tag: "PaywallTransportError", reason: "BodyFailed", status: 200 })
    }))

  it.scoped("maps an HTML error page to a transport error with its status and an excerpt", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        served((_, response) =>
          response.writeHead(503, { "content-type": "text/html" }).end("<h1>Service Unavailable</h1>")
        )
      )
      expect(error).toMatchObject({
        _tag: "PaywallHttpError",
        status: 503,
        bodyExcerpt: "<h1>Service Unavailable</h1>"
      })
    }))
})
