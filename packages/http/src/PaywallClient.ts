/**
 * The one call pipeline under every Paywall endpoint: validate the request (nothing is sent if
 * it is invalid), build it, send it with the credentials, read the answer within a size limit,
 * read the envelope, decode the `Body`, and fail with a typed error; with a timeout per attempt,
 * a deadline per call, retries of transient failures on a `Schedule`, a span, metrics and logs.
 * An endpoint is a declaration ({@link PaywallEndpoint.PaywallEndpoint}); this runs any of them.
 *
 * @since 0.2.0
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as CreateSession from "@paywall-effect/domain/CreateSession"
import * as JsonNumber from "@paywall-effect/domain/JsonNumber"
import * as PaywallApi from "@paywall-effect/domain/PaywallApi"
import * as PaywallEndpoint from "@paywall-effect/domain/PaywallEndpoint"
import * as PaywallError from "@paywall-effect/domain/PaywallError"
import * as Arr from "effect/Array"
import * as Clock from "effect/Clock"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import { flow } from "effect/Function"
import { globalValue } from "effect/GlobalValue"
import * as Layer from "effect/Layer"
import * as LogLevel from "effect/LogLevel"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { makeReader, maxKeptLength, type Read } from "./internal/answer.js"
import { type Answer, executeBounded } from "./internal/body.js"
import { type Failure, failure } from "./internal/failure.js"
import { withSafeHeaders } from "./internal/headers.js"
import { parseRetryAfter, retrySchedule } from "./internal/policy.js"
import { withoutRedirects } from "./internal/redirect.js"
import { boundText, makeScrubber, scrubPhone } from "./internal/scrub.js"
import * as PaywallConfig from "./PaywallConfig.js"
import * as PaywallCredentials from "./PaywallCredentials.js"

/**
 * A finished call as it happened: its result, and the HTTP status and JSON body of the last
 * answer where one arrived (for records and audits). It never fails.
 *
 * @example
 * ```ts
 * import type { PaywallClient } from "@paywall-effect/http"
 *
 * const statusOf = (exchange: PaywallClient.Exchange<unknown>) => exchange.status ?? "no answer"
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface Exchange<A> {
  readonly result: Either.Either<A, PaywallError.PaywallError>
  readonly status?: number | undefined
  readonly body?: unknown
}

/**
 * What the pipeline does: `call` an endpoint with a request, or run it as an `exchange`.
 *
 * @example
 * ```ts
 * import { CreateSessionRequest, PaywallApi } from "@paywall-effect/domain"
 * import type { PaywallClient } from "@paywall-effect/http"
 *
 * const start = (paywall: PaywallClient.Service) =>
 *   paywall.call(
 *     PaywallApi.createSession,
 *     new CreateSessionRequest.CreateSessionRequest({ referenceCode: "order-1", userId: "42", userPhone: "905123456710" })
 *   )
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface Service {
  /** Calls `endpoint`: its reply, or a typed error. Every answer, however malformed, ends in one of the two. */
  readonly call: <E extends PaywallEndpoint.Any>(
    endpoint: E,
    request: PaywallEndpoint.Request<E>
  ) => Effect.Effect<PaywallEndpoint.Reply<E>, PaywallError.PaywallError>
  /** Calls `endpoint` and reports what happened, success or not. */
  readonly exchange: <E extends PaywallEndpoint.Any>(
    endpoint: E,
    request: PaywallEndpoint.Request<E>
  ) => Effect.Effect<Exchange<PaywallEndpoint.Reply<E>>>
}

/**
 * The call pipeline, as a service.
 *
 * @example
 * ```ts
 * import { CreateSessionRequest, PaywallApi } from "@paywall-effect/domain"
 * import { PaywallClient } from "@paywall-effect/http"
 * import { Effect } from "effect"
 *
 * const session = Effect.flatMap(PaywallClient.PaywallClient, (paywall) =>
 *   paywall.call(
 *     PaywallApi.createSession,
 *     new CreateSessionRequest.CreateSessionRequest({ referenceCode: "order-1", userId: "42", userPhone: "905123456710" })
 *   ))
 * ```
 *
 * @since 0.2.0
 * @category tags
 */
export class PaywallClient extends Context.Tag("@paywall-effect/http/PaywallClient")<PaywallClient, Service>() {}

/**
 * Calls by endpoint and outcome (`succeeded` or a `CreateSession` code such as `TIMEOUT`),
 * tagged `endpoint` and `outcome`.
 *
 * @example
 * ```ts
 * import { PaywallClient } from "@paywall-effect/http"
 * import { Metric } from "effect"
 *
 * const refused = Metric.value(PaywallClient.callsTotal.pipe(
 *   Metric.tagged("endpoint", "createSession"),
 *   Metric.tagged("outcome", "PAYWALL_ERROR")
 * ))
 * ```
 *
 * @since 0.2.0
 * @category metrics
 */
export const callsTotal = Metric.counter("paywall_calls_total", {
  description: "Paywall calls, by endpoint and outcome",
  incremental: true
})

/**
 * Duration of whole calls (retries included), tagged `endpoint` and `outcome`.
 *
 * @example
 * ```ts
 * import { PaywallClient } from "@paywall-effect/http"
 * import { Metric } from "effect"
 *
 * const durations = Metric.value(PaywallClient.callDuration.pipe(
 *   Metric.tagged("endpoint", "createSession"),
 *   Metric.tagged("outcome", "succeeded")
 * ))
 * ```
 *
 * @since 0.2.0
 * @category metrics
 */
export const callDuration = Metric.timerWithBoundaries(
  "paywall_call_duration",
  [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000],
  "Paywall call duration, retries included"
)

/**
 * The phone numbers of the user the calls in scope are made for: scrubbed, like the phone a
 * request carries, from all a call keeps of its answers (errors, records, `exchange` bodies).
 * For services whose request names no phone but whose answer may (the card list's `AccountKey`
 * is the user's phone in Paywall's example). `MasterpassWallet` sets it for each user's calls;
 * set it yourself with {@link forUser} around `MasterpassClient` calls made for a user.
 *
 * @example
 * ```ts
 * import { PaywallClient } from "@paywall-effect/http"
 * import { FiberRef } from "effect"
 *
 * const phones = FiberRef.get(PaywallClient.currentUserPhones)
 * ```
 *
 * @since 0.5.0
 * @category references
 */
export const currentUserPhones: FiberRef.FiberRef<ReadonlyArray<string>> = globalValue(
  Symbol.for("@paywall-effect/http/PaywallClient/currentUserPhones"),
  () => FiberRef.unsafeMake<ReadonlyArray<string>>([])
)

/**
 * Runs `self` with `phone` scrubbed from what its Paywall calls keep (see {@link currentUserPhones}).
 *
 * @example
 * ```ts
 * import type { MasterpassSession } from "@paywall-effect/domain"
 * import { MasterpassClient, PaywallClient } from "@paywall-effect/http"
 * import { Effect } from "effect"
 *
 * const cards = (sessionId: MasterpassSession.SessionId) =>
 *   Effect.flatMap(MasterpassClient.MasterpassClient, (client) => client.listCards({ sessionId })).pipe(
 *     PaywallClient.forUser("905123456710")
 *   )
 * ```
 *
 * @since 0.5.0
 * @category combinators
 */
export const forUser = (phone: string) => <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.locallyWith(self, currentUserPhones, (phones) => [...phones, phone])

const appendCredentialHeaderNames = (names: ReadonlyArray<string | RegExp>): ReadonlyArray<string | RegExp> =>
  Arr.appendAll(names, PaywallApi.credentialHeaderNames)

/** The message of an underlying cause and of its own cause (Node nests the errno there). */
const describe = (cause: unknown): string => {
  if (!Predicate.isError(cause)) return "no further detail"
  const inner = Predicate.isError(cause.cause) ? ` (${cause.cause.message})` : ""
  return `${cause.message}${inner}`
}

/** Connection errors that prove the request never left this machine. */
const unsentCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"])

const neverSent = (cause: unknown): boolean => {
  for (let error = cause, depth = 0; Predicate.isError(error) && depth < 5; error = error.cause, depth++) {
    if ("code" in error && unsentCodes.has(String(error.code))) return true
  }
  return false
}

const requestFailed = (error: HttpClientError.RequestError): Failure => {
  const description = `${error.reason} error: ${describe(error.cause)}`
  // Only a failure to reach Paywall is worth another try; a request that cannot be built is not.
  return failure(
    (attempts) => new PaywallError.PaywallTransportError({ reason: "RequestFailed", description, attempts }),
    { transient: error.reason === "Transport", sent: !neverSent(error.cause) }
  )
}

const bodyFailed = (error: HttpClientError.ResponseError): Failure => {
  const description = `the body could not be read: ${describe(error.cause)}`
  const status = error.response.status
  return failure(
    (attempts) => new PaywallError.PaywallTransportError({ reason: "BodyFailed", description, status, attempts }),
    { transient: true }
  )
}

const timedOut = (description: string, transient: boolean): Failure =>
  failure(
    (attempts) => new PaywallError.PaywallTransportError({ reason: "Timeout", description, attempts }),
    { transient }
  )

/**
 * The error of a call that must not be sent twice, marked `outcomeUnknown` when the request may
 * have reached Paywall and no answer says what became of it (it was not retried).
 */
const withOutcome = (
  endpoint: PaywallEndpoint.Any,
  failed: Failure,
  error: PaywallError.PaywallError
): PaywallError.PaywallError => {
  if (endpoint.idempotent || !failed.sent) return error
  switch (error._tag) {
    case "PaywallTransportError":
      return new PaywallError.PaywallTransportError({
        reason: error.reason,
        description: error.description,
        ...(error.status === undefined ? {} : { status: error.status }),
        attempts: error.attempts,
        outcomeUnknown: true
      })
    case "PaywallHttpError":
      // An HTTP error page may come from a proxy in front of Paywall: a retryable one proves nothing.
      return failed.transient
        ? new PaywallError.PaywallHttpError({
          status: error.status,
          ...(error.bodyExcerpt === undefined ? {} : { bodyExcerpt: error.bodyExcerpt }),
          attempts: error.attempts,
          outcomeUnknown: true
        })
        : error
    default:
      return error
  }
}

/** What a client prepares once per endpoint, on the endpoint's first call. */
interface Prepared {
  readonly endpoint: PaywallEndpoint.Any
  /** Sends to the endpoint's API with its key pair; `Left` when that pair is not configured (nothing is sent). */
  readonly send: Either.Either<Send, PaywallError.PaywallRequestError>
  readonly read: (status: number, text: string, scrub: (text: string) => string, location?: string) => Read<unknown>
  readonly retried: (failure: Failure) => boolean
  readonly spanName: string
  readonly metrics: (outcome: string) => { readonly calls: typeof callsTotal; readonly duration: typeof callDuration }
}

/** Sends a request and reads its answer within the size limit. */
type Send = (
  request: HttpClientRequest.HttpClientRequest
) => Effect.Effect<Answer, HttpClientError.HttpClientError>

/**
 * The HTTP request of an encoded request: the endpoint's header keys as headers, the rest as the
 * JSON body, whose `JsonNumber`s (decimal amounts) are written digit for digit, never as floats.
 */
const buildRequest = (endpoint: PaywallEndpoint.Any, encoded: Record<string, unknown>) => {
  const headerKeys: ReadonlyArray<string> = endpoint.headers ?? []
  let request = HttpClientRequest.make(endpoint.method)(endpoint.path)
  const body: Record<string, unknown> = {}
  for (const key of Object.keys(encoded)) {
    if (headerKeys.includes(key)) request = HttpClientRequest.setHeader(request, key, String(encoded[key]))
    else body[key] = encoded[key]
  }
  return endpoint.method === "GET" && Object.keys(body).length === 0
    ? request
    : HttpClientRequest.bodyText(request, JsonNumber.stringify(body), "application/json")
}

/**
 * Builds the pipeline from the `HttpClient`, credentials and settings in context. What is the
 * same for every call (headers, the base URL, the expiry zone) is prepared here, and what is the
 * same for every call of one endpoint (its decoders, span name, tagged metrics) on its first call.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { PaywallClient, PaywallConfig, PaywallCredentials } from "@paywall-effect/http"
 * import { Effect } from "effect"
 *
 * const paywall = PaywallClient.make.pipe(
 *   Effect.provide([PaywallCredentials.layerConfig(), PaywallConfig.layerConfig(), FetchHttpClient.layer])
 * )
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const make: Effect.Effect<
  Service,
  never,
  HttpClient.HttpClient | PaywallCredentials.PaywallCredentials | PaywallConfig.PaywallConfig
> = Effect.gen(function*() {
  const credentials = yield* PaywallCredentials.PaywallCredentials
  const settings = yield* PaywallConfig.PaywallConfig
  const pairs: Record<PaywallEndpoint.KeyPair, Option.Option<readonly [Redacted.Redacted, Redacted.Redacted]>> = {
    private: Option.some([credentials.apiKeyPrivate, credentials.apiClientPrivate]),
    public: credentials.apiKeyPublic === undefined || credentials.apiClientPublic === undefined
      ? Option.none()
      : Option.some([credentials.apiKeyPublic, credentials.apiClientPublic])
  }
  const baseUrls: Record<PaywallEndpoint.Api, string> = { payment: settings.baseUrl, private: settings.privateBaseUrl }
  // Text kept from an answer is scrubbed of the secrets in any form a server may echo them in.
  const scrubSecrets = makeScrubber({
    secrets: Object.values(pairs).flatMap((pair) => Option.toArray(pair).flat()).map(Redacted.value)
  })
  // No redirect is followed, whatever the HttpClient: it would carry the credentials elsewhere.
  const http = withoutRedirects(yield* HttpClient.HttpClient)
  /** One sender per API and key pair, made when an endpoint first needs it; `None` when the pair is not configured. */
  const senders = new Map<string, Option.Option<Send>>()
  const senderOf = (endpoint: PaywallEndpoint.Any): Either.Either<Send, PaywallError.PaywallRequestError> => {
    const api = endpoint.api ?? "payment"
    const pair = endpoint.credentials ?? "private"
    let sender = senders.get(`${api} ${pair}`)
    if (sender === undefined) {
      const headers = PaywallApi.credentialHeaders[pair]
      sender = Option.map(pairs[pair], ([apiKey, apiClient]) =>
        executeBounded(
          http.pipe(HttpClient.mapRequest(flow(
            HttpClientRequest.prependUrl(baseUrls[api]),
            HttpClientRequest.setHeaders({
              [headers.apiKey]: Redacted.value(apiKey),
              [headers.apiClient]: Redacted.value(apiClient)
            }),
            HttpClientRequest.acceptJson
          ))),
          settings.maxResponseBytes
        ))
      senders.set(`${api} ${pair}`, sender)
    }
    // Only the public pair is optional.
    return Either.fromOption(sender, () =>
      new PaywallError.PaywallRequestError({
        endpoint: endpoint.name,
        fields: ["apiKeyPublic", "apiClientPublic"],
        reason: "the public key pair is not configured"
      }))
  }
  const replyContext: PaywallEndpoint.ReplyContext = { expiryTimeZone: settings.expiryTimeZone }
  const attemptMillis = Duration.toMillis(settings.attemptTimeout)
  const deadlineMillis = Duration.toMillis(settings.deadline)
  const attemptTimedOut = timedOut(
    `no complete answer within the attempt timeout of ${Duration.format(settings.attemptTimeout)}`,
    true
  )
  const deadlinePassed = timedOut(
    `no complete answer within the deadline of ${Duration.format(settings.deadline)}`,
    false
  )
  const tooLarge = (status: number): Failure =>
    failure((attempts) =>
      new PaywallError.PaywallDecodeError({
        status,
        issue: `the body exceeds the limit of ${settings.maxResponseBytes} bytes`,
        attempts
      }), { transient: false })

  const preparedByEndpoint = new WeakMap<PaywallEndpoint.Any, Prepared>()
  const prepare = (endpoint: PaywallEndpoint.Any): Prepared => {
    const known = preparedByEndpoint.get(endpoint)
    if (known !== undefined) return known
    const tagged = new Map<string, ReturnType<Prepared["metrics"]>>()
    const prepared: Prepared = {
      endpoint,
      send: senderOf(endpoint),
      read: makeReader(Schema.decodeUnknownEither(endpoint.reply(replyContext)), endpoint.failure),
      // A call that must not be sent twice is retried only when it surely never left.
      retried: (failure) => failure.transient && (endpoint.idempotent || !failure.sent),
      spanName: `Paywall.${endpoint.name}`,
      metrics: (outcome) => {
        let metrics = tagged.get(outcome)
        if (metrics === undefined) {
          metrics = {
            calls: callsTotal.pipe(Metric.tagged("endpoint", endpoint.name), Metric.tagged("outcome", outcome)),
            duration: callDuration.pipe(Metric.tagged("endpoint", endpoint.name), Metric.tagged("outcome", outcome))
          }
          tagged.set(outcome, metrics)
        }
        return metrics
      }
    }
    preparedByEndpoint.set(endpoint, prepared)
    return prepared
  }

  /**
   * The scrubber of one call: the secrets, the phone numbers the request carries and those of
   * the user it is made for (in any format a server may echo them in); what it keeps is bounded.
   */
  const scrubberOf = (
    endpoint: PaywallEndpoint.Any,
    encoded: Record<string, unknown>,
    userPhones: ReadonlyArray<string>
  ) => {
    const phones = [
      ...(endpoint.phones?.(encoded) ?? []).filter((phone): phone is string => phone !== undefined),
      ...userPhones
    ]
    return (text: string) => boundText(phones.reduce(scrubPhone, scrubSecrets(text)), maxKeptLength)
  }

  /** What the last answer of a call was, for its exchange (its JSON made only if asked for). */
  interface Seen {
    status?: number | undefined
    json?: (() => unknown) | undefined
  }

  /** A finished call before its JSON is made: `call` never asks for it, `exchange` does. */
  interface Ran {
    readonly result: Either.Either<unknown, PaywallError.PaywallError>
    readonly status?: number | undefined
    readonly json?: (() => unknown) | undefined
    readonly attempts: number
  }

  /** An answer (read within `maxResponseBytes`) classified; a transient failure keeps its `Retry-After`. */
  const answer = (prepared: Prepared, { body, response }: Answer, scrub: (text: string) => string, seen: Seen) => {
    seen.status = response.status
    if (Either.isLeft(body)) return Effect.fail(tooLarge(response.status))
    const read = prepared.read(response.status, body.right, scrub, response.headers["location"])
    seen.json = read.json
    if (Either.isRight(read.result)) return Effect.succeed(read.result.right)
    const failed = read.result.left
    if (!failed.transient) return Effect.fail(failed)
    return Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.fail({
        ...failed,
        retryAfter: Option.getOrUndefined(parseRetryAfter(response.headers["retry-after"], now))
      }))
  }

  /**
   * One attempt: send, read and classify, within the attempt timeout or what is left of the
   * deadline, whichever ends first (one timer, not two).
   */
  const attempt = (
    prepared: Prepared,
    send: Send,
    request: HttpClientRequest.HttpClientRequest,
    scrub: (text: string) => string,
    deadlineAt: number,
    seen: Seen
  ): Effect.Effect<unknown, Failure> =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const left = deadlineAt - now
      seen.status = undefined
      seen.json = undefined
      // Nothing is sent once the deadline has passed: this attempt surely never left.
      if (left <= 0) return Effect.fail({ ...deadlinePassed, sent: false })
      return send(request).pipe(
        Effect.flatMap((received) => answer(prepared, received, scrub, seen)),
        Effect.catchTags({
          RequestError: (error) => Effect.fail(requestFailed(error)),
          ResponseError: (error) => Effect.fail(bodyFailed(error))
        }),
        Effect.timeoutFail({
          duration: Math.min(left, attemptMillis),
          onTimeout: () => left < attemptMillis ? deadlinePassed : attemptTimedOut
        })
      )
    })

  /**
   * A whole call: validate, build once (a retry sends the very same request), attempt, and retry
   * what is transient. The retry schedule is only set up once an attempt failed: it starts from
   * that failure (its backoff or `Retry-After`), then makes the next attempts.
   */
  const run = (prepared: Prepared, request: unknown, debug: boolean) =>
    FiberRef.getWith(currentUserPhones, (userPhones): Effect.Effect<Ran> => {
      const encoded = PaywallEndpoint.validate(prepared.endpoint, request)
      if (Either.isLeft(encoded)) return Effect.succeed({ result: encoded, attempts: 0 })
      const send = prepared.send
      if (Either.isLeft(send)) return Effect.succeed({ result: send, attempts: 0 })
      const httpRequest = buildRequest(prepared.endpoint, encoded.right)
      const scrub = scrubberOf(prepared.endpoint, encoded.right, userPhones)
      const seen: Seen = {}
      let attempts = 0
      return Effect.flatMap(Clock.currentTimeMillis, (start) => {
        const deadlineAt = start + deadlineMillis
        const once = Effect.suspend(() => {
          attempts++
          const sent = attempt(prepared, send.right, httpRequest, scrub, deadlineAt, seen)
          return debug
            ? Effect.zipRight(
              Effect.logDebug("Paywall attempt").pipe(
                Effect.annotateLogs({ endpoint: prepared.endpoint.name, attempt: attempts })
              ),
              sent
            )
            : sent
        })
        const retried = (first: Failure) => {
          let pending: Failure | undefined = first
          const next = Effect.suspend(() => {
            if (pending === undefined) return once
            const failed = pending
            pending = undefined
            return Effect.fail(failed)
          })
          return Effect.retry(next, { schedule: retrySchedule(settings, deadlineAt), while: prepared.retried })
        }
        return once.pipe(
          Effect.catchAll((failed) => prepared.retried(failed) ? retried(failed) : Effect.fail(failed)),
          Effect.mapError((failed) => withOutcome(prepared.endpoint, failed, failed.error(attempts))),
          Effect.either,
          Effect.map((result): Ran => ({ result, status: seen.status, json: seen.json, attempts })),
          // One setting for the call's spans: credentials and any echoed header values redacted.
          withSafeHeaders
        )
      })
    })

  /** The call with its span, metrics and a debug log of its outcome; debug logs are only built when shown. */
  const observed = (prepared: Prepared, request: unknown) =>
    FiberRef.getWith(FiberRef.currentMinimumLogLevel, (level) => {
      const debug = LogLevel.lessThanEqual(level, LogLevel.Debug)
      return run(prepared, request, debug).pipe(
        Effect.timed,
        Effect.tap(([elapsed, exchange]) => {
          const outcome = Either.isRight(exchange.result) ? "succeeded" : CreateSession.codeOf(exchange.result.left)
          const metrics = prepared.metrics(outcome)
          const error = Either.getLeft(exchange.result)
          return Effect.all([
            Metric.increment(metrics.calls),
            Metric.update(metrics.duration, elapsed),
            Effect.annotateCurrentSpan({
              "paywall.outcome": outcome,
              "paywall.attempts": exchange.attempts,
              ...(exchange.status === undefined ? {} : { "http.response.status_code": exchange.status }),
              ...(Option.isSome(error) && error.value._tag === "PaywallEnvelopeError"
                ? { "paywall.error_code": error.value.errorCode }
                : {}),
              ...(Option.isSome(error) && error.value._tag === "PaywallMasterpassError"
                ? {
                  "paywall.error_code": error.value.errorCode,
                  "paywall.masterpass_code": error.value.exceptionCode ?? error.value.responseCode ?? "unknown"
                }
                : {})
            }),
            debug
              ? Effect.logDebug("Paywall call").pipe(
                Effect.annotateLogs({ endpoint: prepared.endpoint.name, outcome, status: exchange.status ?? "none" })
              )
              : Effect.void
          ], { discard: true })
        }),
        Effect.map(([, exchange]) => exchange),
        Effect.withSpan(prepared.spanName, { kind: "client", captureStackTrace: false })
      )
    })

  // The reply was decoded by the endpoint's own schema, so it has the endpoint's Reply type.
  const typed = <E extends PaywallEndpoint.Any>(ran: Effect.Effect<Ran>) =>
    ran as Effect.Effect<Ran & { readonly result: Either.Either<PaywallEndpoint.Reply<E>, PaywallError.PaywallError> }>

  return PaywallClient.of({
    exchange: (endpoint, request) =>
      Effect.map(typed<typeof endpoint>(observed(prepare(endpoint), request)), (ran) => ({
        result: ran.result,
        status: ran.status,
        body: ran.json?.()
      })),
    call: (endpoint, request) =>
      Effect.flatMap(typed<typeof endpoint>(observed(prepare(endpoint), request)), (ran) => ran.result)
  })
})

/**
 * The pipeline as a layer, needing an `HttpClient`, credentials and settings. It also adds the
 * credential header names to the platform's redacted ones, so traces and logs anywhere in the
 * app show them redacted.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { PaywallClient, PaywallConfig, PaywallCredentials } from "@paywall-effect/http"
 * import { Layer } from "effect"
 *
 * const PaywallLive = PaywallClient.layer.pipe(
 *   Layer.provide([PaywallCredentials.layerConfig(), PaywallConfig.layerConfig(), FetchHttpClient.layer])
 * )
 * ```
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<
  PaywallClient,
  never,
  HttpClient.HttpClient | PaywallCredentials.PaywallCredentials | PaywallConfig.PaywallConfig
> = Layer.merge(
  Layer.effect(PaywallClient, make),
  Layer.fiberRefLocallyScopedWith(Headers.currentRedactedNames, appendCredentialHeaderNames)
)

/**
 * The pipeline with its credentials and settings read from the `PAYWALL_*` environment
 * variables; only the `HttpClient` is left to provide.
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { PaywallClient } from "@paywall-effect/http"
 * import { Layer } from "effect"
 *
 * const PaywallLive = PaywallClient.layerConfig.pipe(Layer.provide(NodeHttpClient.layerUndici))
 * ```
 *
 * @since 0.2.0
 * @category layers
 */
export const layerConfig: Layer.Layer<PaywallClient, ConfigError.ConfigError, HttpClient.HttpClient> = layer.pipe(
  Layer.provide([PaywallCredentials.layerConfig(), PaywallConfig.layerConfig()])
)
