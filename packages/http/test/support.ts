import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { MasterpassSession, PaywallEnvelope } from "@paywall-effect/domain"
import { MasterpassClient, PaywallConfig, PaywallCredentials } from "@paywall-effect/http"
import type { ConfigError, Context } from "effect"
import { Clock, ConfigProvider, Effect, Layer, Redacted, Schema } from "effect"
import { docsSuccess as docsFixture } from "../../../test/fixtures/docs.js"

/** Credentials of the tests: long enough that no text contains them by chance. */
export const testCredentials: PaywallCredentials.Credentials = {
  apiKeyPrivate: Redacted.make("test-api-key-private-0001"),
  apiClientPrivate: Redacted.make("test-api-client-private-0002")
}

/** The docs' success answer, from the repository's one copy of it, checked against the wire schema. */
export const docsSuccess = Schema.decodeUnknownSync(
  Schema.encodedSchema(PaywallEnvelope.PaywallEnvelope(MasterpassSession.SessionBody))
)(docsFixture)

/** What a fake server answers: a web `Response`, or a platform error for "no response". */
export type Answer = Response | HttpClientError.HttpClientError

/**
 * An in-memory `HttpClient` that records every request and answers with `answer`, and the
 * `MasterpassClient` layer over it.
 */
export const fakePaywall = (
  answer: (request: HttpClientRequest.HttpClientRequest, attempt: number) => Answer | Effect.Effect<Answer>,
  options?: { readonly credentials?: PaywallCredentials.Credentials; readonly config?: PaywallConfig.Options }
) => {
  const sent: Array<HttpClientRequest.HttpClientRequest> = []
  /** When each request arrived, by the (test) clock. */
  const times: Array<number> = []
  const client = HttpClient.make((request) =>
    Effect.gen(function*() {
      sent.push(request)
      times.push(yield* Clock.currentTimeMillis)
      const result = answer(request, sent.length)
      const resolved = Effect.isEffect(result) ? yield* result : result
      return resolved instanceof Response
        ? HttpClientResponse.fromWeb(request, resolved)
        : yield* Effect.fail(resolved)
    })
  )
  const dependencies = Layer.mergeAll(
    PaywallCredentials.layer(options?.credentials ?? testCredentials),
    // Unit tests see one attempt unless they ask for retries.
    PaywallConfig.layer({ maxRetries: 0, ...options?.config }),
    Layer.succeed(HttpClient.HttpClient, client)
  ).pipe(Layer.orDie)
  const layer = MasterpassClient.layer.pipe(Layer.provide(dependencies))
  return { sent, times, layer, dependencies }
}

/** A JSON response. */
export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })

/** The text of a request body sent as bytes (what the pipeline writes). */
export const bodyText = (request: HttpClientRequest.HttpClientRequest): string =>
  request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : `<${request.body._tag}>`

/** Builds `layer` with `env` as the only configuration, and returns the service `tag` it provides. */
export const buildWithEnv = <I, S>(
  tag: Context.Tag<I, S>,
  layer: Layer.Layer<I, ConfigError.ConfigError>,
  env: Record<string, string> = {}
) =>
  Effect.provide(tag, layer).pipe(
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
  )
