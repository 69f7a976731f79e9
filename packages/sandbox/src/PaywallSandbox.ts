/**
 * An embedded, Paywall-compatible Masterpass server on 127.0.0.1, for tests and local runs.
 *
 * @since 0.1.0
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import * as Headers from "@effect/platform/Headers"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import * as HttpRouter from "@effect/platform/HttpRouter"
import type * as HttpServerError from "@effect/platform/HttpServerError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import {
  type CreateSessionRequest,
  JsonNumber,
  type MasterpassService,
  MasterpassSession,
  PaywallApi,
  type PaywallEndpoint,
  PaywallEnvelope,
  type SdkToken,
  type ThreeDCallback
} from "@paywall-effect/domain"
import { PaywallConfig, PaywallCredentials, ThreeDCallbackVerifier } from "@paywall-effect/http"
import * as Arr from "effect/Array"
import * as BigDecimal from "effect/BigDecimal"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { randomBytes, randomUUID } from "node:crypto"
import * as Http from "node:http"
import * as BrowserSdk from "./BrowserSdk.js"
import { type CallbackFault, Fault, type Target } from "./Fault.js"
import { type AccountSeed, type Handled, makeMasterpass, newSessionId } from "./internal/masterpass.js"
import { makePayments, type PaymentView, refusal } from "./internal/payments.js"
import { makeCallbacks, page } from "./internal/threeD.js"
import { openApiDocument } from "./SandboxApi.js"

/**
 * The ErrorCodes the sandbox answers with. Paywall documents neither the code nor the HTTP
 * status of these failures; 77 is "invalid credentials" in Paywall's payment API table.
 *
 * @example
 * ```ts
 * import { PaywallSandbox } from "@paywall-effect/sandbox"
 *
 * PaywallSandbox.SandboxErrorCode.InvalidCredentials // 77
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const SandboxErrorCode = {
  /** A missing or wrong `apikeyprivate` / `apiclientprivate`: HTTP 401. */
  InvalidCredentials: 77,
  /** A body that is not JSON or not a valid Create Session request: HTTP 400. */
  InvalidRequest: 10,
  /**
   * A Masterpass service called with a session the sandbox does not know (never created, or
   * replaced by a renewal): HTTP 200, `Message` "Masterpass session not found or expired" (the
   * text of Paywall's browser SDK), `Body` null. Paywall does not document this answer.
   */
  SessionNotFound: 1,
  /** Private API: no payment with this merchant's code (and date), or Paywall's code. */
  PaymentNotFound: refusal.notFound.errorCode,
  /**
   * Private API: the payment is not in a state the operation applies to: pending (not committed),
   * a cancel after the payment's day, a refund on it.
   */
  NotConvenientForOperation: refusal.notConvenient.errorCode,
  /**
   * Private API: the payment has a refund (a cancel, a second whole refund, a whole refund after
   * partial ones without `completePartialRefund`).
   */
  HasSuccessfulRefund: refusal.refunded.errorCode,
  /** Private API: the payment was cancelled. */
  HasSuccessfulCancel: refusal.cancelled.errorCode,
  /** Private API: a partial refund beyond what is left to refund. */
  AmountNotConvenient: refusal.beyondAmount.errorCode
} as const

/**
 * The one OTP code the sandbox accepts, for every OTP it asks for.
 *
 * @example
 * ```ts
 * import { PaywallSandbox } from "@paywall-effect/sandbox"
 *
 * PaywallSandbox.otpCode // "123456"
 * ```
 *
 * @since 0.3.0
 * @category constants
 */
export const otpCode = "123456"

/** Where the stand-in 3D pages are served. */
const threeDPages = "/masterpass/3d"

/**
 * The path of the sandbox's stand-in 3D page for a payment: the page Paywall's 3D step ends
 * on, an auto-submitting form (id `paywall-callback-form`) that makes the browser post the
 * signed 3D callback to the payment's success URL (fail URL with `?status=Unsuccessful`). It
 * answers HTTP 404 for a payment unknown or started without back URLs.
 *
 * @example
 * ```ts
 * import { PaywallSandbox } from "@paywall-effect/sandbox"
 *
 * PaywallSandbox.threeDPagePath("ce55004d-888c-416f-84d7-ed2873531fe7") // "/masterpass/3d/ce55004d-888c-416f-84d7-ed2873531fe7"
 * ```
 *
 * @since 0.5.0
 * @category constants
 */
export const threeDPagePath = (masterpassPaymentId: string): string =>
  `${threeDPages}/${encodeURIComponent(masterpassPaymentId)}`

/**
 * A payment started as Paywall's browser SDK would start it: its ids, the OTP token when
 * it awaits an OTP (for `verifyPayment`), and the URL of its 3D page when it has a 3D step.
 *
 * @example
 * ```ts
 * import type { PaywallSandbox } from "@paywall-effect/sandbox"
 *
 * const needsOtp = (payment: PaywallSandbox.StartedPayment) => payment.otpToken !== undefined
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface StartedPayment {
  readonly masterpassPaymentId: string
  readonly paymentId: MasterpassService.PaymentId
  /** Paywall's code of the payment (a Guid), for the Private API. */
  readonly uniqueCode: string
  /** The merchant's code of the payment, for the Private API. */
  readonly merchantUniqueCode: string
  readonly otpToken?: string
  /** The sandbox's stand-in 3D page (see {@link threeDPagePath}), for a payment started with `threeD`. */
  readonly threeDUrl?: string
}

/**
 * What the merchant's server answered to a 3D callback the sandbox posted: status, headers
 * (lower-case names) and body text. A redirect is not followed: its `location` is in `headers`.
 *
 * @example
 * ```ts
 * import type { PaywallSandbox } from "@paywall-effect/sandbox"
 *
 * const redirectedTo = (answer: PaywallSandbox.CallbackAnswer) => answer.headers["location"]
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export interface CallbackAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * A payment as the sandbox's Private API holds it: its codes, amount, status (`Pending` until
 * committed), the day it succeeded (in the sandbox's zone) and how much was refunded.
 *
 * @example
 * ```ts
 * import type { PaywallSandbox } from "@paywall-effect/sandbox"
 * import { BigDecimal } from "effect"
 *
 * const left = (payment: PaywallSandbox.SandboxPayment) => BigDecimal.subtract(payment.amount, payment.refunded)
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type SandboxPayment = PaymentView

/**
 * A request as it arrived, before any fault bent its answer: the endpoint's name, its body as
 * sent (empty for a GET) and the headers its declaration reads.
 *
 * @example
 * ```ts
 * import type { PaywallSandbox } from "@paywall-effect/sandbox"
 *
 * const refunds = (received: ReadonlyArray<PaywallSandbox.Received>) =>
 *   received.filter((request) => request.endpoint === "refundPartially").length
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export interface Received {
  readonly endpoint: string
  readonly body: string
  readonly headers: Readonly<Record<string, string | undefined>>
}

/**
 * A session the sandbox created.
 *
 * @example
 * ```ts
 * import { PaywallSandbox } from "@paywall-effect/sandbox"
 * import { Effect } from "effect"
 *
 * const ids = Effect.flatMap(PaywallSandbox.PaywallSandbox, (sandbox) => sandbox.sessions).pipe(
 *   Effect.map((sessions: ReadonlyArray<PaywallSandbox.SandboxSession>) => sessions.map((session) => session.body.SessionId))
 * )
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SandboxSession {
  readonly request: CreateSessionRequest.CreateSessionRequest
  readonly body: MasterpassSession.SessionBody
  readonly createdAt: DateTime.Utc
}

/**
 * A Masterpass service call the sandbox answered with a session it knew: the session it named,
 * whose it was, and the session the answer named (another one when the call renewed it).
 *
 * @example
 * ```ts
 * import type { PaywallSandbox } from "@paywall-effect/sandbox"
 *
 * const commits = (calls: ReadonlyArray<PaywallSandbox.SandboxCall>) =>
 *   calls.filter((call) => call.endpoint === "commitPayment").length
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export interface SandboxCall {
  /** The endpoint's name in `PaywallApi` (`listCards`, `commitPayment`, ...). */
  readonly endpoint: string
  readonly userId: string
  readonly sessionId: string
  readonly answeredSessionId: string
}

/**
 * What a test can do with a running sandbox.
 *
 * @example
 * ```ts
 * import { Fault, PaywallSandbox } from "@paywall-effect/sandbox"
 * import { Effect } from "effect"
 *
 * const outage = (sandbox: PaywallSandbox.Service) => sandbox.inject(Fault.Fault.Status({ status: 503 }), { times: 3 })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** The base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string
  /** The credentials the sandbox accepts. */
  readonly credentials: PaywallCredentials.Credentials
  /** The zone its expiry times are written in. */
  readonly timeZone: string
  /** Every session created so far, oldest first. */
  readonly sessions: Effect.Effect<ReadonlyArray<SandboxSession>>
  /** How many requests arrived, to any endpoint (faulted or not). */
  readonly requests: Effect.Effect<number>
  /**
   * Every Masterpass service call answered with a session the sandbox knew, oldest first (a
   * fault that answers in its place is not one; `requests` counts those too).
   */
  readonly calls: Effect.Effect<ReadonlyArray<SandboxCall>>
  /** Every request that arrived, oldest first (faulted or not), to count or read what was sent. */
  readonly received: Effect.Effect<ReadonlyArray<Received>>
  /** The payment with this merchant's code, as the Private API holds it (what a test checks a call against). */
  readonly payment: (merchantUniqueCode: string) => Effect.Effect<Option.Option<SandboxPayment>>
  /** How many client connections are open now. */
  readonly openConnections: Effect.Effect<number>
  /** Injects a fault for the next request(s), or for those with a given ReferenceCode or endpoint. */
  readonly inject: (fault: Fault, target?: Target) => Effect.Effect<void>
  /**
   * Starts a payment for the user of a session the sandbox knows, as the browser SDK would:
   * awaiting an OTP (`otp: true`, for `verifyPayment`), its 3D step (`threeD`: the back URLs its
   * 3D callback is posted to; a commit answers 56 until a successful callback), or its commit;
   * `autoCommit: true` makes a commit answer ErrorCode 92, and completes the payment at once (or
   * once its OTP is verified). `amount` (default 100.00), `installment` (default 1) and
   * `merchantUniqueCode` (default the Masterpass payment id) are what its 3D callback reports, and
   * the payment's for the Private API, which reports it `Pending` until it is completed. Dies for an
   * unknown session or a merchant's code already used (mistakes in the test). A page starts one
   * through {@link BrowserSdk.purchasePath} instead.
   */
  readonly startPayment: (payment: {
    readonly sessionId: string
    readonly otp?: boolean
    readonly autoCommit?: boolean
    readonly amount?: BigDecimal.BigDecimal
    readonly installment?: number
    readonly merchantUniqueCode?: string
    readonly threeD?: { readonly successUrl: string; readonly failUrl: string }
  }) => Effect.Effect<StartedPayment>
  /** The 3D hash key the sandbox signs its callbacks with. */
  readonly threeDHashKey: Redacted.Redacted<string>
  /**
   * The 3D callback form Paywall would post for a payment (default `status` `Success`), signed
   * with {@link Service.threeDHashKey} and bent by the next injected callback fault. Ends the
   * payment's 3D step: a success leaves it to commit, a failure drops it. Dies for an unknown payment.
   */
  readonly threeDCallback: (payment: {
    readonly masterpassPaymentId: string
    readonly status?: ThreeDCallback.Status
  }) => Effect.Effect<ThreeDCallback.Form>
  /**
   * Posts {@link Service.threeDCallback}'s form to `url` (the merchant's callback route) as the
   * user's browser would (`application/x-www-form-urlencoded`), and returns the answer.
   */
  readonly postThreeDCallback: (payment: {
    readonly masterpassPaymentId: string
    readonly url: string
    readonly status?: ThreeDCallback.Status
  }) => Effect.Effect<CallbackAnswer, HttpClientError.HttpClientError>
  /** Injects a fault into the next `times` (default 1) 3D callbacks, posted or shown on the 3D page. */
  readonly injectCallback: (fault: CallbackFault, target?: { readonly times?: number }) => Effect.Effect<void>
}

/**
 * The running sandbox, as a service.
 *
 * @example
 * ```ts
 * import { PaywallSandbox } from "@paywall-effect/sandbox"
 * import { Effect } from "effect"
 *
 * const url = Effect.map(PaywallSandbox.PaywallSandbox, (sandbox) => sandbox.url)
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class PaywallSandbox extends Context.Tag("@paywall-effect/sandbox/PaywallSandbox")<PaywallSandbox, Service>() {}

/**
 * How to start the sandbox.
 *
 * @example
 * ```ts
 * import { PaywallSandbox } from "@paywall-effect/sandbox"
 *
 * const SandboxLive = PaywallSandbox.layer({ sessionLifetime: "30 minutes", client: { maxRetries: 0 } })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The credentials to accept; default: a fresh random pair. */
  readonly credentials?: PaywallCredentials.Credentials
  /** The port on 127.0.0.1; default 0 (any free port). */
  readonly port?: number
  /** How long a session lives; default 15 minutes. */
  readonly sessionLifetime?: Duration.DurationInput
  /** The zone of the expiry times it writes (without offset, as Paywall does); default Europe/Istanbul. */
  readonly timeZone?: string
  /**
   * The users with a Masterpass account: linked to the merchant (default true) and with these
   * card aliases. Any other user has none (card list: `USER_NOT_FOUND`).
   */
  readonly accounts?: ReadonlyArray<AccountSeed>
  /**
   * Renews a session on every `renewEvery`-th Masterpass call made with it: that answer (success
   * or failure) names a new SessionId with `SessionRenewed: true`, and the old id is no longer
   * known. Default: never. (Paywall does not document when it renews.)
   */
  readonly renewEvery?: number
  /** With {@link layer}: the client's other settings (timeouts, retries, limits) in the `PaywallConfig` it provides. */
  readonly client?: Omit<PaywallConfig.Options, "baseUrl" | "privateBaseUrl" | "expiryTimeZone">
  /** The 3D hash key its callbacks are signed with; default: a fresh random key. */
  readonly threeDHashKey?: Redacted.Redacted<string>
  /** How the amount is written in its callbacks' hash string; default `ThreeDCallback.invariantCulture`. */
  readonly threeDAmountFormat?: ThreeDCallback.AmountFormat
}

const encodeEnvelope = Schema.encodeSync(PaywallEnvelope.AnyEnvelope)
const decodeRequest = Schema.decodeUnknownEither(PaywallApi.createSession.request, { errors: "all" })
const decodeTokenRequest = Schema.decodeUnknownEither(PaywallApi.createSdkToken.request, { errors: "all" })
/** A request's JSON, its long numbers (a decimal amount) kept as their exact text. */
const parseJson = (text: string): Option.Option<unknown> => Option.liftThrowable(JsonNumber.parse)(text)

/** Paywall's envelope as its services write it: `ErrorCodeType` 1 and `ErrorMessage` null, then these. */
const envelope = (ErrorCode: number, Result: boolean, Message: string, Body: unknown) =>
  encodeEnvelope({ ErrorCodeType: 1, ErrorMessage: null, ErrorCode, Result, Message, Body })

const failureEnvelope = (errorCode: number, message: string) => envelope(errorCode, false, message, null)

/** What the sandbox answers to a request: a status and the envelope, before any fault bends it. */
interface Answer {
  readonly status: number
  readonly envelope: unknown
}

const failure = (status: number, errorCode: number, message: string): Answer => ({
  status,
  envelope: failureEnvelope(errorCode, message)
})

const encodeSession = Schema.encodeSync(MasterpassSession.SessionState)

const successEnvelope = (Body: unknown) => envelope(0, true, "", Body)

/** A Paywall-level failure of a Masterpass service, as documented: the session, `Masterpass: null`. */
const paywallFailureEnvelope = (errorCode: number, message: string, Session: unknown) =>
  envelope(errorCode, false, message, { Session, Masterpass: null })

/** A Masterpass-level failure, as documented: `ErrorCode` 0 and `Result` true unless `errorCode` says otherwise. */
const masterpassFailureEnvelope = (
  failed: Extract<Handled<never>, { readonly _tag: "Masterpass" }>,
  Session: unknown
) =>
  envelope(failed.errorCode ?? 0, (failed.errorCode ?? 0) === 0, "", {
    ...(Session === null ? {} : { Session }),
    Masterpass: {
      Result: null,
      BuildId: "sandbox",
      CorrelationId: null,
      Exception: { Level: failed.level, Code: failed.code, Message: failed.message },
      Message: failed.level,
      RequestId: null,
      StatusCode: failed.statusCode,
      Version: null
    }
  })

/** The answer as JSON text, its decimal amounts written digit for digit. */
const respond = (answer: Answer) =>
  HttpServerResponse.text(JsonNumber.stringify(answer.envelope), {
    status: answer.status,
    contentType: "application/json"
  })

/** A Private API refusal (Paywall documents none): the shape of its documented success, `Result` false. */
const privateFailure = (errorCode: number, message: string): Answer => ({
  status: 200,
  envelope: encodeEnvelope({ ErrorCode: errorCode, Result: false, Message: message, Body: null })
})

/** The success of a cancel or refund, exactly as documented: no `ErrorCodeType` nor `ErrorMessage`. */
const acceptedAnswer: Answer = {
  status: 200,
  envelope: encodeEnvelope({ ErrorCode: 0, Result: true, Message: "Success", Body: null })
}

/** Names the wire fields of a failed decode, never their values (the phone is personal data). */
const invalidFields = (error: ParseResult.ParseError) =>
  Arr.dedupe(ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => issue.path.join(".") || "body"))

interface Injected<F> {
  readonly fault: F
  readonly remaining: number
  readonly referenceCode: string | undefined
  readonly endpoint: string | undefined
}

/** Takes one use of the first fault that applies to a request of `endpoint` with `referenceCode`. */
const takeFault = <F>(
  faults: Ref.Ref<ReadonlyArray<Injected<F>>>,
  endpoint: string,
  referenceCode: string | undefined
) =>
  Ref.modify(faults, (all): [Option.Option<F>, ReadonlyArray<Injected<F>>] => {
    const index = all.findIndex((entry) =>
      (entry.referenceCode === undefined || entry.referenceCode === referenceCode)
      && (entry.endpoint === undefined || entry.endpoint === endpoint)
    )
    const entry = all[index]
    if (entry === undefined) return [Option.none(), all]
    const rest = entry.remaining > 1
      ? Arr.replace(all, index, { ...entry, remaining: entry.remaining - 1 })
      : Arr.remove(all, index)
    return [Option.some(entry.fault), rest]
  })

/**
 * Acts on the Node response directly (for faults below HTTP), then waits: the closing socket
 * interrupts the handler, so the platform writes nothing after it.
 */
const onSocket = (act: (response: Http.ServerResponse) => void) =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
    act(NodeHttpServerRequest.toServerResponse(request))
    return Effect.never
  })

/** Whether `text` is an absolute http or https URL (a back URL a browser can post to). */
const isWebUrl = (text: string): boolean => URL.canParse(text) && ["http:", "https:"].includes(new URL(text).protocol)

/** A request's `ReferenceCode`: its own, or that of the Masterpass session an SDK token asks for. */
const referenceCodeOf = (json: Option.Option<unknown>): string | undefined => {
  const of = (value: unknown): string | undefined =>
    typeof value === "object" && value !== null
      ? "ReferenceCode" in value && typeof value.ReferenceCode === "string"
        ? value.ReferenceCode
        : "MasterpassSession" in value
        ? of(value.MasterpassSession)
        : undefined
      : undefined
  return Option.match(json, { onNone: () => undefined, onSome: of })
}

/**
 * What a route reads of a request: the headers it records, the wire form its answer reads (none
 * for a body that is not JSON), and the `ReferenceCode` a fault may target it by.
 */
interface Read {
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly wire: Option.Option<unknown>
  readonly referenceCode: string | undefined
}

/**
 * A declared endpoint's request as its declaration reads it: the JSON body (none for a GET) with
 * the header keys it declares; a fault targets it by endpoint only.
 */
const readDeclared = (
  text: string,
  request: HttpServerRequest.HttpServerRequest,
  endpoint: PaywallEndpoint.Any
): Read => {
  const headerKeys: ReadonlyArray<string> = endpoint.headers ?? []
  const headers = Object.fromEntries(headerKeys.map((key) => [key, request.headers[key]]))
  const body = endpoint.method === "GET" && text === "" ? Option.some({}) : parseJson(text)
  const wire = Option.map(body, (json) => ({
    ...(typeof json === "object" && json !== null ? json : {}),
    ...headers
  }))
  return { headers, wire, referenceCode: undefined }
}

/**
 * The request of an endpoint without a session to use (Create Session, SDK token): its JSON body
 * as sent, no headers recorded; a fault may target it by its `ReferenceCode` (or its session's).
 */
const readOpen = (text: string): Read => {
  const json = parseJson(text)
  return { headers: {}, wire: json, referenceCode: referenceCodeOf(json) }
}

/**
 * Starts the sandbox for the life of the scope.
 *
 * @example
 * ```ts
 * import { PaywallSandbox } from "@paywall-effect/sandbox"
 * import { Console, Effect } from "effect"
 *
 * const program = Effect.scoped(
 *   Effect.flatMap(PaywallSandbox.make(), (sandbox) => Console.log(`sandbox at ${sandbox.url}`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options = {}
): Effect.Effect<Service, HttpServerError.ServeError, Scope.Scope> =>
  Effect.gen(function*() {
    const credentials = options.credentials ?? {
      apiKeyPrivate: Redacted.make(`sandbox-key-${randomBytes(12).toString("hex")}`),
      apiClientPrivate: Redacted.make(`sandbox-client-${randomBytes(12).toString("hex")}`),
      apiKeyPublic: Redacted.make(`sandbox-public-key-${randomBytes(12).toString("hex")}`),
      apiClientPublic: Redacted.make(`sandbox-public-client-${randomBytes(12).toString("hex")}`)
    }
    /** The pair each endpoint is called with, as the headers carry it. */
    const accepted: Record<PaywallEndpoint.KeyPair, readonly [string | undefined, string | undefined]> = {
      private: [Redacted.value(credentials.apiKeyPrivate), Redacted.value(credentials.apiClientPrivate)],
      public: [
        credentials.apiKeyPublic && Redacted.value(credentials.apiKeyPublic),
        credentials.apiClientPublic && Redacted.value(credentials.apiClientPublic)
      ]
    }
    const timeZone = options.timeZone ?? PaywallApi.defaultExpiryTimeZone
    const zone = DateTime.zoneUnsafeMakeNamed(timeZone)
    const lifetime = Duration.decode(options.sessionLifetime ?? Duration.minutes(15))
    const sessions = yield* Ref.make<ReadonlyArray<SandboxSession>>([])
    const faults = yield* Ref.make<ReadonlyArray<Injected<Fault>>>([])
    const callbackFaults = yield* Ref.make<ReadonlyArray<Injected<CallbackFault>>>([])
    const threeDHashKey = options.threeDHashKey ?? Redacted.make(`sandbox-3d-${randomBytes(12).toString("hex")}`)
    const callbacks = makeCallbacks({ hashKey: threeDHashKey, amountFormat: options.threeDAmountFormat, zone })
    const received: Array<Received> = []
    let requests = 0
    let openConnections = 0
    const calls: Array<SandboxCall> = []
    /** The sessions Masterpass services accept, by id: whose they are and how often they were used. */
    const known = new Map<string, { readonly userId: string; calls: number }>()
    let current = new MasterpassSession.SessionState({ sessionId: newSessionId(), renewed: false })
    /** Each user's phone, from their last Create Session: the card list's `AccountKey`, as in Paywall's example. */
    const phones = new Map<string, string>()
    const payments = makePayments(zone)
    const masterpass = makeMasterpass({
      otpCode,
      accounts: options.accounts ?? [],
      session: () => current,
      accountKey: (userId) => phones.get(userId) ?? userId,
      ledger: payments.ledger
    })

    /** The known session a request names, if any (its wire form is read by the endpoint's own schema). */
    const sessionOf =
      (decode: (wire: unknown) => Either.Either<{ readonly sessionId: string }, unknown>) => (wire: unknown) =>
        Option.flatMap(Either.getRight(decode(wire)), ({ sessionId }) =>
          Option.map(Option.fromNullable(known.get(sessionId)), (entry) => ({ sessionId, entry })))

    /** Uses a session once, renewing it on every `renewEvery`-th use: the session the answer names. */
    const use = (sessionId: string, entry: { readonly userId: string; calls: number }) => {
      entry.calls++
      if (options.renewEvery === undefined || entry.calls % options.renewEvery !== 0) {
        return new MasterpassSession.SessionState({
          sessionId: MasterpassSession.AnswerSessionId.make(sessionId),
          renewed: false
        })
      }
      const renewed = newSessionId()
      known.delete(sessionId)
      known.set(renewed, { userId: entry.userId, calls: 0 })
      return new MasterpassSession.SessionState({ sessionId: renewed, renewed: true })
    }

    const replyContext: PaywallEndpoint.ReplyContext = { expiryTimeZone: zone }

    /**
     * An endpoint's route: the request counted, read (see `Read`) and recorded, then `normal`'s
     * answer, or the one a fault targeting it makes of it (`session`: the `Body.Session` of a
     * request naming a known session, for the faults that carry one).
     */
    const route = (
      endpoint: PaywallEndpoint.Any,
      read: (text: string, request: HttpServerRequest.HttpServerRequest, endpoint: PaywallEndpoint.Any) => Read,
      normal: (wire: Option.Option<unknown>) => Effect.Effect<Answer, never, HttpServerRequest.HttpServerRequest>,
      session?: (wire: Option.Option<unknown>) => Option.Option<unknown>
    ) =>
      HttpRouter.route(endpoint.method)(
        endpoint.path,
        Effect.gen(function*() {
          requests++
          const request = yield* HttpServerRequest.HttpServerRequest
          const text = yield* request.text
          const { headers, referenceCode, wire } = read(text, request, endpoint)
          received.push({ endpoint: endpoint.name, body: text, headers })
          const fault = yield* takeFault(faults, endpoint.name, referenceCode)
          return yield* Option.match(fault, {
            onNone: () =>
              Effect.map(normal(wire), respond),
            onSome: (fault) => faulted(fault, normal(wire), session === undefined ? Option.none() : session(wire))
          })
        })
      )

    /**
     * A Masterpass service's route, from its declaration: credentials and the request (see
     * `admit`), the session, then `handle`.
     */
    const masterpassRoute = <E extends PaywallEndpoint.Any>(
      endpoint: E,
      handle: (
        request: PaywallEndpoint.Request<E>,
        userId: string,
        now: DateTime.Utc
      ) => Handled<PaywallEndpoint.Reply<E>>
    ) => {
      const decode = Schema.decodeUnknownEither(endpoint.request, { errors: "all" })
      const encodeBody = Schema.encodeSync(endpoint.reply(replyContext))
      const knownSession = sessionOf(decode)
      const normal = (wire: Option.Option<unknown>) =>
        Effect.gen(function*() {
          const decoded = yield* admit(decode, wire)
          if (Either.isLeft(decoded)) {
            return decoded.left
          }
          const session = knownSession(decoded.right.wire)
          if (Option.isNone(session)) {
            return failure(200, SandboxErrorCode.SessionNotFound, "Masterpass session not found or expired")
          }
          current = use(session.value.sessionId, session.value.entry)
          calls.push({
            endpoint: endpoint.name,
            userId: session.value.entry.userId,
            sessionId: session.value.sessionId,
            answeredSessionId: current.sessionId
          })
          const handled = handle(decoded.right.request, session.value.entry.userId, yield* DateTime.now)
          const Session = encodeSession(current)
          switch (handled._tag) {
            case "Reply":
              return { status: 200, envelope: successEnvelope(encodeBody(handled.reply)) }
            case "Masterpass":
              return { status: 200, envelope: masterpassFailureEnvelope(handled, Session) }
            case "Paywall":
              return { status: 200, envelope: paywallFailureEnvelope(handled.errorCode, handled.message, Session) }
          }
        })
      return route(endpoint, readDeclared, normal, (wire) =>
        Option.map(Option.flatMap(wire, knownSession), ({ sessionId }) =>
          encodeSession(
            new MasterpassSession.SessionState({
              sessionId: MasterpassSession.AnswerSessionId.make(sessionId),
              renewed: false
            })
          )))
    }

    /**
     * A Private API service's route, from its declaration: credentials and the request (see
     * `admit`), then `handle` at the sandbox's time. A query's success is the full envelope,
     * as documented; a cancel's or refund's is `acceptedAnswer`.
     */
    const privateRoute = <E extends PaywallEndpoint.Any>(
      endpoint: E,
      handle: (request: PaywallEndpoint.Request<E>, now: DateTime.Utc) => Handled<PaywallEndpoint.Reply<E>>
    ) => {
      const decode = Schema.decodeUnknownEither(endpoint.request, { errors: "all" })
      const encodeBody = Schema.encodeSync(endpoint.reply(replyContext))
      const normal = (wire: Option.Option<unknown>) =>
        Effect.gen(function*() {
          const decoded = yield* admit(decode, wire)
          if (Either.isLeft(decoded)) {
            return decoded.left
          }
          const handled = handle(decoded.right.request, yield* DateTime.now)
          switch (handled._tag) {
            case "Reply": {
              const Body = encodeBody(handled.reply)
              return Body === null ? acceptedAnswer : { status: 200, envelope: successEnvelope(Body) }
            }
            case "Masterpass":
            case "Paywall":
              return privateFailure(handled._tag === "Paywall" ? handled.errorCode : 1, handled.message)
          }
        })
      return route(endpoint, readDeclared, normal)
    }

    const nodeServer = Http.createServer()
    nodeServer.on("connection", (socket) => {
      openConnections++
      socket.once("close", () =>
        openConnections--)
    })
    const server = yield* NodeHttpServer.make(() =>
      nodeServer, { port: options.port ?? 0, host: "127.0.0.1" })
    const address = server.address._tag === "TcpAddress" ? server.address : undefined
    const url = `http://127.0.0.1:${address?.port}`

    /**
     * The checks every route makes, in Paywall's order: the sandbox's credentials, a JSON body, then
     * the endpoint's request schema. A refusal is the answer; else the request, and the wire form it came in.
     */
    const admit = <A>(
      decode: (wire: unknown) => Either.Either<A, ParseResult.ParseError>,
      json: Option.Option<unknown>,
      pair: PaywallEndpoint.KeyPair = "private"
    ) =>
      Effect.map(
        HttpServerRequest.HttpServerRequest,
        (request): Either.Either<{ readonly request: A; readonly wire: unknown }, Answer> => {
          const [key, client] = accepted[pair]
          const headers = PaywallApi.credentialHeaders[pair]
          if (
            key === undefined || client === undefined || request.headers[headers.apiKey] !== key
            || request.headers[headers.apiClient] !== client
          ) {
            return Either.left(failure(401, SandboxErrorCode.InvalidCredentials, "Invalid API credentials"))
          }
          if (Option.isNone(json)) {
            return Either.left(failure(400, SandboxErrorCode.InvalidRequest, "Invalid request: the body is not JSON"))
          }
          const wire = json.value
          return Either.mapBoth(decode(wire), {
            onLeft: (error) =>
              failure(
                400,
                SandboxErrorCode.InvalidRequest,
                `Invalid request: ${invalidFields(error).join(", ")} missing or invalid`
              ),
            onRight: (request) => ({ request, wire })
          })
        }
      )

    /** Opens a session for a Create Session request (made on its own or with an SDK token). */
    const openSession = (request: CreateSessionRequest.CreateSessionRequest) =>
      Effect.gen(function*() {
        const now = yield* DateTime.now
        const expiry = DateTime.unsafeMakeZoned(DateTime.addDuration(now, lifetime), { timeZone: zone })
        const body: MasterpassSession.SessionBody = {
          SessionId: MasterpassSession.SessionId.make(randomUUID()),
          // Paywall writes local time without an offset.
          SessionExpiryDate: DateTime.formatIsoOffset(expiry).slice(0, 19)
        }
        yield* Ref.update(sessions, Arr.append({ request, body, createdAt: now }))
        known.set(body.SessionId, { userId: request.userId, calls: 0 })
        phones.set(request.userId, request.userPhone)
        return body
      })

    /** Paywall's answer to a Create Session request: credentials, then the body, then a new session. */
    const answer = (json: Option.Option<unknown>): Effect.Effect<Answer, never, HttpServerRequest.HttpServerRequest> =>
      Effect.gen(function*() {
        const decoded = yield* admit(decodeRequest, json)
        if (Either.isLeft(decoded)) {
          return decoded.left
        }
        const Body = yield* openSession(decoded.right.request)
        return { status: 200, envelope: successEnvelope(Body) }
      })

    let tokens = 0
    /** The SDK tokens that carry a Masterpass session: whose, and until when (what the browser SDK stand-in takes). */
    const sdkTokens = new Map<string, { readonly userId: string; readonly expiresAt: DateTime.Utc }>()
    /** Paywall's answer to an SDK token request (public pair): a token, and a session when asked for one. */
    const tokenAnswer = (json: Option.Option<unknown>) =>
      Effect.gen(function*() {
        const decoded = yield* admit(decodeTokenRequest, json, "public")
        if (Either.isLeft(decoded)) {
          return decoded.left
        }
        const { expiryMinutes, masterpassSession } = decoded.right.request
        const now = yield* DateTime.now
        const expiry = DateTime.unsafeMakeZoned(DateTime.addDuration(now, Duration.minutes(expiryMinutes)), {
          timeZone: zone
        })
        const session = masterpassSession === undefined ? undefined : yield* openSession(masterpassSession)
        const Token = randomUUID()
        if (masterpassSession !== undefined) {
          sdkTokens.set(Token, { userId: masterpassSession.userId, expiresAt: DateTime.toUtc(expiry) })
        }
        const Body: typeof SdkToken.SdkTokenBody.Encoded = {
          TempTokenId: ++tokens,
          Token,
          ExpiryDateTime: DateTime.formatIsoOffset(expiry),
          ...(session === undefined ? {} : { Masterpass: { ...session, MasterpassToken: randomUUID() } })
        }
        return { status: 200, envelope: successEnvelope(Body) } satisfies Answer
      })

    /**
     * The answer to a request bent by `fault`: `normal` is what it would have been, `session`
     * the wire `Body.Session` of the request's session, if it named a known one.
     */
    const faulted = (
      fault: Fault,
      normal: Effect.Effect<Answer, never, HttpServerRequest.HttpServerRequest>,
      session: Option.Option<unknown>
    ) => {
      /** The answer's body as text, for faults that cut or pad it. */
      const answerText = Effect.map(normal, (answer) =>
        JsonNumber.stringify(answer.envelope))
      return Fault.$match(fault, {
        Latency: ({ duration }) =>
          Effect.zipRight(Effect.sleep(duration), Effect.map(normal, respond)),
        Status: ({ envelope, headers, status }) =>
          Effect.succeed(
            (envelope
              ? respond(failure(status, status, `Service failure ${status}`))
              : HttpServerResponse.text(`Service failure ${status}`, { status })).pipe(
                HttpServerResponse.setHeaders(headers ?? {})
              )
          ),
        HtmlPage: ({ status }) =>
          Effect.succeed(
            HttpServerResponse.html(`<!DOCTYPE html><html><body><h1>${status} Error</h1></body></html>`).pipe(
              HttpServerResponse.setStatus(status)
            )
          ),
        MalformedJson: () =>
          Effect.succeed(
            HttpServerResponse.text("{\"ErrorCode\":0,\"Result\":true,,}", { contentType: "application/json" })
          ),
        TruncatedJson: () =>
          Effect.map(
            answerText,
            (text) =>
              HttpServerResponse.text(text.slice(0, Math.floor(text.length / 2)), { contentType: "application/json" })
          ),
        TruncatedBody: () =>
          Effect.flatMap(answerText, (text) =>
            onSocket((response) => {
              response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) })
              response.write(text.slice(0, Math.floor(text.length / 2)), () =>
                response.socket?.destroy())
            })),
        ResetConnection: () => onSocket((response) => response.socket?.destroy()),
        SlowBody: ({ interval }) =>
          Effect.map(answerText, (text) =>
            HttpServerResponse.stream(
              Stream.fromIterable(new TextEncoder().encode(text)).pipe(
                Stream.map((byte) => Uint8Array.of(byte)),
                Stream.schedule(Schedule.spaced(interval))
              ),
              { contentType: "application/json" }
            )),
        Hang: () => Effect.never,
        EnvelopeError: ({ errorCode, message, status }) =>
          Effect.succeed(respond({
            status: status ?? 200,
            envelope: Option.match(session, {
              onNone: () => failureEnvelope(errorCode, message),
              // A Masterpass service's Paywall-level failure, as documented: the session, no Masterpass.
              onSome: (Session) => paywallFailureEnvelope(errorCode, message, Session)
            })
          })),
        MasterpassError: ({ code, errorCode, level, message, statusCode }) =>
          Effect.succeed(respond({
            status: 200,
            envelope: masterpassFailureEnvelope({
              _tag: "Masterpass",
              code,
              level: level ?? "NotFound",
              message: message ?? code,
              statusCode: statusCode ?? 404,
              ...(errorCode === undefined ? {} : { errorCode })
            }, Option.getOrNull(session))
          })),
        SuccessWithoutBody: () =>
          Effect.succeed(HttpServerResponse.unsafeJson(
            encodeEnvelope({ ErrorCodeType: 1, ErrorMessage: null, ErrorCode: 0, Result: true, Message: "" })
          )),
        Oversize: ({ bytes }) =>
          Effect.map(answerText, (text) =>
            HttpServerResponse.text(text + " ".repeat(Math.max(0, bytes - text.length)), {
              contentType: "application/json"
            }))
      })
    }

    const decodePurchase = Schema.decodeUnknownEither(BrowserSdk.PurchaseRequest, { errors: "all" })
    const encodePurchase = Schema.encodeSync(BrowserSdk.PurchaseAnswer)
    const encodePurchaseFailure = Schema.encodeSync(BrowserSdk.PurchaseFailure)
    const purchaseRefused = (status: number, code: string, message: string) =>
      HttpServerResponse.unsafeJson(encodePurchaseFailure({ code, message }), { status })

    /**
     * The browser SDK's purchase: a JSON request, an SDK token the sandbox issued with a Masterpass
     * session (unexpired), then Masterpass's checks for the token's user.
     */
    const purchase = Effect.gen(function*() {
      requests++
      const request = yield* HttpServerRequest.HttpServerRequest
      const json = parseJson(yield* request.text)
      if (Option.isNone(json)) return purchaseRefused(400, "INVALID_REQUEST", "Invalid request: the body is not JSON")
      const decoded = decodePurchase(json.value)
      if (Either.isLeft(decoded)) {
        const fields = invalidFields(decoded.left).join(", ")
        return purchaseRefused(400, "INVALID_REQUEST", `Invalid request: ${fields} missing or invalid`)
      }
      const { amount, cardAlias, orderId, threeD, token } = decoded.right
      const issued = sdkTokens.get(token)
      const now = yield* DateTime.now
      if (issued === undefined || DateTime.lessThanOrEqualTo(issued.expiresAt, now)) {
        // The text of Paywall's browser SDK for this case.
        return purchaseRefused(401, "SESSION_EXPIRED", "Masterpass session not found or expired")
      }
      if (threeD !== undefined && !(isWebUrl(threeD.successUrl) && isWebUrl(threeD.failUrl))) {
        return purchaseRefused(400, "INVALID_REQUEST", "Invalid request: threeD's URLs must be http or https URLs")
      }
      const handled = masterpass.purchase(
        issued.userId,
        {
          cardAlias,
          merchantUniqueCode: orderId,
          amount: BigDecimal.scale(BigDecimal.unsafeFromNumber(amount), 2),
          threeD
        },
        now
      )
      if (handled._tag !== "Reply") return purchaseRefused(handled.statusCode, handled.code, handled.message)
      const started = handled.reply
      return HttpServerResponse.unsafeJson(encodePurchase(
        "otpToken" in started
          ? {
            masterpassPaymentId: started.masterpassPaymentId,
            merchantUniqueCode: orderId,
            otpToken: started.otpToken
          }
          : {
            masterpassPaymentId: started.masterpassPaymentId,
            merchantUniqueCode: orderId,
            redirectUrl: `${url}${threeDPagePath(started.masterpassPaymentId)}`
          }
      ))
    })
    // The SDK is called from the merchant's page, on another origin: any origin may call it.
    const sdkCors = HttpMiddleware.cors({ allowedMethods: ["POST"] })

    /**
     * The signed callback of a known payment, its 3D step ended as `status` says, with the next
     * injected callback fault applied; none for an unknown payment.
     */
    const callbackFor = (masterpassPaymentId: string, status: ThreeDCallback.Status) =>
      Effect.gen(function*() {
        const payment = masterpass.endThreeD(masterpassPaymentId, status === "Success")
        if (payment === undefined) return Option.none()
        const fault = yield* takeFault(callbackFaults, "threeDCallback", undefined)
        return Option.some(callbacks.form(payment, status, yield* DateTime.now, Option.getOrUndefined(fault)))
      })

    const threeDCallback: Service["threeDCallback"] = ({ masterpassPaymentId, status = "Success" }) =>
      Effect.flatMap(callbackFor(masterpassPaymentId, status), (found) =>
        Option.match(found, {
          onNone: () => Effect.dieMessage(`PaywallSandbox.threeDCallback: unknown payment ${masterpassPaymentId}`),
          onSome: Effect.succeed
        }))

    const notFoundPage = HttpServerResponse.text(
      "<!DOCTYPE html><html><body><h1>404 No such 3D step</h1></body></html>",
      { status: 404, contentType: "text/html; charset=utf-8" }
    )

    /** The stand-in 3D page: posts the payment's callback to its success (or, `?status=Unsuccessful`, fail) URL. */
    const threeDPage = Effect.gen(function*() {
      requests++
      const request = yield* HttpServerRequest.HttpServerRequest
      const { masterpassPaymentId = "" } = yield* HttpRouter.params
      const status = new URL(request.url, url).searchParams.get("status") === "Unsuccessful"
        ? "Unsuccessful"
        : "Success"
      // Only a payment started with back URLs has a 3D step to end here.
      const backUrls = masterpass.payment(masterpassPaymentId)?.threeD
      if (backUrls === undefined) return notFoundPage
      const found = yield* callbackFor(masterpassPaymentId, status)
      return Option.match(found, {
        onNone: () => notFoundPage,
        onSome: (form) =>
          HttpServerResponse.text(page(status === "Success" ? backUrls.successUrl : backUrls.failUrl, form), {
            contentType: "text/html; charset=utf-8",
            headers: { "cache-control": "no-store" }
          })
      })
    })

    const router = HttpRouter.empty.pipe(
      route(PaywallApi.createSession, readOpen, answer),
      route(PaywallApi.createSdkToken, readOpen, tokenAnswer),
      masterpassRoute(PaywallApi.listCards, masterpass.handlers.listCards),
      masterpassRoute(PaywallApi.deleteCard, masterpass.handlers.deleteCard),
      masterpassRoute(PaywallApi.linkToMerchant, masterpass.handlers.linkToMerchant),
      masterpassRoute(PaywallApi.unlinkFromMerchant, masterpass.handlers.unlinkFromMerchant),
      masterpassRoute(PaywallApi.verifyOtp, masterpass.handlers.verifyOtp),
      masterpassRoute(PaywallApi.resendOtp, masterpass.handlers.resendOtp),
      masterpassRoute(PaywallApi.verifyPayment, masterpass.handlers.verifyPayment),
      masterpassRoute(PaywallApi.commitPayment, masterpass.handlers.commitPayment),
      masterpassRoute(PaywallApi.commitPaymentById, masterpass.handlers.commitPaymentById)
    ).pipe(
      HttpRouter.post(BrowserSdk.purchasePath, sdkCors(purchase)),
      HttpRouter.options(BrowserSdk.purchasePath, sdkCors(Effect.succeed(HttpServerResponse.empty()))),
      privateRoute(PaywallApi.queryPayment, payments.handlers.queryPayment),
      privateRoute(PaywallApi.queryPaymentByUniqueCode, payments.handlers.queryPaymentByUniqueCode),
      privateRoute(PaywallApi.cancelPayment, payments.handlers.cancelPayment),
      privateRoute(PaywallApi.refundPayment, payments.handlers.refundPayment),
      privateRoute(PaywallApi.refundPartially, payments.handlers.refundPartially),
      privateRoute(PaywallApi.revertPayment, payments.handlers.revertPayment),
      HttpRouter.get("/openapi.json", Effect.succeed(HttpServerResponse.unsafeJson(openApiDocument))),
      HttpRouter.get(`${threeDPages}/:masterpassPaymentId`, threeDPage)
    )
    // The server's own spans show the credential headers redacted, as the client's do.
    yield* server.serve(router).pipe(
      Effect.locallyWith(
        Headers.currentRedactedNames,
        (names): ReadonlyArray<string | RegExp> => [...names, ...PaywallApi.credentialHeaderNames]
      )
    )

    return PaywallSandbox.of({
      url,
      credentials,
      timeZone,
      sessions: Ref.get(sessions),
      requests: Effect.sync(() => requests),
      calls: Effect.sync(() => [...calls]),
      received: Effect.sync(() => received.slice()),
      payment: (merchantUniqueCode) => Effect.sync(() => Option.fromNullable(payments.view(merchantUniqueCode))),
      openConnections: Effect.sync(() => openConnections),
      startPayment: ({ sessionId, ...start }) => {
        const entry = known.get(sessionId)
        if (entry === undefined) return Effect.dieMessage(`PaywallSandbox.startPayment: unknown session ${sessionId}`)
        if (start.threeD !== undefined && !(isWebUrl(start.threeD.successUrl) && isWebUrl(start.threeD.failUrl))) {
          return Effect.dieMessage("PaywallSandbox.startPayment: threeD's back URLs must be http or https URLs")
        }
        return Effect.flatMap(DateTime.now, (now) =>
          Effect.sync((): StartedPayment => {
            const started = masterpass.startPayment(entry.userId, start, now)
            return start.threeD === undefined
              ? started
              : { ...started, threeDUrl: `${url}${threeDPagePath(started.masterpassPaymentId)}` }
          }))
      },
      threeDHashKey,
      threeDCallback,
      postThreeDCallback: ({ url: target, ...payment }) =>
        Effect.flatMap(threeDCallback(payment), (form) =>
          HttpClient.post(target, { body: HttpBody.urlParams(form) }).pipe(
            Effect.flatMap((response) =>
              Effect.map(
                response.text,
                (body): CallbackAnswer => ({ status: response.status, headers: response.headers, body })
              )
            ),
            // A client of its own per post, closed with it: no socket of the sandbox outlives the post.
            Effect.provide(NodeHttpClient.layerUndici)
          )),
      injectCallback: (fault, target) =>
        Ref.update(
          callbackFaults,
          Arr.append({ fault, remaining: target?.times ?? 1, referenceCode: undefined, endpoint: undefined })
        ),
      inject: (fault, target) =>
        Ref.update(
          faults,
          Arr.append({
            fault,
            remaining: target?.times ?? 1,
            referenceCode: target?.referenceCode,
            endpoint: target?.endpoint
          })
        )
    })
  })

/**
 * The `PAYWALL_*` variables that point a client (`layerConfig`, the CLI, an app) at the sandbox,
 * with its throwaway credentials as plain text: for a child process's environment or a shell.
 *
 * @example
 * ```ts
 * import { PaywallSandbox } from "@paywall-effect/sandbox"
 * import { Effect } from "effect"
 *
 * const env = Effect.map(PaywallSandbox.PaywallSandbox, (sandbox) => ({ ...process.env, ...PaywallSandbox.environment(sandbox) }))
 * ```
 *
 * @since 0.5.0
 * @category utils
 */
export const environment = (sandbox: Service): Record<string, string> => {
  const { apiClientPrivate, apiClientPublic, apiKeyPrivate, apiKeyPublic } = sandbox.credentials
  return {
    PAYWALL_BASE_URL: sandbox.url,
    PAYWALL_PRIVATE_BASE_URL: sandbox.url,
    PAYWALL_API_KEY_PRIVATE: Redacted.value(apiKeyPrivate),
    PAYWALL_API_CLIENT_PRIVATE: Redacted.value(apiClientPrivate),
    ...(apiKeyPublic === undefined || apiClientPublic === undefined ? {} : {
      PAYWALL_API_KEY_PUBLIC: Redacted.value(apiKeyPublic),
      PAYWALL_API_CLIENT_PUBLIC: Redacted.value(apiClientPublic)
    }),
    PAYWALL_3D_HASH_KEY: Redacted.value(sandbox.threeDHashKey)
  }
}

/**
 * Starts the sandbox for the life of the layer and provides, beside it, the `PaywallConfig`
 * (base URL pointing at it) and `PaywallCredentials` a `MasterpassClient` needs, and a
 * `ThreeDCallbackVerifier` with its 3D hash key: one `Layer.provide` gives an application test a
 * real HTTP round trip, callbacks included.
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { MasterpassClient } from "@paywall-effect/http"
 * import { PaywallSandbox } from "@paywall-effect/sandbox"
 * import { Layer } from "effect"
 *
 * const TestMasterpass = MasterpassClient.layer.pipe(
 *   Layer.provideMerge(PaywallSandbox.layer()),
 *   Layer.provide(NodeHttpClient.layerUndici)
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options?: Options
): Layer.Layer<
  | PaywallSandbox
  | PaywallConfig.PaywallConfig
  | PaywallCredentials.PaywallCredentials
  | ThreeDCallbackVerifier.ThreeDCallbackVerifier,
  HttpServerError.ServeError
> => {
  const client = Layer.unwrapEffect(Effect.map(PaywallSandbox, (sandbox) =>
    Layer.mergeAll(
      PaywallConfig.layer({
        ...options?.client,
        baseUrl: sandbox.url,
        privateBaseUrl: sandbox.url,
        expiryTimeZone: sandbox.timeZone
      }),
      PaywallCredentials.layer(sandbox.credentials),
      ThreeDCallbackVerifier.layer({
        hashKey: sandbox.threeDHashKey,
        timeZone: sandbox.timeZone,
        ...(options?.threeDAmountFormat === undefined ? {} : { amountFormat: options.threeDAmountFormat })
      })
    ).pipe(Layer.orDie) // the sandbox's URL, zone, credentials and key are valid by construction; bad client options are a bug
  ))
  return Layer.provideMerge(client, Layer.scoped(PaywallSandbox, make(options)))
}
