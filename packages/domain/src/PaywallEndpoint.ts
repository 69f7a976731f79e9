/**
 * The declaration of one Paywall endpoint, as data: everything a client, a server, a test kit
 * and an OpenAPI document need to know about it, and nothing about how it is called.
 *
 * @since 0.2.0
 */
import type * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import type * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as PaywallEnvelope from "./PaywallEnvelope.js"
import { type PaywallError, PaywallRequestError } from "./PaywallError.js"

/**
 * Paywall's two APIs: the Payment API (Masterpass services, temp tokens) and the Payment Private
 * API (payment query, cancel, refund), each at a base URL of its own.
 *
 * @example
 * ```ts
 * import type { PaywallEndpoint } from "@paywall-effect/domain"
 *
 * const api: PaywallEndpoint.Api = "private"
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type Api = "payment" | "private"

/**
 * The merchant's two key pairs: the private pair (server-side services) and the public pair
 * (temp tokens for Paywall's browser SDK).
 *
 * @example
 * ```ts
 * import type { PaywallEndpoint } from "@paywall-effect/domain"
 *
 * const pair: PaywallEndpoint.KeyPair = "public"
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type KeyPair = "private" | "public"

/**
 * What reading an answer may depend on besides the answer: the zone of Paywall's bare local
 * times, which is a setting (Paywall does not document it).
 *
 * @example
 * ```ts
 * import type { PaywallEndpoint } from "@paywall-effect/domain"
 * import { DateTime } from "effect"
 *
 * const context: PaywallEndpoint.ReplyContext = { expiryTimeZone: DateTime.zoneUnsafeMakeNamed("Europe/Istanbul") }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface ReplyContext {
  readonly expiryTimeZone: DateTime.TimeZone
}

/**
 * An answer whose envelope was read, as an endpoint's `failure` reader sees it: the HTTP
 * status, the envelope (its `Body` undecoded), and `scrub`, which removes the client's secrets
 * from any text an error keeps.
 *
 * @example
 * ```ts
 * import type { PaywallEndpoint } from "@paywall-effect/domain"
 *
 * const refused = (answer: PaywallEndpoint.Answer) => answer.envelope.ErrorCode !== 0
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface Answer {
  readonly status: number
  readonly envelope: PaywallEnvelope.AnyEnvelope
  readonly scrub: (text: string) => string
}

/**
 * How an endpoint reads failures from an answer's `Body`: the error (made once the number of
 * attempts is known), or `None` to let the client read the answer as usual (a failure envelope
 * becomes a `PaywallEnvelopeError`, a success is decoded by `reply`).
 *
 * @example
 * ```ts
 * import { PaywallError, type PaywallEndpoint } from "@paywall-effect/domain"
 * import { Option } from "effect"
 *
 * const failure: PaywallEndpoint.FailureReader = ({ envelope, status }) =>
 *   envelope.ErrorCode === 1
 *     ? Option.some((attempts) => new PaywallError.PaywallEnvelopeError({ errorCode: 1, status, attempts }))
 *     : Option.none()
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export type FailureReader = (answer: Answer) => Option.Option<(attempts: number) => PaywallError>

/**
 * One endpoint: its method and path; the request schema, whose encoded form is the JSON body
 * (except the keys named in `headers`, which travel as headers of the same name); and the
 * schema from the success envelope's `Body` to what the call returns, which is where the
 * answer's meaning (a session, its expiry, next steps) is read. `idempotent: false` marks a
 * call that must not be sent twice: the client retries it only when it surely never left.
 *
 * @example
 * ```ts
 * import { PaywallEndpoint } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * const ping: PaywallEndpoint.PaywallEndpoint<"ping", { readonly Id: string }, { readonly Id: string }, boolean, boolean> =
 *   PaywallEndpoint.make({
 *     name: "ping",
 *     method: "POST",
 *     path: "/api/ping",
 *     request: Schema.Struct({ Id: Schema.String }),
 *     reply: () => Schema.Boolean,
 *     idempotent: true
 *   })
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface PaywallEndpoint<Name extends string, Request, RequestEncoded, Reply, BodyEncoded> {
  /** The name of the call (`createSession`): spans, metrics and errors use it. */
  readonly name: Name
  readonly method: "GET" | "POST" | "PUT" | "DELETE"
  /** The path below the base URL. */
  readonly path: `/${string}`
  /** Validates the request; its encoded form is what is sent. */
  readonly request: Schema.Schema<Request, RequestEncoded>
  /** Encoded request keys sent as headers (lower case, as Paywall names them), not in the body. */
  readonly headers?: ReadonlyArray<keyof RequestEncoded & string>
  /** The phone numbers an encoded request carries: removed from whatever is kept of an answer, in any format. */
  readonly phones?: (encoded: RequestEncoded) => ReadonlyArray<string | undefined>
  /** Which of Paywall's APIs serves it, so which base URL it is sent to; default `"payment"`. */
  readonly api?: Api
  /** Which of the merchant's key pairs authenticates it; default `"private"`. */
  readonly credentials?: KeyPair
  /** From the success envelope's `Body` to the reply, given the reading context. */
  readonly reply: (context: ReplyContext) => Schema.Schema<Reply, BodyEncoded>
  /** Whether sending the request twice is harmless. */
  readonly idempotent: boolean
  /**
   * Reads failures the envelope alone does not show, and what a failure's `Body` carries,
   * before the client's usual reading (see {@link FailureReader}). Masterpass services use it.
   */
  readonly failure?: FailureReader
}

/**
 * Any endpoint declaration.
 *
 * @example
 * ```ts
 * import type { PaywallEndpoint } from "@paywall-effect/domain"
 *
 * const describe = (endpoint: PaywallEndpoint.Any) => `${endpoint.method} ${endpoint.path}`
 * ```
 *
 * @since 0.2.0
 * @category models
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- variance: any declaration, whatever its types
export type Any = PaywallEndpoint<string, any, any, any, any>

/**
 * The request an endpoint takes.
 *
 * @example
 * ```ts
 * import type { PaywallApi, PaywallEndpoint } from "@paywall-effect/domain"
 *
 * type Request = PaywallEndpoint.Request<typeof PaywallApi.createSession>
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type Request<E extends Any> = E extends PaywallEndpoint<string, infer R, infer _I, infer _A, infer _B> ? R
  : never

/**
 * What an endpoint's call returns.
 *
 * @example
 * ```ts
 * import type { PaywallApi, PaywallEndpoint } from "@paywall-effect/domain"
 *
 * type Session = PaywallEndpoint.Reply<typeof PaywallApi.createSession>
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type Reply<E extends Any> = E extends PaywallEndpoint<string, infer _R, infer _I, infer A, infer _B> ? A
  : never

/**
 * Declares an endpoint, inferring its types from the schemas.
 *
 * @example
 * ```ts
 * import { PaywallEndpoint } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * const ping = PaywallEndpoint.make({
 *   name: "ping",
 *   method: "POST",
 *   path: "/api/ping",
 *   request: Schema.Struct({ Id: Schema.String }),
 *   reply: () => Schema.Boolean,
 *   idempotent: true
 * })
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = <const Name extends string, Request, RequestEncoded, Reply, BodyEncoded>(
  endpoint: PaywallEndpoint<Name, Request, RequestEncoded, Reply, BodyEncoded>
): PaywallEndpoint<Name, Request, RequestEncoded, Reply, BodyEncoded> => endpoint

const encoders = new WeakMap<Any, (request: unknown) => Either.Either<unknown, ParseResult.ParseError>>()

/**
 * Checks a request as every call does before any I/O: its wire form, or a
 * `PaywallRequestError` naming each invalid field (never its value). A request can skip its
 * constructor's checks (a structurally typed object), so this is what decides.
 *
 * @example
 * ```ts
 * import { CreateSessionRequest, PaywallApi, PaywallEndpoint } from "@paywall-effect/domain"
 *
 * const request = new CreateSessionRequest.CreateSessionRequest(
 *   { referenceCode: "order-1", userId: "42", userPhone: "not a phone" },
 *   true // unchecked, as a request from elsewhere may be
 * )
 * PaywallEndpoint.validate(PaywallApi.createSession, request) // Left(PaywallRequestError: userPhone)
 * ```
 *
 * @since 0.2.0
 * @category validation
 */
export const validate = <E extends Any>(
  endpoint: E,
  request: Request<E>
): Either.Either<Record<string, unknown>, PaywallRequestError> => {
  let encode = encoders.get(endpoint)
  if (encode === undefined) {
    encode = Schema.encodeUnknownEither(endpoint.request, { errors: "all" })
    encoders.set(endpoint, encode)
  }
  return Either.mapBoth(encode(request), {
    onLeft: (error) => PaywallRequestError.fromParseError(endpoint.name, error),
    // Request schemas are structs or classes, so a wire form is an object.
    onRight: (encoded) => encoded as Record<string, unknown>
  })
}
