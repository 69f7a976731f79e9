/**
 * The Masterpass client: Create Session over any `HttpClient`, with a typed failure channel.
 *
 * @since 0.1.0
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import {
  CreateSession,
  CreateSessionRequest,
  type MasterpassSession,
  PaywallError,
  Phone
} from "@paywall-effect/domain"
import * as Arr from "effect/Array"
import * as Clock from "effect/Clock"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import { flow } from "effect/Function"
import * as Layer from "effect/Layer"
import * as LogLevel from "effect/LogLevel"
import * as Metric from "effect/Metric"
import type * as MetricLabel from "effect/MetricLabel"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import type * as Tracer from "effect/Tracer"
import { makeReader, type Outcome, tooLarge } from "./internal/answer.js"
import { type Answer, executeBounded } from "./internal/body.js"
import { withSafeHeaders } from "./internal/headers.js"
import { parseRetryAfter, retrySchedule } from "./internal/policy.js"
import { describeRedirect, isRedirect, withoutRedirects } from "./internal/redirect.js"
import { makeScrubber } from "./internal/scrub.js"
import { timeoutTo } from "./internal/timeout.js"
import * as PaywallConfig from "./PaywallConfig.js"
import * as PaywallCredentials from "./PaywallCredentials.js"

/**
 * The path of Create Session, below the base URL.
 *
 * @example
 * ```ts
 * import { MasterpassClient } from "@paywall-effect/http"
 *
 * MasterpassClient.sessionPath // "/api/paywall/masterpass/session"
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const sessionPath = "/api/paywall/masterpass/session"

/**
 * The headers that carry the credentials. They are added to the platform's redacted header
 * names for every call, so traces and logs of the request show them redacted.
 *
 * @example
 * ```ts
 * import { MasterpassClient } from "@paywall-effect/http"
 *
 * Object.values(MasterpassClient.credentialHeaders) // ["apikeyprivate", "apiclientprivate"]
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const credentialHeaders = { apiKeyPrivate: "apikeyprivate", apiClientPrivate: "apiclientprivate" } as const

/**
 * What the Masterpass client does.
 *
 * @example
 * ```ts
 * import { CreateSessionRequest } from "@paywall-effect/domain"
 * import type { MasterpassClient } from "@paywall-effect/http"
 *
 * const start = (client: MasterpassClient.Service) =>
 *   client.createSessionRecord(
 *     new CreateSessionRequest.CreateSessionRequest({ referenceCode: "order-1", userId: "42", userPhone: "905123456710" })
 *   )
 * ```
 *
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
 * The Masterpass client service.
 *
 * @example
 * ```ts
 * import { CreateSessionRequest } from "@paywall-effect/domain"
 * import { MasterpassClient } from "@paywall-effect/http"
 * import { Effect } from "effect"
 *
 * const session = Effect.flatMap(MasterpassClient.MasterpassClient, (client) =>
 *   client.createSession(
 *     new CreateSessionRequest.CreateSessionRequest({ referenceCode: "order-1", userId: "42", userPhone: "905123456710" })
 *   ))
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class MasterpassClient extends Context.Tag("@paywall-effect/http/MasterpassClient")<
  MasterpassClient,
  Service
>() {}

const credentialHeaderNames = Object.values(credentialHeaders)
const appendCredentialHeaderNames = (names: ReadonlyArray<string | RegExp>): ReadonlyArray<string | RegExp> =>
  Arr.appendAll(names, credentialHeaderNames)

/**
 * Runs `effect` with the credential header names among the redacted ones. The layer sets them
 * for the whole app once; this checks, and only sets them per call when the client was built
 * without the layer (a per-call `locallyWith` is a measurable share of a call).
 */
const withRedactedHeaders = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  FiberRef.getWith(Headers.currentRedactedNames, (names) =>
    credentialHeaderNames.every((name) => names.includes(name))
      ? effect
      : Effect.locallyWith(effect, Headers.currentRedactedNames, appendCredentialHeaderNames))

/** The message of an underlying cause and of its own cause (Node nests the errno there). */
const describe = (cause: unknown): string => {
  if (!Predicate.isError(cause)) return "no further detail"
  const inner = Predicate.isError(cause.cause) ? ` (${cause.cause.message})` : ""
  return `${cause.message}${inner}`
}

const transport = (
  reason: PaywallError.PaywallTransportError["reason"],
  description: string,
  options: { readonly status?: number; readonly transient: boolean }
): Outcome => ({
  ...(options.status === undefined ? {} : { status: options.status }),
  transient: options.transient,
  result: Either.left(
    new PaywallError.PaywallTransportError({
      reason,
      description,
      ...(options.status === undefined ? {} : { status: options.status })
    })
  )
})

const requestFailed = (error: HttpClientError.RequestError): Outcome =>
  // Only a failure to reach Paywall is worth another try; a request that cannot be built is not.
  transport("RequestFailed", `${error.reason} error: ${describe(error.cause)}`, {
    transient: error.reason === "Transport"
  })

const redirected = (status: number, location: string | undefined): Outcome =>
  transport("HttpStatus", describeRedirect(status, location), { status, transient: false })

const bodyFailed = (error: HttpClientError.ResponseError): Outcome =>
  transport("BodyFailed", `the body could not be read: ${describe(error.cause)}`, {
    status: error.response.status,
    transient: true
  })

/** The outcome as a label: `succeeded`, or the record's generic code. */
const outcomeLabel = (outcome: Outcome): string =>
  Either.isRight(outcome.result) ? "succeeded" : CreateSession.codeOf(outcome.result.left)

const toRecord = (outcome: Outcome): CreateSession.CreateSession =>
  CreateSession.fromResult(outcome.result, { statusCode: outcome.status, responseBody: outcome.json })

/**
 * Calls by outcome (`succeeded` or a `CreateSession` code), tagged `outcome`.
 *
 * @example
 * ```ts
 * import { MasterpassClient } from "@paywall-effect/http"
 * import { Metric } from "effect"
 *
 * const refused = Metric.value(Metric.tagged(MasterpassClient.callsTotal, "outcome", "PAYWALL_ERROR"))
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const callsTotal = Metric.counter("paywall_create_session_total", {
  description: "Masterpass Create Session calls, by outcome",
  incremental: true
})

/**
 * Duration of whole calls (retries included), tagged `outcome`.
 *
 * @example
 * ```ts
 * import { MasterpassClient } from "@paywall-effect/http"
 * import { Metric } from "effect"
 *
 * const durations = Metric.value(Metric.tagged(MasterpassClient.callDuration, "outcome", "succeeded"))
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const callDuration = Metric.timerWithBoundaries(
  "paywall_create_session_duration",
  [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000],
  "Masterpass Create Session call duration, retries included"
)

/** The tagged metrics of each outcome, made once: tagging hashes the tags, which is not free. */
const taggedMetrics = new Map<string, { readonly calls: typeof callsTotal; readonly duration: typeof callDuration }>()
const metricsOf = (outcome: string) => {
  let metrics = taggedMetrics.get(outcome)
  if (metrics === undefined) {
    metrics = {
      calls: Metric.tagged(callsTotal, "outcome", outcome),
      duration: Metric.tagged(callDuration, "outcome", outcome)
    }
    taggedMetrics.set(outcome, metrics)
  }
  return metrics
}

/**
 * Builds the client from the `HttpClient`, credentials and settings in context. Everything
 * per-client (headers, decoders, the expiry zone, the retry schedule) is prepared here once.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { MasterpassClient, PaywallConfig, PaywallCredentials } from "@paywall-effect/http"
 * import { Effect } from "effect"
 *
 * const client = MasterpassClient.make.pipe(
 *   Effect.provide([PaywallCredentials.layerConfig(), PaywallConfig.layerConfig(), FetchHttpClient.layer])
 * )
 * ```
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
  // Text kept from answers is scrubbed of the secrets, in any echoed form (issue 12).
  const scrub = makeScrubber({
    secrets: [credentials.apiKeyPrivate, credentials.apiClientPrivate].map(Redacted.value)
  })
  const client = withoutRedirects(yield* HttpClient.HttpClient).pipe(
    HttpClient.mapRequest(flow(
      HttpClientRequest.prependUrl(config.baseUrl),
      HttpClientRequest.setHeaders({
        [credentialHeaders.apiKeyPrivate]: Redacted.value(credentials.apiKeyPrivate),
        [credentialHeaders.apiClientPrivate]: Redacted.value(credentials.apiClientPrivate)
      }),
      HttpClientRequest.acceptJson
    ))
  )
  const read = makeReader(config.expiryTimeZone, scrub)
  const send = executeBounded(client, config.maxResponseBytes)
  const schedule = retrySchedule<Outcome>(config.retry)
  const attemptTimedOut = transport(
    "Timeout",
    `no complete answer within the attempt timeout of ${Duration.format(config.attemptTimeout)}`,
    { transient: true }
  )
  const deadlinePassed = transport(
    "Timeout",
    `no complete answer within the deadline of ${Duration.format(config.deadline)}`,
    { transient: false }
  )

  const attemptMillis = Duration.toMillis(config.attemptTimeout)
  const deadlineMillis = Duration.toMillis(config.deadline)

  /** An answer read (at most `maxResponseBytes`) and classified; a transient one keeps its `Retry-After`. */
  const answer = ({ body: text, response }: Answer, phone: string) => {
    // A redirect is never followed (it would carry the credentials away) nor retried.
    if (isRedirect(response.status)) return Effect.succeed(redirected(response.status, response.headers.location))
    if (Either.isLeft(text)) return Effect.succeed(tooLarge(response.status, config.maxResponseBytes))
    const outcome = read(response.status, text.right, phone)
    if (!outcome.transient) return Effect.succeed(outcome)
    return Effect.map(Clock.currentTimeMillis, (now): Outcome => ({
      ...outcome,
      retryAfter: Option.getOrUndefined(parseRetryAfter(response.headers["retry-after"], now))
    }))
  }

  /**
   * One attempt: send, read and classify, within the attempt timeout or what is left of the
   * deadline, whichever ends first (one timer, not two).
   */
  const attempt = (
    request: HttpClientRequest.HttpClientRequest,
    phone: string,
    left: number
  ): Effect.Effect<Outcome> => {
    if (left <= 0) return Effect.succeed(deadlinePassed)
    const timedOut = left < attemptMillis ? deadlinePassed : attemptTimedOut
    return timeoutTo(
      Effect.flatMap(send(request), (received) => answer(received, phone)).pipe(Effect.catchTags({
        RequestError: (error) => Effect.succeed(requestFailed(error)),
        ResponseError: (error) => Effect.succeed(bodyFailed(error))
      })),
      Math.min(left, attemptMillis),
      () => timedOut
    )
  }

  /**
   * Retries while the outcome is transient and the schedule goes on, each delay cut to what is
   * left of the deadline (an attempt after it ends the call with the deadline's Timeout).
   */
  const retryTransient = (first: Outcome, once: Effect.Effect<Outcome>, deadlineAt: number) =>
    Effect.gen(function*() {
      const driver = yield* Schedule.driver(schedule.pipe(
        Schedule.modifyDelayEffect((_, delay) =>
          Effect.map(Clock.currentTimeMillis, (now) =>
            Duration.min(delay, Duration.millis(Math.max(0, deadlineAt - now))))
        )
      ))
      let outcome = first
      while (outcome.transient === true && Option.isSome(yield* Effect.option(driver.next(outcome)))) {
        outcome = yield* once
      }
      return outcome
    })

  /** An attempt between its two debug logs (only built when debug logging is on). */
  const logged = (
    request: CreateSessionRequest.CreateSessionRequest,
    attempt: number,
    sent: Effect.Effect<Outcome>
  ) => {
    const annotations = {
      attempt,
      referenceCode: request.referenceCode,
      userPhone: Phone.maskPhone(request.userPhone)
    }
    return Effect.logDebug("Paywall Create Session attempt").pipe(
      Effect.zipRight(sent),
      Effect.tap((outcome) =>
        Effect.logDebug("Paywall Create Session answer").pipe(
          Effect.annotateLogs({ outcome: outcomeLabel(outcome), status: outcome.status ?? "none" })
        )
      ),
      Effect.annotateLogs(annotations)
    )
  }

  /**
   * A whole call once the request is valid: attempt; a transient failure is retried on the
   * schedule while the deadline allows. The retry machinery is only set up once something failed.
   */
  const exchange = (
    request: CreateSessionRequest.CreateSessionRequest,
    encoded: CreateSessionRequest.Encoded,
    clock: Clock.Clock,
    debug: boolean
  ): Effect.Effect<Outcome> => {
    // Built once: a retry sends the very same request.
    const httpRequest = HttpClientRequest.bodyUnsafeJson(HttpClientRequest.post(sessionPath), encoded)
    const deadlineAt = clock.unsafeCurrentTimeMillis() + deadlineMillis
    let attempts = 0
    const once = Effect.suspend(() => {
      attempts++
      const sent = attempt(httpRequest, request.userPhone, deadlineAt - clock.unsafeCurrentTimeMillis())
      return debug ? logged(request, attempts, sent) : sent
    })
    return once.pipe(
      Effect.flatMap((first) =>
        first.transient === true ? retryTransient(first, once, deadlineAt) : Effect.succeed(first)
      ),
      Effect.map((outcome): Outcome =>
        Either.isLeft(outcome.result) && outcome.result.left._tag !== "ParseError"
          ? { ...outcome, attempts, result: Either.left(PaywallError.setAttempts(outcome.result.left, attempts)) }
          : { ...outcome, attempts }
      ),
      withRedactedHeaders,
      withSafeHeaders
    )
  }

  /** Counts and times the call, and puts its outcome on its span. */
  const record = (
    span: Tracer.Span,
    labels: ReadonlyArray<MetricLabel.MetricLabel>,
    elapsed: Duration.Duration,
    outcome: Outcome
  ) => {
    const label = outcomeLabel(outcome)
    const metrics = metricsOf(label)
    metrics.calls.unsafeUpdate(1, labels)
    metrics.duration.unsafeUpdate(elapsed, labels)
    span.attribute("paywall.outcome", label)
    span.attribute("paywall.attempts", outcome.attempts ?? 0)
    const error = Either.isLeft(outcome.result) ? outcome.result.left : undefined
    if (error?._tag === "PaywallEnvelopeError") span.attribute("paywall.error_code", error.errorCode)
    if (outcome.status !== undefined) span.attribute("http.response.status_code", outcome.status)
  }

  /**
   * The call with its span, metrics and logs; the span is named after `createSession` for both
   * methods. What the fiber holds (clock, log level, metric labels) is read once, not per step.
   */
  const observed = (request: CreateSessionRequest.CreateSessionRequest): Effect.Effect<Outcome> =>
    Effect.useSpan("MasterpassClient.createSession", {
      attributes: { "paywall.reference_code": request.referenceCode },
      // A stack trace per call costs more than the rest of the span; the name says where it is from.
      captureStackTrace: false
    }, (span) =>
      Effect.withFiberRuntime<Outcome>((fiber) => {
        const clock = Context.get(fiber.getFiberRef(DefaultServices.currentServices), Clock.Clock)
        const labels = fiber.getFiberRef(FiberRef.currentMetricLabels)
        const started = clock.unsafeCurrentTimeNanos()
        const encoded = CreateSessionRequest.encode(request)
        const outcome = Either.isLeft(encoded)
          ? Effect.succeed<Outcome>({ result: Either.left(encoded.left), attempts: 0 })
          : exchange(
            request,
            encoded.right,
            clock,
            LogLevel.lessThanEqual(fiber.getFiberRef(FiberRef.currentMinimumLogLevel), LogLevel.Debug)
          ).pipe(Effect.withParentSpan(span))
        return Effect.tap(outcome, (outcome) =>
          Effect.sync(() =>
            record(span, labels, Duration.nanos(clock.unsafeCurrentTimeNanos() - started), outcome)
          ))
      }))

  return MasterpassClient.of({
    createSession: (request) => Effect.flatMap(observed(request), (outcome) => outcome.result),
    createSessionRecord: (request) => Effect.map(observed(request), toRecord)
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
> = Layer.merge(
  Layer.effect(MasterpassClient, make),
  // Registered once for the app, so traces and logs anywhere show these headers redacted.
  Layer.fiberRefLocallyScopedWith(Headers.currentRedactedNames, appendCredentialHeaderNames)
)

/**
 * The client with its credentials and settings read from the environment
 * (`PAYWALL_API_KEY_PRIVATE`, `PAYWALL_API_CLIENT_PRIVATE`, `PAYWALL_BASE_URL`,
 * `PAYWALL_EXPIRY_TIME_ZONE`); only the `HttpClient` is left to provide.
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { MasterpassClient } from "@paywall-effect/http"
 * import { Layer } from "effect"
 *
 * const MasterpassLive = MasterpassClient.layerConfig.pipe(Layer.provide(NodeHttpClient.layerUndici))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: Layer.Layer<MasterpassClient, ConfigError.ConfigError, HttpClient.HttpClient> = layer.pipe(
  Layer.provide([PaywallCredentials.layerConfig(), PaywallConfig.layerConfig()])
)
