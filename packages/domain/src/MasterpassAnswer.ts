/**
 * How every Masterpass service's answer is read, written once: the `Body.Session` to use from
 * now on, the failure `Body.Masterpass` may report whatever the envelope says, and the next
 * step a `ResponseCode` asks for.
 *
 * @since 0.3.0
 */
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { SessionState } from "./MasterpassSession.js"
import type * as PaywallEndpoint from "./PaywallEndpoint.js"
import * as PaywallEnvelope from "./PaywallEnvelope.js"
import { MasterpassExceptionCode, PaywallEnvelopeError, PaywallMasterpassError } from "./PaywallError.js"

/**
 * The `ResponseCode`s Paywall documents: `0000` done, `5001` bank OTP, `5008` Masterpass OTP,
 * `5010` 3D Secure. Any other code is a failure (`PaywallMasterpassError` with `responseCode`).
 *
 * @example
 * ```ts
 * import { MasterpassAnswer } from "@paywall-effect/domain"
 *
 * MasterpassAnswer.ResponseCode.BankOtp // "5001"
 * ```
 *
 * @since 0.3.0
 * @category constants
 */
export const ResponseCode = { Done: "0000", BankOtp: "5001", MasterpassOtp: "5008", ThreeDSecure: "5010" } as const

const documentedCodes: ReadonlySet<string> = new Set(Object.values(ResponseCode))

/**
 * The step is complete (`ResponseCode` `0000`).
 *
 * @example
 * ```ts
 * import { MasterpassAnswer } from "@paywall-effect/domain"
 *
 * const done = new MasterpassAnswer.Done()
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export class Done extends Schema.TaggedClass<Done>()("Done", {}) {}

/**
 * An OTP is needed (`5001`: sent by the bank; `5008`: by Masterpass, per Paywall's browser SDK):
 * send the user's code with `otpToken` to `verifyOtp` (card, link) or `verifyPayment`.
 *
 * @example
 * ```ts
 * import { MasterpassAnswer } from "@paywall-effect/domain"
 *
 * const step = new MasterpassAnswer.OtpRequired({ otpToken: "c0645409b83f4344bf588ef4142559a9", source: "bank" })
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export class OtpRequired extends Schema.TaggedClass<OtpRequired>()("OtpRequired", {
  // Never empty: an OTP step without its Token is not a step (see `stepOf`).
  otpToken: Schema.NonEmptyString,
  source: Schema.Literal("bank", "masterpass")
}) {}

/**
 * 3D Secure is needed (`5010`): send the user's browser to `url`.
 *
 * @example
 * ```ts
 * import { MasterpassAnswer } from "@paywall-effect/domain"
 *
 * const step = new MasterpassAnswer.ThreeDSecureRequired({ url: "https://bank.example/3d" })
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export class ThreeDSecureRequired extends Schema.TaggedClass<ThreeDSecureRequired>()("ThreeDSecureRequired", {
  // Never empty: `stepOf` reads an empty Url3d as none, and drops empty success and fail URLs.
  url: Schema.NonEmptyString,
  successUrl: Schema.optionalWith(Schema.NonEmptyString, { exact: true }),
  failUrl: Schema.optionalWith(Schema.NonEmptyString, { exact: true })
}) {}

/**
 * What the merchant does next after a service answered.
 *
 * @example
 * ```ts
 * import { MasterpassAnswer } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.is(MasterpassAnswer.Step)(new MasterpassAnswer.Done()) // true
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export const Step = Schema.Union(Done, OtpRequired, ThreeDSecureRequired)

/**
 * What the merchant does next after a service answered.
 *
 * @example
 * ```ts
 * import type { MasterpassAnswer } from "@paywall-effect/domain"
 *
 * const needsUser = (step: MasterpassAnswer.Step) => step._tag !== "Done"
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export type Step = typeof Step.Type

/**
 * The keys of a `Body.Masterpass.Result` that say what comes next.
 *
 * @example
 * ```ts
 * import { MasterpassAnswer } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.decodeUnknownSync(MasterpassAnswer.StepFields)({ ResponseCode: "5001", Token: "c0645409b83f4344bf588ef4142559a9" })
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const StepFields = Schema.Struct({
  ResponseCode: Schema.String,
  Token: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
  Url3d: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
  Url3dSuccess: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
  Url3dFail: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true })
})

/**
 * The keys of a `Body.Masterpass.Result` that say what comes next.
 *
 * @example
 * ```ts
 * import type { MasterpassAnswer } from "@paywall-effect/domain"
 *
 * const code = (fields: MasterpassAnswer.StepFields) => fields.ResponseCode
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export type StepFields = typeof StepFields.Type

/**
 * The step a `Result` asks for, or why it names none (an undocumented `ResponseCode`, an OTP
 * step without its `Token`, a 3D step without its `Url3d`).
 *
 * @example
 * ```ts
 * import { MasterpassAnswer } from "@paywall-effect/domain"
 *
 * MasterpassAnswer.stepOf({ ResponseCode: "5008", Token: "88599362e05441458c1efa588a711c8f" })
 * // Right(OtpRequired { otpToken: "88599362e05441458c1efa588a711c8f", source: "masterpass" })
 * ```
 *
 * @since 0.3.0
 * @category parsing
 */
export const stepOf = (fields: StepFields): Either.Either<Step, string> => {
  switch (fields.ResponseCode) {
    case ResponseCode.Done:
      return Either.right(new Done())
    case ResponseCode.BankOtp:
    case ResponseCode.MasterpassOtp:
      return fields.Token
        ? Either.right(
          new OtpRequired({
            otpToken: fields.Token,
            source: fields.ResponseCode === ResponseCode.BankOtp ? "bank" : "masterpass"
          })
        )
        : Either.left(`ResponseCode ${fields.ResponseCode} asks for an OTP but the Result has no Token`)
    case ResponseCode.ThreeDSecure:
      return fields.Url3d
        ? Either.right(
          new ThreeDSecureRequired({
            url: fields.Url3d,
            ...(fields.Url3dSuccess ? { successUrl: fields.Url3dSuccess } : {}),
            ...(fields.Url3dFail ? { failUrl: fields.Url3dFail } : {})
          })
        )
        : Either.left("ResponseCode 5010 asks for 3D Secure but the Result has no Url3d")
    default:
      return Either.left(`ResponseCode ${fields.ResponseCode} is not documented`)
  }
}

/**
 * The wire keys of a step (the inverse of {@link stepOf}; an OTP token other than a step's own is kept).
 *
 * @example
 * ```ts
 * import { MasterpassAnswer } from "@paywall-effect/domain"
 *
 * MasterpassAnswer.stepFields(new MasterpassAnswer.Done()) // { ResponseCode: "0000", Url3d: null, ... }
 * ```
 *
 * @since 0.3.0
 * @category parsing
 */
export const stepFields = (step: Step) => {
  switch (step._tag) {
    case "Done":
      return { ResponseCode: ResponseCode.Done, Url3d: null, Url3dSuccess: null, Url3dFail: null }
    case "OtpRequired":
      return {
        ResponseCode: step.source === "bank" ? ResponseCode.BankOtp : ResponseCode.MasterpassOtp,
        Token: step.otpToken,
        Url3d: null,
        Url3dSuccess: null,
        Url3dFail: null
      }
    case "ThreeDSecureRequired":
      return {
        ResponseCode: ResponseCode.ThreeDSecure,
        Url3d: step.url,
        Url3dSuccess: step.successUrl ?? null,
        Url3dFail: step.failUrl ?? null
      }
  }
}

/**
 * `Body.Masterpass.Exception`.
 *
 * @example
 * ```ts
 * import { MasterpassAnswer } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.decodeUnknownSync(MasterpassAnswer.MasterpassException)({ Level: "NotFound", Code: "CARD_NOT_FOUND", Message: "Kart bulunamadı." })
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const MasterpassException = Schema.Struct({
  Level: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
  Code: Schema.optionalWith(Schema.NullOr(MasterpassExceptionCode), { exact: true }),
  Message: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true })
})

/**
 * The keys every `Body.Masterpass` has beside its `Result`, as Paywall's examples show them.
 *
 * @example
 * ```ts
 * import { MasterpassAnswer } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * const Masterpass = Schema.Struct({ Result: Schema.Unknown, ...MasterpassAnswer.statusFields })
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const statusFields = {
  BuildId: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
  CorrelationId: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
  Exception: Schema.optionalWith(Schema.NullOr(MasterpassException), { exact: true }),
  Message: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
  RequestId: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
  StatusCode: Schema.optionalWith(Schema.NullOr(Schema.Int), { exact: true }),
  Version: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true })
}

/**
 * A `Body` as a failure reader sees it: the session and `Body.Masterpass`, each when present
 * and readable, the `Result` left undecoded.
 */
const FailureBody = Schema.Struct({
  Session: Schema.optional(Schema.Unknown),
  Masterpass: Schema.optional(Schema.Unknown)
})
const decodeFailureBody = Schema.decodeUnknownOption(FailureBody)
const decodeSession = Schema.decodeUnknownOption(SessionState)
const decodeStatus = Schema.decodeUnknownOption(
  Schema.Struct({ Result: Schema.optional(Schema.Unknown), ...statusFields })
)
const decodeStepFields = Schema.decodeUnknownOption(Schema.Struct({
  ...StepFields.fields,
  Description: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true })
}))

const present = <K extends string, V>(key: K, value: V | null | undefined): { readonly [P in K]?: V } =>
  (value === null || value === undefined ? {} : { [key]: value }) as { readonly [P in K]?: V }

/**
 * The one reading of a Masterpass service's failures (every Masterpass declaration's
 * `failure`): a `PaywallMasterpassError` wherever `Body.Masterpass` reports one (an
 * `Exception`, a `StatusCode` of 400 or more, or an undocumented `ResponseCode`), whatever the
 * envelope says; else, for a failure envelope, a `PaywallEnvelopeError`. Both keep the
 * `Body.Session` the answer named, so a renewal on a failure is never lost. A success is left
 * to the endpoint's `reply`.
 *
 * @example
 * ```ts
 * import { MasterpassAnswer } from "@paywall-effect/domain"
 *
 * const read = MasterpassAnswer.readFailure({
 *   status: 200,
 *   scrub: (text) => text,
 *   envelope: { ErrorCode: 56, Result: false, Message: "Masterpass payment not found", Body: null }
 * })
 * // Some(attempts => PaywallEnvelopeError { errorCode: 56, ... })
 * ```
 *
 * @since 0.3.0
 * @category parsing
 */
export const readFailure: PaywallEndpoint.FailureReader = ({ envelope, scrub, status }) => {
  const body = decodeFailureBody(envelope.Body ?? {})
  const session = Option.flatMap(body, (body) => decodeSession(body.Session))
  const withSession = Option.match(session, { onNone: () => ({}), onSome: (session) => ({ session }) })
  const masterpass = Option.flatMap(body, (body) => decodeStatus(body.Masterpass))
  if (Option.isSome(masterpass)) {
    const { CorrelationId, Exception, Result, StatusCode } = masterpass.value
    const fields = decodeStepFields(Result)
    const undocumented = Option.filter(fields, (fields) => !documentedCodes.has(fields.ResponseCode))
    if ((Exception !== null && Exception !== undefined) || (StatusCode ?? 0) >= 400 || Option.isSome(undocumented)) {
      const description = Option.flatMap(undocumented, (result) => Option.fromNullable(result.Description))
      return Option.some((attempts) =>
        new PaywallMasterpassError({
          ...present("exceptionCode", Exception?.Code),
          ...present("level", Exception?.Level),
          ...present(
            "masterpassMessage",
            Exception?.Message === undefined || Exception.Message === null ? undefined : scrub(Exception.Message)
          ),
          ...present("statusCode", StatusCode),
          ...present("correlationId", CorrelationId),
          ...present("responseCode", Option.getOrUndefined(Option.map(undocumented, (result) => result.ResponseCode))),
          ...present("description", Option.getOrUndefined(Option.map(description, scrub))),
          errorCode: envelope.ErrorCode,
          status,
          attempts,
          ...withSession
        })
      )
    }
  }
  if (PaywallEnvelope.isSuccess(envelope)) return Option.none()
  const message = envelope.Message || envelope.ErrorMessage
  return Option.some((attempts) =>
    new PaywallEnvelopeError({
      errorCode: envelope.ErrorCode,
      ...present("errorCodeType", envelope.ErrorCodeType),
      ...present("paywallMessage", message ? scrub(message) : undefined),
      status,
      attempts,
      ...withSession
    })
  )
}

/**
 * The `Body` of a Masterpass answer around `masterpass` (the schema of its `Body.Masterpass`).
 *
 * @example
 * ```ts
 * import { MasterpassAnswer } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * const Body = MasterpassAnswer.Body(Schema.Struct({ Result: Schema.Boolean }))
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const Body = <MA, MI>(masterpass: Schema.Schema<MA, MI>) =>
  Schema.Struct({ Session: SessionState, Masterpass: masterpass })

/**
 * What every Masterpass reply carries besides its data: the session to use from now on and,
 * when Masterpass sent one, its correlation id (for Paywall's support).
 *
 * @example
 * ```ts
 * import type { MasterpassAnswer } from "@paywall-effect/domain"
 *
 * const next = (reply: MasterpassAnswer.Common) => reply.session.sessionId
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface Common {
  readonly session: SessionState
  readonly correlationId?: string
}

/**
 * The fields of {@link Common}, for reply classes.
 *
 * @example
 * ```ts
 * import { MasterpassAnswer } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * class Pong extends Schema.Class<Pong>("Pong")({ ...MasterpassAnswer.commonFields, text: Schema.String }) {}
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const commonFields = {
  session: SessionState,
  correlationId: Schema.optionalWith(Schema.String, { exact: true })
}

/**
 * The schema from a standard Masterpass `Body` (`Body.Masterpass.Result` read by `result`) to a
 * reply: `decode` builds the reply from the `Result` and the {@link Common} fields (or says why
 * the `Result` is not a valid one), `encode` gives the `Result` back (the sandbox answers with it).
 *
 * @example
 * ```ts
 * import { MasterpassAnswer } from "@paywall-effect/domain"
 * import { Either, Schema } from "effect"
 *
 * class Unlinked extends Schema.Class<Unlinked>("Unlinked")({ ...MasterpassAnswer.commonFields, reference: Schema.String }) {}
 * const fromBody = MasterpassAnswer.fromResult(
 *   Schema.Struct({ RetrievalReferenceNumber: Schema.String }),
 *   Unlinked,
 *   (result, common) => Either.right(new Unlinked({ ...common, reference: result.RetrievalReferenceNumber })),
 *   (reply) => ({ RetrievalReferenceNumber: reply.reference })
 * )
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const fromResult = <RA, RI, A extends Common, I>(
  result: Schema.Schema<RA, RI>,
  reply: Schema.Schema<A, I>,
  decode: (result: RA, common: Common) => Either.Either<A, string>,
  encode: (reply: A) => RA
) => {
  const body = Body(Schema.Struct({ Result: result, ...statusFields }))
  return Schema.transformOrFail(body, Schema.typeSchema(reply), {
    strict: true,
    decode: (body, _, ast) => {
      const common: Common = {
        session: body.Session,
        ...present("correlationId", body.Masterpass.CorrelationId)
      }
      return Either.match(decode(body.Masterpass.Result, common), {
        onLeft: (issue) => ParseResult.fail(new ParseResult.Type(ast, body, issue)),
        onRight: ParseResult.succeed
      })
    },
    encode: (reply) =>
      ParseResult.succeed({
        Session: reply.session,
        Masterpass: {
          Result: encode(reply),
          BuildId: "sandbox",
          CorrelationId: reply.correlationId ?? null,
          Exception: null,
          Message: "OK",
          RequestId: null,
          StatusCode: 200,
          Version: null
        }
      })
  })
}
