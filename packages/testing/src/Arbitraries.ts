/**
 * fast-check arbitraries for everything a Paywall call can involve: every endpoint by its
 * declaration in `PaywallApi` (Create Session, the SDK temp token, the Masterpass services and the
 * Private API's: requests, replies, the answers Paywall can send with what the client must make of
 * each), built from the same schemas the real client decodes with; and the 3D callbacks Paywall
 * posts (valid and signed, tampered, unsigned), encoded with the real decoder's schema.
 *
 * @since 0.1.0
 */
import type { PaywallEndpoint, PaywallEnvelope, PrivateService, SdkToken } from "@paywall-effect/domain"
import {
  Amount,
  CreateSession,
  CreateSessionRequest,
  JsonNumber,
  MasterpassAnswer,
  MasterpassService,
  MasterpassSession,
  PaywallApi,
  PaywallError,
  ThreeDCallback
} from "@paywall-effect/domain"
import { type MasterpassWallet, type PaywallPrivateClient, ThreeDCallbackVerifier } from "@paywall-effect/http"
import * as Arbitrary from "effect/Arbitrary"
import * as BigDecimal from "effect/BigDecimal"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Struct from "effect/Struct"
import { Outcome } from "./Outcome.js"

const istanbul = DateTime.zoneUnsafeMakeNamed(PaywallApi.defaultExpiryTimeZone)
const decodeIstanbul = Schema.decodeSync(MasterpassSession.fromSessionBody(istanbul))

/**
 * Gives a drawn request a fast-check `toStringMethod`: fast-check then prints it, in a
 * counterexample, as the constructor call that makes it again, with the real phone (a test
 * report is not a log; every other printed form still masks it). The method is not enumerable,
 * so the request still equals one made by hand.
 */
const replayable = (request: CreateSessionRequest.CreateSessionRequest): CreateSessionRequest.CreateSessionRequest =>
  Object.defineProperty(request, fc.toStringMethod, {
    value: () => `new CreateSessionRequest.CreateSessionRequest(${JSON.stringify({ ...request })})`,
    enumerable: false
  })

/**
 * Valid requests: Guid reference codes, numeric user ids, Turkish mobile numbers, both flags.
 * A counterexample shows a drawn request as the constructor call that makes it again, real
 * phone included, so a failure can be replayed (`String(request)` still masks the phone).
 *
 * @example
 * ```ts
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * FastCheck.sample(Arbitraries.request, 3)
 * FastCheck.stringify(FastCheck.sample(Arbitraries.request, 1)[0])
 * // new CreateSessionRequest.CreateSessionRequest({"referenceCode":"…","userId":"…","userPhone":"905…"})
 * ```
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const request: fc.Arbitrary<CreateSessionRequest.CreateSessionRequest> = Arbitrary.make(
  CreateSessionRequest.CreateSessionRequest
).map(replayable)

/**
 * The `Body` of a success, as Paywall sends it: a Guid and a bare local expiry time.
 *
 * @example
 * ```ts
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * FastCheck.sample(Arbitraries.sessionBody, 1) // [{ SessionId: "…", SessionExpiryDate: "2031-04-02T07:13:45" }]
 * ```
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const sessionBody: fc.Arbitrary<MasterpassSession.SessionBody> = Arbitrary.make(MasterpassSession.SessionBody)

/**
 * Sessions as the client reads them (expiry read in `zone`, default Europe/Istanbul), so
 * `expiresAt` and `expiryText` always agree.
 *
 * @example
 * ```ts
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { DateTime, FastCheck } from "effect"
 *
 * FastCheck.sample(Arbitraries.session(DateTime.zoneUnsafeMakeNamed("UTC")), 1)
 * ```
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const session = (zone: DateTime.TimeZone = istanbul): fc.Arbitrary<MasterpassSession.MasterpassSession> => {
  const decode = Schema.decodeSync(MasterpassSession.fromSessionBody(zone))
  return sessionBody.map((body) => decode(body))
}

type Envelope = typeof PaywallEnvelope.AnyEnvelope.Encoded

/**
 * Success envelopes, shaped like the docs' sample.
 *
 * @example
 * ```ts
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * FastCheck.sample(Arbitraries.successEnvelope, 1) // [{ ErrorCode: 0, Result: true, Body: { … } , … }]
 * ```
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const successEnvelope: fc.Arbitrary<Envelope> = sessionBody.map((Body) => successOf(Body))

/** A success envelope around `Body`, shaped like the docs' samples. */
const successOf = <B>(Body: B) => ({
  ErrorCodeType: 1,
  ErrorMessage: null,
  ErrorCode: 0,
  Result: true,
  Message: "",
  Body
})

/**
 * ErrorCodes with the text Paywall's public documentation gives them (1 as the OTP verifies
 * send it, with no text); any other code gets placeholder words (Paywall's tables disagree, so
 * no meaning is claimed for them).
 */
const failure = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ ErrorCode: 56, Message: "Masterpass payment not found" }) },
  { weight: 1, arbitrary: fc.constant({ ErrorCode: 92, Message: "Auto commit payment cannot commit again" }) },
  { weight: 2, arbitrary: fc.constant({ ErrorCode: 77, Message: "Invalid API credentials" }) },
  { weight: 1, arbitrary: fc.constant({ ErrorCode: 1, Message: "" }) },
  {
    weight: 3,
    arbitrary: fc.record({ ErrorCode: fc.integer({ min: 1, max: 999 }), Message: fc.lorem({ maxCount: 6 }) })
  }
)

/**
 * The session a Masterpass answer names (`Body.Session`), renewed or not, with or without an
 * expiry text, as the client reads it.
 *
 * @example
 * ```ts
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * FastCheck.sample(Arbitraries.sessionState, 1) // [SessionState { sessionId: "…", renewed: true }]
 * ```
 *
 * @since 0.4.0
 * @category arbitraries
 */
export const sessionState: fc.Arbitrary<MasterpassSession.SessionState> = Arbitrary.make(
  MasterpassSession.SessionState
)

const encodeSessionState = Schema.encodeSync(MasterpassSession.SessionState)

/**
 * The head of a failure envelope: `Result` false (and, rarely, the odd combinations `ErrorCode`
 * 0 with `Result` false or a code with `Result` true).
 */
const failureHeadOf = (failures: fc.Arbitrary<{ readonly ErrorCode: number; readonly Message: string }>) =>
  fc.record({
    failure: failures,
    result: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    zeroCode: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) })
  }).map(({ failure, result, zeroCode }) => ({
    ErrorCodeType: 1,
    ErrorMessage: null,
    // ErrorCode 0 with Result true would be a success: keep at least one of them failing.
    ErrorCode: zeroCode && !result ? 0 : failure.ErrorCode,
    Result: result,
    Message: failure.Message
  }))

const failureHead = failureHeadOf(failure)

/**
 * Failure envelopes: documented and other codes, `Result` false (and, rarely, the odd
 * combinations `ErrorCode` 0 with `Result` false or a code with `Result` true), with the
 * `Body` shapes Paywall sends on failures (none, null, or session renewal details).
 *
 * @example
 * ```ts
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * FastCheck.sample(Arbitraries.failureEnvelope, 1) // [{ ErrorCode: 56, Result: false, Message: "Masterpass payment not found", … }]
 * ```
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const failureEnvelope: fc.Arbitrary<Envelope> = fc.record({
  head: failureHead,
  body: fc.option(
    fc.option(
      sessionState.map((session) => ({ Session: encodeSessionState(session), Masterpass: null })),
      { nil: null }
    ),
    { nil: undefined }
  )
}).map(({ body, head }) => ({ ...head, ...(body === undefined ? {} : { Body: body }) }))

const errorStatus = fc.constantFrom(400, 401, 403, 404, 409, 422, 500)
const errorPage = fc.oneof(
  fc.constant(""),
  fc.constantFrom("Service Unavailable", "Bad Gateway", "upstream connect error").map((text) =>
    `<!DOCTYPE html><html><body><h1>${text}</h1></body></html>`
  )
)

/** Statuses the client retries, as the README documents them (the rest are final). */
const retryableStatuses = [408, 429, 500, 502, 503, 504] as const

/**
 * Error pages without an envelope: a `PaywallHttpError` keeping the page (pages shorter than the
 * client's excerpt limit, so the excerpt is the page). For a call that must not be sent twice,
 * a status that is retried elsewhere means the request may have been acted on: `outcomeUnknown`.
 */
const httpErrorPage = (idempotent: boolean) =>
  fc.tuple(fc.constantFrom(400, 404, ...retryableStatuses), errorPage).map(([status, body]) => ({
    status,
    body,
    error: new PaywallError.PaywallHttpError({
      status,
      bodyExcerpt: body,
      ...(!idempotent && retryableStatuses.some((retried) => retried === status) ? { outcomeUnknown: true } : {})
    })
  }))

/** 2xx answers that are not JSON: a `PaywallDecodeError` keeping the body. */
const notJson = fc.tuple(
  fc.constantFrom(200, 201),
  fc.oneof(errorPage.filter((page) => page !== ""), fc.constant("{\"ErrorCode\":0,"))
).map(([status, body]) => ({
  status,
  body,
  error: new PaywallError.PaywallDecodeError({ status, issue: "the body is not JSON", bodyExcerpt: body })
}))

/**
 * One answer Paywall could give (a status and a body) with the {@link Outcome} the real
 * client must make of it (with retries off): successes, envelope failures at any status,
 * error statuses with HTML or empty bodies, and 2xx answers that are not JSON.
 *
 * @example
 * ```ts
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * const [drawn] = FastCheck.sample(Arbitraries.answer, 1)
 * // drawn.status and drawn.body to serve; drawn.outcome is what the client must make of them
 * ```
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const answer: fc.Arbitrary<{ readonly status: number; readonly body: string; readonly outcome: Outcome }> = fc
  .oneof(
    fc.tuple(sessionBody, fc.constantFrom(200, 201)).map(([body, status]) => {
      const envelope = successOf(body)
      return {
        status,
        body: JSON.stringify(envelope),
        outcome: Outcome.Succeeded({ session: decodeIstanbul(body), statusCode: status, responseBody: envelope })
      }
    }),
    fc.tuple(failureEnvelope, fc.oneof(fc.constant(200), errorStatus)).map(([envelope, status]) => ({
      status,
      body: JSON.stringify(envelope),
      outcome: Outcome.Failed({
        error: new PaywallError.PaywallEnvelopeError({
          errorCode: envelope.ErrorCode,
          errorCodeType: 1,
          ...(envelope.Message ? { paywallMessage: envelope.Message } : {}),
          status
        }),
        responseBody: envelope
      })
    })),
    httpErrorPage(PaywallApi.createSession.idempotent).map(({ body, error, status }) => ({
      status,
      body,
      outcome: Outcome.Failed({ error })
    })),
    notJson.map(({ body, error, status }) => ({ status, body, outcome: Outcome.Failed({ error }) }))
  )

/**
 * Failures where no answer arrived: `sent` says whether the request may have reached Paywall
 * (a refused connection or an unknown host proves it did not).
 */
const noAnswer = fc.oneof(
  fc.constantFrom(
    { errno: "connect ECONNREFUSED 185.0.0.1:443", sent: false },
    { errno: "read ECONNRESET", sent: true },
    { errno: "getaddrinfo ENOTFOUND test-payment-api.itspaywall.com", sent: false }
  ).map(({ errno, sent }) => ({
    reason: "RequestFailed" as const,
    description: `Transport error: fetch failed (${errno})`,
    sent
  })),
  fc.constant({
    reason: "Timeout" as const,
    description: "no complete answer within the attempt timeout of 10s",
    sent: true
  }),
  fc.constant({
    reason: "BodyFailed" as const,
    description: "the body could not be read: terminated",
    status: 200,
    sent: true
  })
)

/**
 * Transport failures after 1 to 3 attempts; for a call that must not be sent twice, one that
 * may have reached Paywall has `outcomeUnknown` (it was not retried).
 */
const transportErrorFor = (idempotent: boolean): fc.Arbitrary<PaywallError.PaywallTransportError> =>
  fc.record({ attempts: fc.integer({ min: 1, max: 3 }), failure: noAnswer }).map((
    { attempts, failure: { sent, ...failure } }
  ) =>
    new PaywallError.PaywallTransportError({
      ...failure,
      attempts,
      ...(!idempotent && sent ? { outcomeUnknown: true } : {})
    })
  )

/**
 * Failures where no answer arrived, after 1 to 3 attempts: refused or reset connections,
 * DNS failures, bodies cut off, timeouts.
 *
 * @example
 * ```ts
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * FastCheck.sample(Arbitraries.transportError, 2).map((error) => error.reason)
 * ```
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const transportError: fc.Arbitrary<PaywallError.PaywallTransportError> = transportErrorFor(true)

/**
 * Requests refused before any I/O, naming some of Create Session's fields.
 *
 * @example
 * ```ts
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * FastCheck.sample(Arbitraries.requestError, 2).map((error) => error.fields)
 * ```
 *
 * @since 0.2.0
 * @category arbitraries
 */
export const requestError: fc.Arbitrary<PaywallError.PaywallRequestError> = fc
  .uniqueArray(fc.constantFrom("referenceCode", "userId", "userPhone"), { minLength: 1 })
  .map((fields) => new PaywallError.PaywallRequestError({ endpoint: PaywallApi.createSession.name, fields }))

/**
 * `CreateSession` records, failed ones with a code.
 *
 * @example
 * ```ts
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * FastCheck.sample(Arbitraries.createSessionRecord, 1)
 * ```
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const createSessionRecord: fc.Arbitrary<CreateSession.CreateSession> = Arbitrary.make(
  CreateSession.CreateSession
)

/**
 * The weights of the kinds of {@link outcome} and {@link resultOf}: `success`; `envelope`, a
 * refusal by Paywall or, for a Masterpass service, by Masterpass (record code `PAYWALL_ERROR`);
 * `transport`, an HTTP error page or no answer; `decode`, an answer that cannot be read.
 *
 * @example
 * ```ts
 * import type { Arbitraries } from "@paywall-effect/testing"
 *
 * const badDay: Arbitraries.Weights = { success: 1, envelope: 1, transport: 5, decode: 1 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Weights {
  readonly success: number
  readonly envelope: number
  readonly transport: number
  readonly decode: number
}

/**
 * By default most calls succeed: 70% success, 10% each of refusals, transport and decode failures.
 *
 * @example
 * ```ts
 * import { Arbitraries } from "@paywall-effect/testing"
 *
 * const moreFailures = { ...Arbitraries.defaultWeights, transport: 5 }
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultWeights: Weights = { success: 7, envelope: 1, transport: 1, decode: 1 }

const ofKind = (kind: "Succeeded" | PaywallError.PaywallError["_tag"]) =>
  answer.filter((drawn) =>
    drawn.outcome._tag === "Succeeded" ? kind === "Succeeded" : drawn.outcome.error._tag === kind
  ).map((drawn) => drawn.outcome)

/**
 * Outcomes of a call, weighted by kind: the answers of {@link answer} plus failures where no
 * answer arrived ({@link transportError}).
 *
 * @example
 * ```ts
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * FastCheck.sample(Arbitraries.outcome({ success: 0 }), 5) // failures only
 * ```
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const outcome = (weights: Partial<Weights> = {}): fc.Arbitrary<Outcome> => {
  const w = { ...defaultWeights, ...weights }
  return fc.oneof(
    { weight: w.success, arbitrary: ofKind("Succeeded") },
    { weight: w.envelope, arbitrary: ofKind("PaywallEnvelopeError") },
    {
      weight: w.transport,
      arbitrary: fc.oneof(ofKind("PaywallHttpError"), transportError.map((error) => Outcome.Failed({ error })))
    },
    { weight: w.decode, arbitrary: ofKind("PaywallDecodeError") }
  )
}

// ---------------------------------------------------------------------------------------------
// Every endpoint: one mechanism, keyed by the endpoint's declaration in `PaywallApi`
// ---------------------------------------------------------------------------------------------

/**
 * The name of a Masterpass service: one whose answers carry a `Body.Masterpass`, read by
 * `MasterpassAnswer.readFailure` (every method of `MasterpassClient` and `MasterpassWallet` but
 * Create Session's and the SDK temp token's).
 *
 * @example
 * ```ts
 * import type { Arbitraries } from "@paywall-effect/testing"
 *
 * const method: Arbitraries.Service = "commitPayment"
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export type Service = Exclude<keyof MasterpassWallet.Service, "createSdkToken">

/**
 * The declaration of a Masterpass service in `PaywallApi`.
 *
 * @example
 * ```ts
 * import type { Arbitraries } from "@paywall-effect/testing"
 *
 * const path = (endpoint: Arbitraries.ServiceEndpoint) => endpoint.path
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export type ServiceEndpoint<K extends Service = Service> = (typeof PaywallApi.endpoints)[K]

/**
 * The name of an endpoint declared in `PaywallApi`: Create Session, the SDK temp token, the nine
 * Masterpass services and the six of the Private API.
 *
 * @example
 * ```ts
 * import type { Arbitraries } from "@paywall-effect/testing"
 *
 * const name: Arbitraries.EndpointName = "refundPartially"
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type EndpointName = keyof typeof PaywallApi.endpoints

/**
 * An endpoint's declaration in `PaywallApi`: what {@link requestOf}, {@link replyOf},
 * {@link answerOf} and {@link resultOf} take.
 *
 * @example
 * ```ts
 * import type { Arbitraries } from "@paywall-effect/testing"
 *
 * const line = (endpoint: Arbitraries.Endpoint) => `${endpoint.method} ${endpoint.path}`
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type Endpoint<K extends EndpointName = EndpointName> = (typeof PaywallApi.endpoints)[K]

/**
 * A method of `PaywallPrivateClient` that calls one Private API declaration (every one but
 * `reconcile`, which calls `queryPayment`).
 *
 * @example
 * ```ts
 * import type { Arbitraries } from "@paywall-effect/testing"
 *
 * const method: Arbitraries.PrivateMethod = "cancelPayment"
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type PrivateMethod = Exclude<keyof PaywallPrivateClient.Service, "reconcile">

// 3D callbacks' building blocks (the callback arbitraries are below)
// ---------------------------------------------------------------------------------------------

/** Non-empty text of any script, emoji included, and the characters of the hash string (`#`). */
const anyText = fc.oneof(
  fc.string({ minLength: 1, maxLength: 24, unit: "grapheme" }),
  fc.constantFrom("order-1001", "sipariş-#42", "a###b", "İşlem onaylandı", "🛒 1")
)

/** Amounts from 0 to 10^10 with 0 to 4 decimals, trailing zeros included (`149.90`, `0.00`, `7`). */
const amount: fc.Arbitrary<BigDecimal.BigDecimal> = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.integer({ min: 0, max: 4 }))
  .map(([value, scale]) => BigDecimal.make(value, scale))

const paymentId: fc.Arbitrary<MasterpassService.PaymentId> = fc
  .bigInt({ min: 1n, max: 2n ** 53n - 1n })
  .map((id) => MasterpassService.PaymentId.make(id))

const installment = fc.integer({ min: 0, max: 36 })

const dateText = Arbitrary.make(MasterpassSession.ExpiryText)

/**
 * Every Masterpass service's declaration, by method name: the `PaywallApi.endpoints` whose
 * answers carry a `Body.Masterpass` (not Create Session, the SDK temp token or the Private API).
 *
 * @example
 * ```ts
 * import { Arbitraries } from "@paywall-effect/testing"
 *
 * Object.keys(Arbitraries.services) // ["listCards", "deleteCard", ..., "commitPaymentById"]
 * ```
 *
 * @since 0.4.0
 * @category constants
 */
export const services: { readonly [K in Service]: ServiceEndpoint<K> } = Struct.pick(
  PaywallApi.endpoints,
  "listCards",
  "deleteCard",
  "linkToMerchant",
  "unlinkFromMerchant",
  "verifyOtp",
  "resendOtp",
  "verifyPayment",
  "commitPayment",
  "commitPaymentById"
)

/**
 * The Private API's declarations, by `PaywallPrivateClient` method name: the queries, cancel,
 * refund, partial refund and cancel-or-refund.
 *
 * @example
 * ```ts
 * import { Arbitraries } from "@paywall-effect/testing"
 *
 * Object.keys(Arbitraries.privateServices) // ["queryPayment", "queryPaymentByUniqueCode", ..., "revertPayment"]
 * ```
 *
 * @since 0.5.0
 * @category constants
 */
export const privateServices: { readonly [K in PrivateMethod]: Endpoint<K> } = Struct.pick(
  PaywallApi.endpoints,
  "queryPayment",
  "queryPaymentByUniqueCode",
  "cancelPayment",
  "refundPayment",
  "refundPartially",
  "revertPayment"
)

/**
 * One answer Paywall could give to an endpoint (an HTTP status and a body) with what the real
 * client must make of it (with retries off): the reply, or the error with all its fields.
 *
 * @example
 * ```ts
 * import type { MasterpassService } from "@paywall-effect/domain"
 * import type { Arbitraries } from "@paywall-effect/testing"
 * import { Either } from "effect"
 *
 * const refused = (answer: Arbitraries.ServiceAnswer<MasterpassService.CardList>) => Either.isLeft(answer.result)
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export interface ServiceAnswer<A> {
  readonly status: number
  readonly body: string
  readonly result: Either.Either<A, PaywallError.PaywallError>
}

/** A Masterpass reply's encoded `Body`: the session and `Body.Masterpass`. */
interface ReplyBody {
  readonly Session: unknown
  readonly Masterpass: Readonly<Record<string, unknown>>
}

const replyContext: PaywallEndpoint.ReplyContext = { expiryTimeZone: istanbul }

/** Derives something from a declaration once (deriving an arbitrary walks the whole schema). */
const perEndpoint = <A>(derive: (endpoint: Endpoint) => A): (endpoint: Endpoint) => A => {
  const derived = new WeakMap<Endpoint, A>()
  return (endpoint) => {
    let known = derived.get(endpoint)
    if (known === undefined) {
      known = derive(endpoint)
      derived.set(endpoint, known)
    }
    return known
  }
}

const requests = perEndpoint((endpoint) =>
  Arbitrary.make(Schema.typeSchema(endpoint.request as Schema.Schema<unknown, unknown>))
)

/**
 * Valid requests of an endpoint, from its declaration's request schema: they pass the checks
 * every call makes before any I/O (a partial refund's amount above 0, real payment dates, ...).
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * FastCheck.sample(Arbitraries.requestOf(PaywallApi.verifyOtp), 1) // [{ sessionId: "…", otpToken: "…", otpCode: "…" }]
 * ```
 *
 * @since 0.4.0
 * @category arbitraries
 */
export const requestOf = <E extends Endpoint>(endpoint: E): fc.Arbitrary<PaywallEndpoint.Request<E>> =>
  // Made by the declaration's own request schema, so of its request type.
  requests(endpoint) as fc.Arbitrary<PaywallEndpoint.Request<E>>

/**
 * Replies of an endpoint: for a Masterpass service, from its declaration's reply schema (every
 * step, `Done`, `OtpRequired` from the bank or Masterpass, `ThreeDSecureRequired`, and a
 * `session` renewed or not, with or without an expiry); for the others, read by that schema from
 * a `Body` as Paywall writes it (a query's payment with exact amounts, any `StatusId`, keys left
 * out or `null`; an SDK token with or without its session). Each is one the wire can carry:
 * encoded and read back, it is the same reply.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * FastCheck.sample(Arbitraries.replyOf(PaywallApi.linkToMerchant), 1)[0]?.step._tag // "OtpRequired", ...
 * ```
 *
 * @since 0.4.0
 * @category arbitraries
 */
export const replyOf = <E extends Endpoint>(endpoint: E): fc.Arbitrary<PaywallEndpoint.Reply<E>> =>
  // Made or read by the declaration's own reply schema, so of its reply type.
  drawingOf(endpoint).replies as fc.Arbitrary<PaywallEndpoint.Reply<E>>

/** The keys of a `Body.Masterpass` that say nothing about the outcome, drawn from their schema. */
const quietStatus = (() => {
  const { BuildId, Message, RequestId, Version } = MasterpassAnswer.statusFields
  return Arbitrary.make(Schema.Struct({ BuildId, Message, RequestId, Version }))
})()

const successHead = { ErrorCodeType: 1, ErrorMessage: null, ErrorCode: 0, Result: true, Message: "" } as const

/**
 * How one endpoint's answers are drawn (the per-endpoint data of the one mechanism): its replies,
 * its successes (an answer with the reply it carries) and its refusals (an answer with the error).
 */
interface Drawing {
  readonly replies: fc.Arbitrary<unknown>
  readonly successes: fc.Arbitrary<ServiceAnswer<unknown>>
  readonly refusals: fc.Arbitrary<Refusal>
}

/** A refusal: the answer, and the error the client must make of it. */
interface Refusal {
  readonly status: number
  readonly body: string
  readonly error: PaywallError.PaywallError
}

/** A Masterpass service: replies from the reply schema, encoded into a success envelope at a 2xx status. */
const masterpassDrawing = (endpoint: Endpoint): Drawing => {
  const schema = endpoint.reply(replyContext) as Schema.Schema<unknown, unknown>
  const replies = Arbitrary.make(Schema.typeSchema(schema))
  const encode = Schema.encodeSync(schema)
  const successes = fc.tuple(
    replies,
    quietStatus,
    // Masterpass's own status below 400: 200 "OK", 202 "Accepted" (a link's OTP step), ...
    fc.option(fc.integer({ min: 200, max: 399 }), { nil: null }),
    fc.constantFrom(200, 201)
  ).map(([reply, quiet, StatusCode, status]): ServiceAnswer<unknown> => {
    // Every Masterpass reply schema encodes to `{Session, Masterpass}` (`MasterpassAnswer.Body`).
    const body = encode(reply) as ReplyBody
    // The commit's `Body.Masterpass` (`{Result: true, Detail, Error}`) has no status keys: it keeps its form.
    const Masterpass = "StatusCode" in body.Masterpass ? { ...body.Masterpass, ...quiet, StatusCode } : body.Masterpass
    return { status, body: JSON.stringify(successOf({ ...body, Masterpass })), result: Either.right(reply) }
  })
  return { replies, successes, refusals }
}

/** `{ [key]: value }`, or nothing for a missing value: how a reader keeps optional fields. */
const defined = <K extends string, V>(key: K, value: V | null | undefined): { readonly [P in K]?: V } =>
  (value === null || value === undefined ? {} : { [key]: value }) as { readonly [P in K]?: V }

/** The session a failure's `Body` names, if any: on the wire, and in the error. */
const namedSession = fc.option(sessionState, { nil: undefined }).map((session) => ({
  wire: session === undefined ? {} : { Session: encodeSessionState(session) },
  kept: session === undefined ? {} : { session }
}))

/**
 * The envelope around a failure that `Body.Masterpass` reports: mostly a success one
 * (`ErrorCode` 0, `Result` true), or the OTP verifies' `ErrorCode` 1, or any failure.
 */
const masterpassHead = fc.oneof(
  { weight: 3, arbitrary: fc.constant(successHead) },
  { weight: 2, arbitrary: fc.constant({ ...successHead, ErrorCode: 1, Result: false }) },
  { weight: 1, arbitrary: failureHead }
)

/** HTTP statuses of answers carrying an envelope: mostly 200, any error status too. */
const envelopeStatus = fc.oneof({ weight: 4, arbitrary: fc.constant(200) }, { weight: 1, arbitrary: errorStatus })

/** The refusals Paywall's documentation shows, each with its Masterpass `StatusCode`. */
const documentedRefusal = fc.constantFrom(
  { Exception: { Level: "Http403", Code: "USER_NOT_FOUND", Message: "Kullanıcı bulunamadı." }, StatusCode: 403 },
  {
    Exception: { Level: "NotFound", Code: "ACCOUNT_NOT_LINKED_TO_MERCHANT", Message: "Hesap iş yerine bağlı değil." },
    StatusCode: 404
  },
  { Exception: { Level: "NotFound", Code: "ACCOUNT_NOT_FOUND", Message: "Hesap bulunamadı." }, StatusCode: 404 },
  { Exception: { Level: "NotFound", Code: "CARD_NOT_FOUND", Message: "Kart bulunamadı." }, StatusCode: 404 },
  { Exception: { Level: "NotFound", Code: "TOKEN_IS_NOT_VALID", Message: "Token geçersiz." }, StatusCode: 404 },
  { Exception: { Level: "Unauthorized", Code: "TOKEN_HAS_EXPIRED", Message: "Tokenın süresi doldu." }, StatusCode: 401 }
)

/**
 * Masterpass refused: `Body.Masterpass` with `Result` null and an `Exception` (a documented one,
 * or any, any of its keys absent or null), or with no `Exception` but a `StatusCode` of 400 or more.
 */
const refusedByMasterpass = fc.record({
  head: masterpassHead,
  session: namedSession,
  refusal: fc.oneof(
    { weight: 3, arbitrary: documentedRefusal },
    {
      weight: 2,
      arbitrary: fc.record({
        Exception: Arbitrary.make(MasterpassAnswer.MasterpassException),
        StatusCode: fc.option(fc.integer({ min: 400, max: 599 }), { nil: null })
      })
    },
    {
      weight: 1,
      arbitrary: fc.record({ Exception: fc.constant(null), StatusCode: fc.integer({ min: 400, max: 599 }) })
    }
  ),
  CorrelationId: fc.option(fc.uuid(), { nil: null }),
  quiet: quietStatus,
  status: envelopeStatus
}).map(({ CorrelationId, head, quiet, refusal: { Exception, StatusCode }, session, status }) => ({
  status,
  body: JSON.stringify({
    ...head,
    Body: { ...session.wire, Masterpass: { Result: null, ...quiet, CorrelationId, Exception, StatusCode } }
  }),
  error: new PaywallError.PaywallMasterpassError({
    ...defined("exceptionCode", Exception?.Code),
    ...defined("level", Exception?.Level),
    ...defined("masterpassMessage", Exception?.Message),
    ...defined("statusCode", StatusCode),
    ...defined("correlationId", CorrelationId),
    errorCode: head.ErrorCode,
    status,
    ...session.kept
  })
}))

const documentedCodes: ReadonlySet<string> = new Set(Object.values(MasterpassAnswer.ResponseCode))

/**
 * A `ResponseCode` Paywall does not document (the browser SDK's `4004` and `4005`, or any text),
 * with or without its `Description`: a failure keeping the code.
 */
const undocumentedResponse = fc.record({
  head: masterpassHead,
  session: namedSession,
  ResponseCode: fc.oneof(fc.constantFrom("4004", "4005", "9999"), fc.string()).filter((code) =>
    !documentedCodes.has(code)
  ),
  Description: fc.option(fc.option(fc.lorem({ maxCount: 8 }), { nil: null }), { nil: undefined }),
  StatusCode: fc.option(fc.integer({ min: 200, max: 399 }), { nil: null }),
  CorrelationId: fc.option(fc.uuid(), { nil: null }),
  quiet: quietStatus,
  status: envelopeStatus
}).map(({ CorrelationId, Description, head, quiet, ResponseCode, session, status, StatusCode }) => ({
  status,
  body: JSON.stringify({
    ...head,
    Body: {
      ...session.wire,
      Masterpass: {
        Result: { ResponseCode, ...(Description === undefined ? {} : { Description }) },
        ...quiet,
        CorrelationId,
        Exception: null,
        StatusCode
      }
    }
  }),
  error: new PaywallError.PaywallMasterpassError({
    ...defined("statusCode", StatusCode),
    ...defined("correlationId", CorrelationId),
    responseCode: ResponseCode,
    ...defined("description", Description),
    errorCode: head.ErrorCode,
    status,
    ...session.kept
  })
}))

/**
 * Paywall refused (`ErrorCode` 56, 92, ...): a failure envelope whose `Body` is absent, null, or
 * names the session with `Masterpass` null.
 */
const refusedByPaywall = fc.record({
  head: failureHead,
  body: fc.option(fc.option(namedSession, { nil: null }), { nil: undefined }),
  status: envelopeStatus
}).map(({ body, head, status }) => ({
  status,
  body: JSON.stringify({
    ...head,
    ...(body === undefined ? {} : { Body: body === null ? null : { ...body.wire, Masterpass: null } })
  }),
  error: new PaywallError.PaywallEnvelopeError({
    errorCode: head.ErrorCode,
    errorCodeType: head.ErrorCodeType,
    ...(head.Message ? { paywallMessage: head.Message } : {}),
    status,
    ...(body === undefined || body === null ? {} : body.kept)
  })
}))

/** Every refusal a Masterpass service's answer can carry: the same for every service. */
const refusals = fc.oneof(
  { weight: 3, arbitrary: refusedByMasterpass },
  { weight: 1, arbitrary: undocumentedResponse },
  { weight: 2, arbitrary: refusedByPaywall }
)

/**
 * Paywall refused, with no `Body.Masterpass` to read (an endpoint without a failure reader of its
 * own): a failure envelope whose `Body` is absent or null, at any status.
 */
const envelopeRefusals = (failures: fc.Arbitrary<{ readonly ErrorCode: number; readonly Message: string }>) =>
  fc.record({
    head: failureHeadOf(failures),
    body: fc.constantFrom(undefined, null),
    status: envelopeStatus
  }).map(({ body, head, status }): Refusal => ({
    status,
    body: JSON.stringify({ ...head, ...(body === undefined ? {} : { Body: body }) }),
    error: new PaywallError.PaywallEnvelopeError({
      errorCode: head.ErrorCode,
      errorCodeType: head.ErrorCodeType,
      ...(head.Message ? { paywallMessage: head.Message } : {}),
      status
    })
  }))

/**
 * The Private API's refusals: the numbers of Paywall's .NET SDK `ErrorCodes` (Paywall documents no
 * failure of these services, nor its text: the words are placeholders), and any other code.
 */
const privateFailure = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      { ErrorCode: 56, Message: "Payment not found" },
      { ErrorCode: 92, Message: "Payment is not convenient for this operation" },
      { ErrorCode: 93, Message: "Payment has a successful refund" },
      { ErrorCode: 94, Message: "Payment has a successful cancel" },
      { ErrorCode: 112, Message: "Payment amount is not convenient" }
    )
  },
  {
    weight: 2,
    arbitrary: fc.record({ ErrorCode: fc.integer({ min: 1, max: 999 }), Message: fc.lorem({ maxCount: 6 }) })
  }
)

/** A value, `null`, or no key at all (`undefined`, left out by {@link leftOut}). */
const maybe = <A>(value: fc.Arbitrary<A>): fc.Arbitrary<A | null | undefined> =>
  fc.oneof(value, fc.constant(null), fc.constant(undefined))

/** `A` with the keys that may be `undefined` made optional instead. */
type LeftOut<A> =
  & { readonly [K in keyof A as undefined extends A[K] ? never : K]: A[K] }
  & { readonly [K in keyof A as undefined extends A[K] ? K : never]?: Exclude<A[K], undefined> }

/** An object without its `undefined` members: a key drawn as `undefined` is left out, as Paywall leaves keys out. */
const leftOut = <A extends object>(drawn: A): LeftOut<A> =>
  // Only `undefined` members are removed, which is what `LeftOut` says.
  Object.fromEntries(Object.entries(drawn).filter(([, value]) => value !== undefined)) as LeftOut<A>

/** A decimal amount as Paywall may write it: up to 20 integer digits and 4 decimals, trailing zeros kept. */
const wireAmount: fc.Arbitrary<number | JsonNumber.JsonNumber> = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 20n - 1n }), fc.integer({ min: 0, max: 4 }), fc.boolean())
  .map(([digits, scale, asFloat]) => {
    const text = Amount.toText(BigDecimal.make(digits, scale))
    // A float when one holds it (what most servers write), else its exact text (`1000.00` included).
    return asFloat && JsonNumber.isExactAsFloat(text) ? Number(text) : new JsonNumber.JsonNumber(text)
  })

/**
 * The query's `Body` as Paywall writes it: a payment id within what a float holds, a `StatusId`
 * from -2 to 20 (ids 1 to 14 are Paywall's), amounts of up to 24 digits, an `Error` or none, and
 * every optional key present, `null` or left out.
 */
const queryBody: fc.Arbitrary<typeof PrivateService.QueryBody.Encoded> = fc.record({
  PaymentId: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  UniqueCode: maybe(fc.uuid()),
  MerchantUniqueCode: fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/),
  TrackingCode: maybe(fc.string({ maxLength: 40 })),
  ActivityId: maybe(fc.nat()),
  AnySuccessPayment: maybe(fc.boolean()),
  AnySuccessRefund: maybe(fc.boolean()),
  AnySuccessPartialRefund: maybe(fc.boolean()),
  AnySuccessCancel: maybe(fc.boolean()),
  Error: maybe(
    fc.record({
      AnyError: fc.boolean(),
      ErrorType: maybe(fc.nat(20)),
      ErrorMessage: maybe(fc.string({ maxLength: 30 }))
    }).map(leftOut)
  ),
  Status: maybe(fc.boolean()),
  StatusName: maybe(fc.string({ maxLength: 30 })),
  StatusId: fc.integer({ min: -2, max: 20 }),
  TypeName: maybe(fc.string({ maxLength: 20 })),
  TypeId: maybe(fc.nat(20)),
  Installment: maybe(fc.integer({ min: 1, max: 12 })),
  CurrencyId: maybe(fc.nat(5)),
  CurrencyName: maybe(fc.constantFrom("TRY", "USD", "EUR")),
  CardNumber: maybe(fc.constantFrom("552879******0008", "************0016")),
  LastActivityDateTime: maybe(dateText),
  PaymentAmount: wireAmount,
  ActivityAmount: maybe(wireAmount),
  IsFullyRefunded: maybe(fc.boolean()),
  RemainingRefundAmount: maybe(wireAmount)
}).map((Paywall) => ({ Paywall: leftOut(Paywall) }))

/** The SDK temp token's `Body`: a token, with or without its id, its expiry and a Masterpass session. */
const sdkTokenBody: fc.Arbitrary<typeof SdkToken.SdkTokenBody.Encoded> = fc.record({
  TempTokenId: maybe(fc.integer({ min: 1, max: 2 ** 31 - 1 })),
  Token: fc.uuid(),
  ExpiryDateTime: maybe(dateText),
  Masterpass: maybe(
    fc.record({
      SessionId: fc.uuid(),
      SessionExpiryDate: dateText,
      MasterpassToken: maybe(fc.stringMatching(/^[0-9a-f]{12,40}$/))
    }).map(leftOut)
  )
}).map(leftOut)

/**
 * An endpoint whose answers are drawn as Paywall writes them: a `Body` from `wire` (left out when
 * `undefined`) under one of `heads`, at a 2xx status, with its exact digits, and the reply the
 * declaration's schema reads from it, so the answer and its reply always agree.
 */
const fromWire = (
  endpoint: Endpoint,
  wire: fc.Arbitrary<unknown>,
  heads: fc.Arbitrary<object>,
  refusals: fc.Arbitrary<Refusal>
): Drawing => {
  const decode = Schema.decodeUnknownSync(endpoint.reply(replyContext) as Schema.Schema<unknown, unknown>)
  const drawn = wire.map((Body) => ({ Body, reply: decode(Body) }))
  return {
    replies: drawn.map(({ reply }) => reply),
    successes: fc.tuple(drawn, heads, fc.constantFrom(200, 201)).map(([{ Body, reply }, head, status]) => ({
      status,
      body: JsonNumber.stringify({ ...head, ...(Body === undefined ? {} : { Body }) }),
      result: Either.right(reply)
    })),
    refusals
  }
}

/** The Private API's success heads: as documented for cancel and refund (no `ErrorCodeType`), or in full. */
const privateSuccessHead = fc.constantFrom({ ErrorCode: 0, Result: true, Message: "Success" }, successHead)
const privateRefusals = envelopeRefusals(privateFailure)

/** What a cancel, refund, partial refund or revert answers: `Body` null as documented, left out, or ignored. */
const accepted = (endpoint: Endpoint) =>
  fromWire(endpoint, fc.constantFrom(null, undefined, {}), privateSuccessHead, privateRefusals)
const queried = (endpoint: Endpoint) => fromWire(endpoint, queryBody, privateSuccessHead, privateRefusals)

/**
 * Every endpoint's drawing, by name: what is particular to each (the Masterpass services' refusals
 * in `Body.Masterpass`; the Private API's exact amounts, statuses and codes) is here, as data of
 * the one mechanism. A declaration added to `PaywallApi` without one is a type error.
 */
const drawings: { readonly [K in EndpointName]: (endpoint: Endpoint) => Drawing } = {
  createSession: (endpoint) => fromWire(endpoint, sessionBody, fc.constant(successHead), envelopeRefusals(failure)),
  createSdkToken: (endpoint) => fromWire(endpoint, sdkTokenBody, fc.constant(successHead), envelopeRefusals(failure)),
  listCards: masterpassDrawing,
  deleteCard: masterpassDrawing,
  linkToMerchant: masterpassDrawing,
  unlinkFromMerchant: masterpassDrawing,
  verifyOtp: masterpassDrawing,
  resendOtp: masterpassDrawing,
  verifyPayment: masterpassDrawing,
  commitPayment: masterpassDrawing,
  commitPaymentById: masterpassDrawing,
  queryPayment: queried,
  queryPaymentByUniqueCode: queried,
  cancelPayment: accepted,
  refundPayment: accepted,
  refundPartially: accepted,
  revertPayment: accepted
}

const drawingOf = perEndpoint((endpoint) => drawings[endpoint.name](endpoint))

const answers = perEndpoint((endpoint): fc.Arbitrary<ServiceAnswer<unknown>> => {
  const { refusals, successes } = drawingOf(endpoint)
  const failed = ({ body, error, status }: Refusal) => ({ status, body, result: Either.left(error) })
  return fc.oneof(
    { weight: 3, arbitrary: successes },
    { weight: 4, arbitrary: refusals.map(failed) },
    { weight: 1, arbitrary: httpErrorPage(endpoint.idempotent).map(failed) },
    { weight: 1, arbitrary: notJson.map(failed) }
  )
})

/**
 * Answers Paywall could give to an endpoint, each with what the real client must make of it
 * (with retries off): every reply form at a 2xx status (see {@link replyOf}; a query's amounts
 * written with their exact digits, a cancel's or refund's success as documented); refusals (for a
 * Masterpass service: an `Exception` in a success envelope, `ErrorCode` 1 with an `Exception`, a
 * `StatusCode` of 400 or more, an undocumented `ResponseCode`, and Paywall's `ErrorCode` 56, 92,
 * ... with `Body.Masterpass` null or no `Body`, each with and without a session, renewed or not,
 * that the error keeps; for the Private API, the `ErrorCodes` 56, 92, 93, 94, 112 and others;
 * failure envelopes for the rest); error pages (`outcomeUnknown` where the call must not be sent
 * twice: the commits, cancel, refunds and revert); and 2xx answers that are not JSON. A property
 * test serves them to the real clients and checks them.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * const [drawn] = FastCheck.sample(Arbitraries.answerOf(PaywallApi.listCards), 1)
 * // drawn.status and drawn.body to serve; drawn.result is the CardList or error the client must make of them
 * ```
 *
 * @since 0.4.0
 * @category arbitraries
 */
export const answerOf = <E extends Endpoint>(
  endpoint: E
): fc.Arbitrary<ServiceAnswer<PaywallEndpoint.Reply<E>>> =>
  // The replies were made or read by the declaration's own reply schema.
  answers(endpoint) as fc.Arbitrary<ServiceAnswer<PaywallEndpoint.Reply<E>>>

/**
 * What a call of an endpoint ends in, weighted by kind (see {@link Weights}): the results of
 * {@link answerOf}, plus failures where no answer arrived ({@link transportError}; with
 * `outcomeUnknown` where the call must not be sent twice and the request may have left).
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * FastCheck.sample(Arbitraries.resultOf(PaywallApi.commitPayment, { success: 0 }), 5) // failures only
 * ```
 *
 * @since 0.4.0
 * @category arbitraries
 */
export const resultOf = <E extends Endpoint>(
  endpoint: E,
  weights: Partial<Weights> = {}
): fc.Arbitrary<Either.Either<PaywallEndpoint.Reply<E>, PaywallError.PaywallError>> => {
  const w = { ...defaultWeights, ...weights }
  const failed = ({ error }: { readonly error: PaywallError.PaywallError }) =>
    Either.left<PaywallError.PaywallError>(error)
  return fc.oneof(
    { weight: w.success, arbitrary: replyOf(endpoint).map((reply) => Either.right(reply)) },
    { weight: w.envelope, arbitrary: drawingOf(endpoint).refusals.map(failed) },
    {
      weight: w.transport,
      arbitrary: fc.oneof(
        httpErrorPage(endpoint.idempotent).map(failed),
        transportErrorFor(endpoint.idempotent).map((error) => failed({ error }))
      )
    },
    { weight: w.decode, arbitrary: notJson.map(failed) }
  )
}

/**
 * Every `PaywallError` the client can produce: {@link answer} failures, the refusals of the
 * Masterpass services (see {@link answerOf}), {@link transportError}s and {@link requestError}s.
 *
 * @example
 * ```ts
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * FastCheck.sample(Arbitraries.paywallError, 3).map((error) => error._tag)
 * ```
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const paywallError: fc.Arbitrary<PaywallError.PaywallError> = fc.oneof(
  answer.chain((drawn) => drawn.outcome._tag === "Failed" ? fc.constant(drawn.outcome.error) : transportError),
  refusals.map(({ error }) => error),
  transportError,
  requestError
)

/**
 * 3D callbacks as Paywall describes them, unsigned (no `hash`): either status with the matching
 * `errorCode`, Paywall's message and the provider's (any text, Turkish included), amounts with 0 to
 * 4 decimals, payment ids up to 2^53 - 1, merchant codes of any text (`#` included), dates as
 * Paywall writes them (read in `zone`, default Europe/Istanbul, as the verifier reads them), and
 * every optional input present or absent.
 *
 * @example
 * ```ts
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * FastCheck.sample(Arbitraries.threeDCallback(), 1)[0]?.status // "Success" or "Unsuccessful"
 * ```
 *
 * @since 0.5.0
 * @category arbitraries
 */
export const threeDCallback = (zone: DateTime.TimeZone = istanbul): fc.Arbitrary<ThreeDCallback.ThreeDCallback> => {
  const readDate = MasterpassSession.expiryReader(zone)
  return fc.record({
    succeeded: fc.boolean(),
    errorMessage: anyText,
    merchantUniqueCode: anyText,
    amount,
    installment,
    paymentId,
    // Each left out or present with non-empty text (an input posted empty reads as absent).
    optional: fc.record({
      providerMessage: anyText,
      paymentCode: fc.uuid(),
      dateText,
      providerErrorCode: anyText,
      providerErrorMessage: anyText,
      providerBankErrorCode: anyText,
      providerBankErrorMessage: anyText,
      cardSavedUniqueCode: fc.uuid(),
      trackingCode: anyText,
      paymentGatewayId: anyText,
      paymentGatewayName: anyText,
      paymentGatewayProviderName: anyText,
      hashFormat: anyText,
      hashKeyType: anyText
    }, { requiredKeys: [] })
  }).map(({ optional, succeeded, ...drawn }) => {
    const date = optional.dateText === undefined ? undefined : Option.getOrUndefined(readDate(optional.dateText))
    return new ThreeDCallback.ThreeDCallback({
      ...drawn,
      ...optional,
      status: succeeded ? "Success" : "Unsuccessful",
      errorCode: succeeded ? 0 : 1,
      errorMessage: succeeded ? "" : drawn.errorMessage,
      ...(date === undefined ? {} : { date }),
      cardSaved: optional.cardSavedUniqueCode !== undefined
    })
  })
}

/**
 * A drawn 3D callback: the form as posted, and the callback it must read as.
 *
 * @example
 * ```ts
 * import type { Arbitraries } from "@paywall-effect/testing"
 *
 * const body = (drawn: Arbitraries.DrawnCallback) => new URLSearchParams(drawn.form.map(([k, v]) => [k, v])).toString()
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export interface DrawnCallback {
  readonly form: ThreeDCallback.Form
  readonly callback: ThreeDCallback.ThreeDCallback
}

/**
 * How drawn callbacks are signed and read: the zone of their dates (default Europe/Istanbul)
 * and the amount format of their hash (default `ThreeDCallback.invariantCulture`), as the
 * verifier they are checked with.
 *
 * @example
 * ```ts
 * import { ThreeDCallback } from "@paywall-effect/domain"
 * import type { Arbitraries } from "@paywall-effect/testing"
 *
 * const turkish: Arbitraries.CallbackOptions = { amountFormat: ThreeDCallback.turkishCulture }
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export interface CallbackOptions {
  readonly zone?: DateTime.TimeZone
  readonly amountFormat?: ThreeDCallback.AmountFormat
}

/** Signs `callback` under `hashKey`, and its form. */
const signing = (hashKey: Redacted.Redacted<string>, options: CallbackOptions) => {
  const encode = Schema.encodeSync(ThreeDCallback.fromForm(options.zone ?? istanbul))
  return (callback: ThreeDCallback.ThreeDCallback): DrawnCallback => {
    const signed = new ThreeDCallback.ThreeDCallback({
      ...callback,
      hash: ThreeDCallbackVerifier.sign(hashKey, callback, options.amountFormat)
    })
    return { form: encode(signed), callback: signed }
  }
}

/**
 * Valid callbacks signed with `hashKey`, as Paywall posts them once a 3D hash key is enabled:
 * a verifier with that key reads each form as its `callback`, verified.
 *
 * @example
 * ```ts
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { FastCheck, Redacted } from "effect"
 *
 * FastCheck.sample(Arbitraries.signedCallback(Redacted.make("test-3d-key")), 1)[0]?.callback.hash?.length // 64
 * ```
 *
 * @since 0.5.0
 * @category arbitraries
 */
export const signedCallback = (
  hashKey: Redacted.Redacted<string>,
  options: CallbackOptions = {}
): fc.Arbitrary<DrawnCallback> => threeDCallback(options.zone).map(signing(hashKey, options))

/**
 * Valid callbacks without a `hash` input, as Paywall posts them when no 3D hash key is enabled:
 * a verifier without a key reads each as its `callback`, unverified; one with a key refuses it
 * (`ThreeDCallbackHashMissing`).
 *
 * @example
 * ```ts
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * FastCheck.sample(Arbitraries.unsignedCallback(), 1)[0]?.form.some(([name]) => name === "hash") // false
 * ```
 *
 * @since 0.5.0
 * @category arbitraries
 */
export const unsignedCallback = (options: Pick<CallbackOptions, "zone"> = {}): fc.Arbitrary<DrawnCallback> => {
  const encode = Schema.encodeSync(ThreeDCallback.fromForm(options.zone ?? istanbul))
  return threeDCallback(options.zone).map((callback) => ({ form: encode(callback), callback }))
}

/**
 * A callback signed, then tampered with: the value of one signed input (`paymentId`,
 * `uniqueCode`, `amount`, decimals included, or `installment`) changed, or the hash replaced.
 * `original` is the signed callback, `callback` the one the form now reads as.
 *
 * @example
 * ```ts
 * import type { Arbitraries } from "@paywall-effect/testing"
 *
 * const what = (drawn: Arbitraries.TamperedCallback) => `${drawn.tampered} changed`
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export interface TamperedCallback extends DrawnCallback {
  readonly tampered: typeof ThreeDCallback.signedFields[number] | "hash"
  readonly original: ThreeDCallback.ThreeDCallback
}

/** Hashes to put in place of the real one: well-formed ones, and text that is no hash at all. */
const hashes = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{64}$/),
  fc.constantFrom("0", "not-a-hash", "0".repeat(63), "0".repeat(65)),
  fc.string({ minLength: 1, maxLength: 80, unit: "grapheme" })
)

/** One change to a signed input or the hash, drawn without looking at the callback (see `tamper`). */
const changes = fc.oneof(
  paymentId.map((value) => ({ tampered: "paymentId" as const, value })),
  anyText.map((value) => ({ tampered: "uniqueCode" as const, value })),
  amount.map((value) => ({ tampered: "amount" as const, value })),
  installment.map((value) => ({ tampered: "installment" as const, value })),
  hashes.map((value) => ({ tampered: "hash" as const, value }))
)

/**
 * The change `drawn` made to `original`, nudged where it happens to equal what was signed (or, for
 * the hash, reads as it): every change is a real one.
 */
const tamper = (
  original: ThreeDCallback.ThreeDCallback,
  drawn: typeof changes extends fc.Arbitrary<infer A> ? A : never,
  format: ThreeDCallback.AmountFormat
): Partial<ThreeDCallback.ThreeDCallback> => {
  switch (drawn.tampered) {
    case "paymentId":
      return {
        paymentId: drawn.value !== original.paymentId
          ? drawn.value
          : MasterpassService.PaymentId.make(drawn.value === 1n ? 2n : drawn.value - 1n)
      }
    case "uniqueCode":
      return { merchantUniqueCode: drawn.value !== original.merchantUniqueCode ? drawn.value : `${drawn.value}0` }
    case "amount":
      // Else the same value with one more decimal: 149.9 and 149.90 are different texts to hash.
      return {
        amount: format(drawn.value) !== format(original.amount)
          ? drawn.value
          : BigDecimal.make(original.amount.value * 10n, original.amount.scale + 1)
      }
    case "installment":
      return { installment: drawn.value !== original.installment ? drawn.value : drawn.value + 1 }
    case "hash":
      return {
        hash: drawn.value.toLowerCase() !== original.hash
          ? drawn.value
          : `${drawn.value.startsWith("0") ? "1" : "0"}${drawn.value.slice(1)}`
      }
  }
}

/**
 * The merchant's users, as `MasterpassWallet` takes them: user ids and Turkish mobile numbers
 * as {@link request} draws them.
 *
 * @example
 * ```ts
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { FastCheck } from "effect"
 *
 * FastCheck.sample(Arbitraries.user, 1) // [{ userId: "…", userPhone: "905…" }]
 * ```
 *
 * @since 0.4.0
 * @category arbitraries
 */
export const user: fc.Arbitrary<MasterpassWallet.User> = request.map((
  { phoneVerifiedByMerchant, userId, userPhone }
) => ({ userId, userPhone, ...defined("phoneVerifiedByMerchant", phoneVerifiedByMerchant) }))

/**
 * Signed callbacks with one signed input's value, or the hash, changed after signing (see
 * {@link TamperedCallback}): a verifier with the key refuses every one
 * (`ThreeDCallbackHashMismatch`). Changes to other inputs (`status`, `errorCode`, ...) are not
 * drawn: Paywall's hash does not cover them.
 *
 * @example
 * ```ts
 * import { Arbitraries } from "@paywall-effect/testing"
 * import { FastCheck, Redacted } from "effect"
 *
 * FastCheck.sample(Arbitraries.tamperedCallback(Redacted.make("test-3d-key")), 3).map((drawn) => drawn.tampered)
 * ```
 *
 * @since 0.5.0
 * @category arbitraries
 */
export const tamperedCallback = (
  hashKey: Redacted.Redacted<string>,
  options: CallbackOptions = {}
): fc.Arbitrary<TamperedCallback> => {
  const encode = Schema.encodeSync(ThreeDCallback.fromForm(options.zone ?? istanbul))
  const format = options.amountFormat ?? ThreeDCallback.invariantCulture
  return fc.tuple(signedCallback(hashKey, options), changes).map(([{ callback: original }, change]) => {
    const callback = new ThreeDCallback.ThreeDCallback({ ...original, ...tamper(original, change, format) })
    return { tampered: change.tampered, original, callback, form: encode(callback) }
  })
}
