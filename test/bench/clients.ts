/**
 * The contenders of `pnpm bench`, each as "make one call" against a base URL. Create Session:
 *
 * - (a) the library, `MasterpassClient.createSession` with its defaults (attempt timeout, deadline, retries) over
 *   `NodeHttpClient.layerUndici`;
 * - (b) a bare @effect/platform `HttpClient` POST + `json` over the same layer: no checks at all;
 * - (c) a careful hand-written client: global `fetch`, `AbortSignal.timeout`, status check, JSON, zod validation of
 *   the envelope and the session, `ErrorCode` 0 and `Result` true, a Guid `SessionId` and a real expiry date;
 * - raw `undici.request` + `JSON.parse`, for information only (the floor of this transport).
 *
 * A flow call, the Masterpass card list (`GET .../card/list`, the session in the `sessionid` header):
 *
 * - `flow`: the library's `MasterpassClient.listCards`, on the same client as (a);
 * - `platformFlow`: a bare @effect/platform GET with the same headers + `json`, on the same layer as (b);
 * - `wallet`: `MasterpassWallet.listCards` for one user, over the same client as (a), with a session store (its
 *   first call creates the user's session; later calls reuse it).
 *
 * Public APIs only, so the rewrite of the client's internals cannot break them.
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { CreateSessionRequest, MasterpassSession, PaywallApi } from "@paywall-effect/domain"
import {
  MasterpassClient,
  MasterpassWallet,
  PaywallConfig,
  PaywallCredentials,
  type SessionStore
} from "@paywall-effect/http"
import { Effect, Layer, Redacted } from "effect"
import { Agent, request as undiciRequest } from "undici"
import { z } from "zod"

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
export const path = PaywallApi.createSession.path
export const cardListPath = PaywallApi.listCards.path

/** (a) The library's client over `NodeHttpClient.layerUndici`, with its default settings. */
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

/** (b) One bare platform call: POST the same body with the same headers, read JSON; nothing else. */
export const platformCall = (baseUrl: string) =>
  Effect.flatMap(HttpClient.HttpClient, (client) =>
    client.execute(
      HttpClientRequest.post(baseUrl + path).pipe(
        HttpClientRequest.setHeaders(headers),
        HttpClientRequest.bodyUnsafeJson(wire)
      )
    ).pipe(Effect.flatMap((response) => response.json)))

/** The session the stand-in server's answers name (the docs' sample session). */
export const sessionId = MasterpassSession.SessionId.make("9b27433e-f36b-1410-80e5-004205aa382d")

/** One library flow call: the card list with a known session. */
export const flowCall = Effect.flatMap(MasterpassClient.MasterpassClient, (client) => client.listCards({ sessionId }))

/** The headers the library sends with a GET: the key pair, `accept`, and the session. */
const flowHeaders = {
  apikeyprivate: "bench-key",
  apiclientprivate: "bench-client",
  accept: "application/json",
  sessionid: sessionId
}

/** One bare platform flow call: GET the card list with the same headers, read JSON; nothing else. */
export const platformFlowCall = (baseUrl: string) =>
  Effect.flatMap(
    HttpClient.HttpClient,
    (client) =>
      client.execute(HttpClientRequest.get(baseUrl + cardListPath).pipe(HttpClientRequest.setHeaders(flowHeaders)))
        .pipe(
          Effect.flatMap((response) => response.json)
        )
  )

/** The wallet's user: the same user as Create Session's request. */
export const user: MasterpassWallet.User = {
  userId: wire.UserId,
  userPhone: wire.UserPhone,
  phoneVerifiedByMerchant: wire.PhoneVerifiedByMerchant
}

/** A wallet's card list call for {@link user}, and how many sessions the wallet has created so far. */
export interface WalletCall {
  readonly call: Effect.Effect<unknown, unknown>
  readonly created: () => number
}

/**
 * Builds a wallet with its defaults over the `MasterpassClient` and `SessionStore` in context; its reference codes
 * count the sessions it creates, so that the bench can check its measured calls reused the first one's session.
 */
export const makeWallet: Effect.Effect<
  WalletCall,
  never,
  MasterpassClient.MasterpassClient | SessionStore.SessionStore
> = Effect.suspend(() => {
  let created = 0
  return Effect.map(
    MasterpassWallet.make({ referenceCode: Effect.sync(() => `bench-wallet-${++created}`) }),
    (wallet): WalletCall => ({ call: Effect.suspend(() => wallet.listCards({ user })), created: () => created })
  )
})

/** The envelope Paywall wraps every answer in. */
const Envelope = z.object({
  ErrorCode: z.number().int(),
  Result: z.boolean(),
  ErrorCodeType: z.number().int().nullish(),
  ErrorMessage: z.string().nullish(),
  Message: z.string().nullish(),
  Body: z.unknown()
})

/** The session in a successful envelope's `Body`. */
const Session = z.object({
  SessionId: z.guid(),
  SessionExpiryDate: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?(?:Z|[+-]\d{2}:\d{2})?$/)
})

/** What the hand-written client throws when Paywall says no. */
export class PaywallRefusal extends Error {
  constructor(readonly errorCode: number, message: string) {
    super(message)
  }
}

/**
 * (c) The hand-written client: what a good engineer writes without Effect. One attempt, with the library's default
 * attempt timeout (10 s); the expiry read as Istanbul time (+03:00), as the library does by default.
 */
export const fetchCreateSession = (baseUrl: string, timeoutMillis = 10_000) => async (request: typeof wire) => {
  const response = await fetch(baseUrl + path, {
    method: "POST",
    headers,
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(timeoutMillis)
  })
  if (response.status !== 200) {
    await response.body?.cancel()
    throw new Error(`Paywall answered HTTP ${response.status}`)
  }
  const envelope = Envelope.parse(await response.json())
  if (envelope.ErrorCode !== 0 || envelope.Result !== true) {
    throw new PaywallRefusal(envelope.ErrorCode, envelope.ErrorMessage ?? envelope.Message ?? "refused")
  }
  const session = Session.parse(envelope.Body)
  const text = session.SessionExpiryDate
  const expiresAt = new Date(/(?:Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}+03:00`)
  if (Number.isNaN(expiresAt.getTime())) throw new Error(`not a date: ${text}`)
  return { sessionId: session.SessionId, expiresAt }
}

/** One hand-written `fetch` call. */
export const fetchCall = (baseUrl: string) => {
  const createSession = fetchCreateSession(baseUrl)
  return () => createSession(wire)
}

/** One raw undici call, on a keep-alive agent: no timeout, no checks (information only). */
export const undiciCall = (baseUrl: string, dispatcher: Agent) => async () => {
  const response = await undiciRequest(baseUrl + path, {
    method: "POST",
    headers,
    body: JSON.stringify(wire),
    dispatcher
  })
  return JSON.parse(await response.body.text()) as unknown
}

export { Agent }
