/**
 * fast-check arbitraries for everything Paywall's Create Session can involve, built with
 * `Arbitrary.make` from the same schemas the real client decodes with, and for the 3D callbacks
 * Paywall posts (valid and signed, tampered, unsigned), encoded with the real decoder's schema.
 *
 * @since 0.1.0
 */
import type { PaywallEnvelope } from "@paywall-effect/domain"
import {
  CreateSession,
  CreateSessionRequest,
  MasterpassService,
  MasterpassSession,
  PaywallApi,
  PaywallError,
  ThreeDCallback
} from "@paywall-effect/domain"
import { ThreeDCallbackVerifier } from "@paywall-effect/http"
import * as Arbitrary from "effect/Arbitrary"
import * as BigDecimal from "effect/BigDecimal"
import * as DateTime from "effect/DateTime"
import * as fc from "effect/FastCheck"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
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

const successOf = (Body: MasterpassSession.SessionBody) => ({
  ErrorCodeType: 1,
  ErrorMessage: null,
  ErrorCode: 0,
  Result: true,
  Message: "",
  Body
})

/**
 * ErrorCodes with the text Paywall's public documentation gives them; any other code gets
 * placeholder words (Paywall's tables disagree, so no meaning is claimed for them).
 */
const failure = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ ErrorCode: 56, Message: "Masterpass payment not found" }) },
  { weight: 2, arbitrary: fc.constant({ ErrorCode: 77, Message: "Invalid API credentials" }) },
  {
    weight: 3,
    arbitrary: fc.record({ ErrorCode: fc.integer({ min: 1, max: 999 }), Message: fc.lorem({ maxCount: 6 }) })
  }
)

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
  failure,
  result: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  zeroCode: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  body: fc.option(
    fc.option(
      fc.record({
        Session: fc.record({ SessionRenewed: fc.boolean(), SessionId: fc.uuid() }),
        Masterpass: fc.constant(null)
      }),
      { nil: null }
    ),
    { nil: undefined }
  )
}).map(({ body, failure, result, zeroCode }) => ({
  ErrorCodeType: 1,
  ErrorMessage: null,
  // ErrorCode 0 with Result true would be a success: keep at least one of them failing.
  ErrorCode: zeroCode && !result ? 0 : failure.ErrorCode,
  Result: result,
  Message: failure.Message,
  ...(body === undefined ? {} : { Body: body })
}))

const errorStatus = fc.constantFrom(400, 401, 403, 404, 409, 422, 500)
const unexpectedStatus = fc.constantFrom(400, 404, 408, 429, 500, 502, 503, 504)
const errorPage = fc.oneof(
  fc.constant(""),
  fc.constantFrom("Service Unavailable", "Bad Gateway", "upstream connect error").map((text) =>
    `<!DOCTYPE html><html><body><h1>${text}</h1></body></html>`
  )
)

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
    fc.tuple(unexpectedStatus, errorPage).map(([status, body]) => ({
      status,
      body,
      // Pages shorter than the client's excerpt limit, so the excerpt is the page.
      outcome: Outcome.Failed({ error: new PaywallError.PaywallHttpError({ status, bodyExcerpt: body }) })
    })),
    fc.tuple(
      fc.constantFrom(200, 201),
      fc.oneof(errorPage.filter((page) => page !== ""), fc.constant("{\"ErrorCode\":0,"))
    )
      .map(([status, body]) => ({
        status,
        body,
        outcome: Outcome.Failed({
          error: new PaywallError.PaywallDecodeError({ status, issue: "the body is not JSON", bodyExcerpt: body })
        })
      }))
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
export const transportError: fc.Arbitrary<PaywallError.PaywallTransportError> = Arbitrary.make(
  PaywallError.PaywallTransportError.pipe(Schema.annotations({
    arbitrary: () => () =>
      fc.record({
        attempts: fc.integer({ min: 1, max: 3 }),
        failure: fc.oneof(
          fc.constantFrom(
            "connect ECONNREFUSED 185.0.0.1:443",
            "read ECONNRESET",
            "getaddrinfo ENOTFOUND test-payment-api.itspaywall.com"
          ).map((errno) => ({
            reason: "RequestFailed" as const,
            description: `Transport error: fetch failed (${errno})`
          })),
          fc.constant({
            reason: "Timeout" as const,
            description: "no complete answer within the attempt timeout of 10s"
          }),
          fc.constant({
            reason: "BodyFailed" as const,
            description: "the body could not be read: terminated",
            status: 200
          })
        )
      }).map(({ attempts, failure }) => new PaywallError.PaywallTransportError({ ...failure, attempts }))
  }))
)

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
 * Every `PaywallError` the client can produce: {@link answer} failures, {@link transportError}s
 * and {@link requestError}s.
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
  transportError,
  requestError
)

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
 * The weights of the kinds of {@link outcome}.
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
 * By default most calls succeed: 70% success, 10% each of envelope, transport and decode failures.
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
// 3D callbacks
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
