/**
 * The temp token for Paywall's browser SDK (`POST /api/paywall/temptoken/sdk`, public key pair):
 * what the backend asks for, and the token (with, when asked, a Masterpass session) it gets.
 * The browser receives only the token; the session stays with the backend, which uses it for
 * every later server-side service.
 *
 * @since 0.5.0
 */
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"
import { CreateSessionRequest } from "./CreateSessionRequest.js"
import * as MasterpassSession from "./MasterpassSession.js"

/**
 * What a scope-based token may do (`Scope` on the wire: 0 None, 1 ClientCardSave, 2
 * ThreeDSession, 3 ClientSdk).
 *
 * @example
 * ```ts
 * import { SdkToken } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.encodeSync(SdkToken.Scope)("ClientSdk") // 3
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const Scope = Schema.transformLiterals(
  [0, "None"],
  [1, "ClientCardSave"],
  [2, "ThreeDSession"],
  [3, "ClientSdk"]
).annotations({ identifier: "Scope" })

/**
 * Minutes the token lives. Paywall's pages disagree (0-30 for the plain temp token, 0-1440 for the
 * SDK one); the default, 30, is valid under both.
 *
 * @example
 * ```ts
 * import { SdkToken } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.decodeUnknownSync(SdkToken.ExpiryMinutes)(30) // 30
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const ExpiryMinutes = Schema.Int.pipe(
  Schema.between(0, 1440),
  Schema.annotations({ identifier: "ExpiryMinutes" })
)

/**
 * The token request. With `masterpassSession`, Paywall also creates a Masterpass session for that
 * user and returns it with the token (`IncludeMasterpassSession` is set from its presence).
 *
 * @example
 * ```ts
 * import { CreateSessionRequest, SdkToken } from "@paywall-effect/domain"
 *
 * const request = new SdkToken.SdkTokenRequest({
 *   clientCardSave: true,
 *   threeDSession: false,
 *   clientSdk: true,
 *   scopeBased: false,
 *   masterpassSession: new CreateSessionRequest.CreateSessionRequest({
 *     referenceCode: "order-1",
 *     userId: "42",
 *     userPhone: "905123456710"
 *   })
 * })
 * ```
 *
 * @since 0.5.0
 * @category requests
 */
export class SdkTokenRequest extends Schema.Class<SdkTokenRequest>("SdkTokenRequest")({
  clientCardSave: Schema.propertySignature(Schema.Boolean).pipe(Schema.fromKey("ClientCardSave")),
  threeDSession: Schema.propertySignature(Schema.Boolean).pipe(Schema.fromKey("ThreeDSession")),
  clientSdk: Schema.propertySignature(Schema.Boolean).pipe(Schema.fromKey("ClientSdk")),
  scopeBased: Schema.propertySignature(Schema.Boolean).pipe(Schema.fromKey("ScopeBased")),
  scope: Schema.optionalWith(Scope, { default: () => "None" as const }).pipe(Schema.fromKey("Scope")),
  expiryMinutes: Schema.optionalWith(ExpiryMinutes, { default: () => 30 }).pipe(Schema.fromKey("ExpiryMin")),
  masterpassSession: Schema.optionalWith(CreateSessionRequest, { exact: true }).pipe(
    Schema.fromKey("MasterpassSession")
  )
}) {}

/**
 * The token request on the wire: {@link SdkTokenRequest}'s JSON with `IncludeMasterpassSession`
 * written from the presence of `MasterpassSession` (so the two never disagree).
 *
 * @example
 * ```ts
 * import { SdkToken } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.encodeSync(SdkToken.SdkTokenRequestWire)(
 *   new SdkToken.SdkTokenRequest({ clientCardSave: true, threeDSession: false, clientSdk: true, scopeBased: false })
 * ).IncludeMasterpassSession // false
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const SdkTokenRequestWire = Schema.transform(
  Schema.extend(
    Schema.encodedSchema(SdkTokenRequest),
    Schema.Struct({ IncludeMasterpassSession: Schema.Boolean })
  ),
  SdkTokenRequest,
  {
    strict: true,
    decode: ({ IncludeMasterpassSession: _, ...fields }) => fields,
    encode: (fields) => ({ ...fields, IncludeMasterpassSession: fields.MasterpassSession !== undefined })
  }
).annotations({ identifier: "SdkTokenRequestWire" })

const nullable = <S extends Schema.Schema.Any>(schema: S) =>
  Schema.optionalWith(schema, { exact: true, nullable: true })

/**
 * The success `Body`, as far as Paywall documents it (one version of its JS SDK's README; no
 * answer example exists): the token, and the Masterpass session when one was asked for. Its
 * other keys (`Scope`, merchant ids, `UserPhone`) are not read: nothing here keeps a phone.
 *
 * @example
 * ```ts
 * import { SdkToken } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.decodeUnknownSync(SdkToken.SdkTokenBody)({ Token: "22ae3b5a-8eb0-41cc-88c7-219e25b95441" })
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const SdkTokenBody = Schema.Struct({
  TempTokenId: nullable(Schema.Number),
  Token: Schema.Redacted(Schema.NonEmptyTrimmedString),
  ExpiryDateTime: nullable(MasterpassSession.ExpiryText),
  Masterpass: nullable(Schema.Struct({
    SessionId: MasterpassSession.SessionId,
    SessionExpiryDate: MasterpassSession.ExpiryText,
    MasterpassToken: nullable(Schema.Redacted(Schema.String))
  }))
}).annotations({ identifier: "SdkTokenBody" })

/**
 * A temp token: `token` for the browser (a secret until handed over, so `Redacted`), when it
 * expires, and the Masterpass `session` (and Masterpass's own token for the SDK) when asked for.
 *
 * @example
 * ```ts
 * import type { SdkToken } from "@paywall-effect/domain"
 * import { Redacted } from "effect"
 *
 * const forBrowser = (token: SdkToken.SdkToken) => ({ token: Redacted.value(token.token) })
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export class SdkToken extends Schema.Class<SdkToken>("SdkToken")({
  token: Schema.RedactedFromSelf(Schema.String),
  tempTokenId: Schema.optionalWith(Schema.Number, { exact: true }),
  expiresAt: Schema.optionalWith(Schema.DateTimeUtcFromSelf, { exact: true }),
  session: Schema.optionalWith(Schema.typeSchema(MasterpassSession.MasterpassSession), { exact: true }),
  masterpassToken: Schema.optionalWith(Schema.RedactedFromSelf(Schema.String), { exact: true })
}) {}

/**
 * From the success `Body` to an {@link SdkToken}, bare times read in `zone`. A time that is not a
 * real date-time fails the decode (as a session's expiry does).
 *
 * @example
 * ```ts
 * import { SdkToken } from "@paywall-effect/domain"
 * import { DateTime, Schema } from "effect"
 *
 * const decode = Schema.decodeUnknownSync(SdkToken.fromTokenBody(DateTime.zoneUnsafeMakeNamed("Europe/Istanbul")))
 * decode({ Token: "22ae3b5a-8eb0-41cc-88c7-219e25b95441", ExpiryDateTime: "2024-06-13T22:25:08.0404774+03:00" })
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const fromTokenBody = (zone: DateTime.TimeZone) => {
  const readTime = MasterpassSession.expiryReader(zone)
  const time = (text: string, key: string, ast: AST.AST, body: unknown) =>
    Option.match(readTime(text), {
      onNone: () => ParseResult.fail(new ParseResult.Type(ast, body, `${key} ${text} is not a real date-time`)),
      onSome: (instant) => ParseResult.succeed(instant)
    })
  return Schema.transformOrFail(SdkTokenBody, Schema.typeSchema(SdkToken), {
    strict: true,
    decode: (body, _, ast) =>
      Effect.gen(function*() {
        const expiresAt = body.ExpiryDateTime === undefined
          ? undefined
          : yield* time(body.ExpiryDateTime, "ExpiryDateTime", ast, body)
        const masterpass = body.Masterpass
        const session = masterpass === undefined ? undefined : new MasterpassSession.MasterpassSession({
          sessionId: masterpass.SessionId,
          expiresAt: yield* time(masterpass.SessionExpiryDate, "SessionExpiryDate", ast, body),
          expiryText: masterpass.SessionExpiryDate
        }, true)
        return new SdkToken({
          token: body.Token,
          ...(body.TempTokenId === undefined ? {} : { tempTokenId: body.TempTokenId }),
          ...(expiresAt === undefined ? {} : { expiresAt }),
          ...(session === undefined ? {} : { session }),
          ...(masterpass?.MasterpassToken === undefined ? {} : { masterpassToken: masterpass.MasterpassToken })
        }, true)
      }),
    encode: (token) =>
      ParseResult.succeed({
        Token: token.token,
        ...(token.tempTokenId === undefined ? {} : { TempTokenId: token.tempTokenId }),
        ...(token.expiresAt === undefined ? {} : { ExpiryDateTime: DateTime.formatIso(token.expiresAt) }),
        ...(token.session === undefined ? {} : {
          Masterpass: {
            SessionId: token.session.sessionId,
            SessionExpiryDate: token.session.expiryText,
            ...(token.masterpassToken === undefined ? {} : { MasterpassToken: token.masterpassToken })
          }
        })
      })
  })
}
