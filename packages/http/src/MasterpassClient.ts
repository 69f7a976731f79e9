/**
 * The Masterpass client: Create Session over any `HttpClient`, with a typed failure channel.
 *
 * @since 0.1.0
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { CreateSession, CreateSessionRequest, type MasterpassSession, PaywallError } from "@paywall-effect/domain"
import * as Arr from "effect/Array"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { flow } from "effect/Function"
import * as Layer from "effect/Layer"
import type * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { makeReader, type Outcome } from "./internal/answer.js"
import * as PaywallConfig from "./PaywallConfig.js"
import * as PaywallCredentials from "./PaywallCredentials.js"

/**
 * The path of Create Session, below the base URL.
 *
 * @since 0.1.0
 * @category constants
 */
export const sessionPath = "/api/paywall/masterpass/session"

/**
 * The headers that carry the credentials. They are added to the platform's redacted header
 * names for every call, so traces and logs of the request show them redacted.
 *
 * @since 0.1.0
 * @category constants
 */
export const credentialHeaders = { apiKeyPrivate: "apikeyprivate", apiClientPrivate: "apiclientprivate" } as const

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * Creates a Masterpass session. The request is validated first: an invalid one fails
   * with a `ParseError` naming the field, before any I/O. Every answer, however malformed,
   * ends in a session or a typed error, never a defect.
   */
  readonly createSession: (
    request: CreateSessionRequest.CreateSessionRequest
  ) => Effect.Effect<MasterpassSession.MasterpassSession, PaywallError.PaywallError | ParseResult.ParseError>

  /**
   * Creates a Masterpass session and reports it as a `CreateSession` record. It never fails:
   * a failure becomes a `failed` record with its `Code`, and the HTTP status and JSON body
   * where they arrived.
   */
  readonly createSessionRecord: (
    request: CreateSessionRequest.CreateSessionRequest
  ) => Effect.Effect<CreateSession.CreateSession>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class MasterpassClient extends Context.Tag("@paywall-effect/http/MasterpassClient")<
  MasterpassClient,
  Service
>() {}

const withRedactedHeaders = Effect.locallyWith(
  Headers.currentRedactedNames,
  Arr.appendAll(Object.values(credentialHeaders))
)

const requestFailed = (error: HttpClientError.RequestError): Outcome => ({
  result: Either.left(
    new PaywallError.PaywallTransportError({
      reason: "RequestFailed",
      description: `${error.reason} error: ${describe(error.cause)}`
    })
  )
})

const bodyFailed = (error: HttpClientError.ResponseError): Outcome => ({
  status: error.response.status,
  result: Either.left(
    new PaywallError.PaywallTransportError({
      reason: "BodyFailed",
      description: `the body could not be read: ${describe(error.cause)}`,
      status: error.response.status
    })
  )
})

/** The message of an underlying cause and of its own cause (Node nests the errno there). */
const describe = (cause: unknown): string => {
  if (!Predicate.isError(cause)) return "no further detail"
  const inner = Predicate.isError(cause.cause) ? ` (${cause.cause.message})` : ""
  return `${cause.message}${inner}`
}

const toRecord = (outcome: Outcome): CreateSession.CreateSession =>
  new CreateSession.CreateSession({
    status: Either.isRight(outcome.result) ? "succeeded" : "failed",
    ...(Either.isLeft(outcome.result) ? { code: CreateSession.codeOf(outcome.result.left) } : {}),
    ...(outcome.status === undefined ? {} : { statusCode: outcome.status }),
    ...(Predicate.isRecord(outcome.json) ? { responseBody: outcome.json } : {})
  })

/**
 * Builds the client from the `HttpClient`, credentials and settings in context. Everything
 * per-client (headers, decoders, the expiry zone) is prepared here once, not per call.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<
  Service,
  never,
  HttpClient.HttpClient | PaywallCredentials.PaywallCredentials | PaywallConfig.PaywallConfig
> = Effect.gen(function*() {
  const credentials = yield* PaywallCredentials.PaywallCredentials
  const config = yield* PaywallConfig.PaywallConfig
  // Text kept in errors is scrubbed of the secrets, raw and JSON-escaped, in case a server echoes them.
  const secrets = Arr.dedupe(
    [credentials.apiKeyPrivate, credentials.apiClientPrivate].map(Redacted.value).flatMap((secret) => [
      secret,
      JSON.stringify(secret).slice(1, -1)
    ])
  )
  const scrub = (text: string) => secrets.reduce((acc, secret) => acc.replaceAll(secret, "<redacted>"), text)
  const client = (yield* HttpClient.HttpClient).pipe(
    HttpClient.mapRequest(flow(
      HttpClientRequest.prependUrl(config.baseUrl),
      HttpClientRequest.setHeaders({
        [credentialHeaders.apiKeyPrivate]: Redacted.value(credentials.apiKeyPrivate),
        [credentialHeaders.apiClientPrivate]: Redacted.value(credentials.apiClientPrivate)
      }),
      HttpClientRequest.acceptJson
    ))
  )
  const encodeRequest = Schema.encode(CreateSessionRequest.CreateSessionRequest, { errors: "all" })
  const read = makeReader(config.expiryTimeZone, scrub)

  const exchange = (request: CreateSessionRequest.CreateSessionRequest): Effect.Effect<Outcome> =>
    encodeRequest(request).pipe(
      Effect.flatMap((body) =>
        client.execute(HttpClientRequest.bodyUnsafeJson(HttpClientRequest.post(sessionPath), body))
      ),
      Effect.flatMap((response) => Effect.map(response.text, (text) => read(response.status, text))),
      Effect.catchTags({
        ParseError: (error) => Effect.succeed<Outcome>({ result: Either.left(error) }),
        RequestError: (error) => Effect.succeed(requestFailed(error)),
        ResponseError: (error) => Effect.succeed(bodyFailed(error))
      }),
      withRedactedHeaders
    )

  return MasterpassClient.of({
    createSession: (request) =>
      exchange(request).pipe(
        Effect.flatMap((outcome) => outcome.result),
        Effect.withSpan("MasterpassClient.createSession", {
          attributes: { "paywall.reference_code": request.referenceCode }
        })
      ),
    createSessionRecord: (request) => Effect.map(exchange(request), toRecord)
  })
})

/**
 * The client as a layer, needing an `HttpClient`, credentials and settings.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { Layer } from "effect"
 * import { MasterpassClient, PaywallConfig, PaywallCredentials } from "@paywall-effect/http"
 *
 * const MasterpassLive = MasterpassClient.layer.pipe(
 *   Layer.provide([PaywallCredentials.layerConfig(), PaywallConfig.layerConfig(), FetchHttpClient.layer])
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<
  MasterpassClient,
  never,
  HttpClient.HttpClient | PaywallCredentials.PaywallCredentials | PaywallConfig.PaywallConfig
> = Layer.effect(MasterpassClient, make)

/**
 * The client with its credentials and settings read from the environment
 * (`PAYWALL_API_KEY_PRIVATE`, `PAYWALL_API_CLIENT_PRIVATE`, `PAYWALL_BASE_URL`,
 * `PAYWALL_EXPIRY_TIME_ZONE`); only the `HttpClient` is left to provide.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: Layer.Layer<MasterpassClient, ConfigError.ConfigError, HttpClient.HttpClient> = layer.pipe(
  Layer.provide([PaywallCredentials.layerConfig(), PaywallConfig.layerConfig()])
)
