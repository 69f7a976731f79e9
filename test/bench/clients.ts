/**
 * The clients the benchmarks compare, each as "make one call" over a shared connection pool.
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { CreateSessionRequest } from "@paywall-effect/domain"
import { MasterpassClient, PaywallConfig, PaywallCredentials } from "@paywall-effect/http"
import { Effect, Layer, Redacted } from "effect"
import { Agent, request as undiciRequest } from "undici"

export const sessionRequest = new CreateSessionRequest.CreateSessionRequest({
  referenceCode: "bench-0001",
  userId: "72812393211",
  userPhone: "905123456710",
  phoneVerifiedByMerchant: true
})
const wire = {
  ReferenceCode: "bench-0001",
  UserId: "72812393211",
  UserPhone: "905123456710",
  PhoneVerifiedByMerchant: true
}
const headers = {
  apikeyprivate: "bench-key",
  apiclientprivate: "bench-client",
  "content-type": "application/json",
  accept: "application/json"
}
const path = "/api/paywall/masterpass/session"

/** The library's client over `NodeHttpClient.layerUndici`. */
export const libraryLayer = (baseUrl: string) =>
  MasterpassClient.layer.pipe(
    Layer.provide([
      PaywallConfig.layer({ baseUrl }),
      PaywallCredentials.layer({
        apiKeyPrivate: Redacted.make("bench-key"),
        apiClientPrivate: Redacted.make("bench-client")
      }),
      NodeHttpClient.layerUndici
    ]),
    Layer.orDie
  )

/** One library call. */
export const libraryCall = Effect.flatMap(
  MasterpassClient.MasterpassClient,
  (client) => client.createSession(sessionRequest)
)

/** One bare platform call: POST the same body with the same headers, read JSON; nothing else. */
export const platformCall = (baseUrl: string) =>
  Effect.flatMap(HttpClient.HttpClient, (client) =>
    client.execute(
      HttpClientRequest.post(baseUrl + path).pipe(
        HttpClientRequest.setHeaders(headers),
        HttpClientRequest.bodyUnsafeJson(wire)
      )
    ).pipe(Effect.flatMap((response) => response.json)))

/** One raw undici call, on a keep-alive agent. */
export const undiciCall = (baseUrl: string, dispatcher: Agent) => async () => {
  const response = await undiciRequest(baseUrl + path, {
    method: "POST",
    headers,
    body: JSON.stringify(wire),
    dispatcher
  })
  return JSON.parse(await response.body.text()) as unknown
}

/** One raw fetch call. */
export const fetchCall = (baseUrl: string) => async () => {
  const response = await fetch(baseUrl + path, { method: "POST", headers, body: JSON.stringify(wire) })
  return (await response.json()) as unknown
}

export { Agent }
