/**
 * The request of Masterpass Create Session, validated before any I/O.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Inspectable from "effect/Inspectable"
import * as Schema from "effect/Schema"
import * as PaywallError from "./PaywallError.js"
import * as Phone from "./Phone.js"

/**
 * A non-empty, trimmed, single-line string of at most `maxLength` characters.
 * Paywall documents no limits; ours keep garbage out and are stated in the README.
 */
const Text = (maxLength: number) =>
  Schema.Trimmed.pipe(
    Schema.nonEmptyString(),
    Schema.maxLength(maxLength),
    Schema.pattern(/^\P{Cc}*$/u, { message: () => "must not contain control characters" })
  )

/**
 * The merchant's tracking number of the session: 1 to 100 characters.
 *
 * @example
 * ```ts
 * import { CreateSessionRequest } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.is(CreateSessionRequest.ReferenceCode)(" padded ") // false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReferenceCode = Text(100).pipe(
  Schema.annotations({
    identifier: "ReferenceCode",
    arbitrary: () => (fc) => fc.uuid()
  })
)

/**
 * The user's id in the merchant's system: 1 to 100 characters.
 *
 * @example
 * ```ts
 * import { CreateSessionRequest } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.is(CreateSessionRequest.UserId)("72812393211") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const UserId = Text(100).pipe(
  Schema.annotations({
    identifier: "UserId",
    arbitrary: () => (fc) => fc.stringMatching(/^[1-9]\d{4,10}$/)
  })
)

/**
 * Masterpass Create Session request. The TypeScript fields are camelCase; the
 * encoded (wire) form is exactly `{ReferenceCode, UserId, UserPhone, Force3D?, PhoneVerifiedByMerchant?}`,
 * with absent optionals omitted rather than sent as null.
 *
 * Constructing one validates it (and throws a `ParseError` naming the field); `make` validates
 * as an Effect instead.
 * Printing one (`String`, `JSON.stringify`, logs, `util.inspect`) masks the phone.
 *
 * @example
 * ```ts
 * import { CreateSessionRequest } from "@paywall-effect/domain"
 *
 * const request = new CreateSessionRequest.CreateSessionRequest({
 *   referenceCode: "order-1001",
 *   userId: "72812393211",
 *   userPhone: "905123456710",
 *   phoneVerifiedByMerchant: true
 * })
 * console.log(String(request)) // ... "userPhone": "9051*****710" ...
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class CreateSessionRequest extends Schema.Class<CreateSessionRequest>("CreateSessionRequest")({
  referenceCode: Schema.propertySignature(ReferenceCode).pipe(Schema.fromKey("ReferenceCode")),
  userId: Schema.propertySignature(UserId).pipe(Schema.fromKey("UserId")),
  userPhone: Schema.propertySignature(Phone.Phone).pipe(Schema.fromKey("UserPhone")),
  force3D: Schema.optionalWith(Schema.Boolean, { exact: true }).pipe(Schema.fromKey("Force3D")),
  phoneVerifiedByMerchant: Schema.optionalWith(Schema.Boolean, { exact: true }).pipe(
    Schema.fromKey("PhoneVerifiedByMerchant")
  )
}) {
  /**
   * The fields with the phone masked: what every printed form shows.
   *
   * @example
   * ```ts
   * import { CreateSessionRequest } from "@paywall-effect/domain"
   *
   * JSON.stringify(new CreateSessionRequest.CreateSessionRequest({ referenceCode: "r", userId: "u", userPhone: "905123456710" }))
   * // {"_id":"CreateSessionRequest","referenceCode":"r","userId":"u","userPhone":"9051*****710"}
   * ```
   *
   * @since 0.1.0
   */
  toJSON(): object {
    return { _id: "CreateSessionRequest", ...this, userPhone: Phone.maskPhone(this.userPhone) }
  }

  /**
   * The request as text, phone masked.
   *
   * @example
   * ```ts
   * import { CreateSessionRequest } from "@paywall-effect/domain"
   *
   * String(new CreateSessionRequest.CreateSessionRequest({ referenceCode: "r", userId: "u", userPhone: "905123456710" }))
   * // contains "9051*****710", never the phone
   * ```
   *
   * @since 0.1.0
   */
  override toString(): string {
    return Inspectable.format(this.toJSON())
  }

  /**
   * What Node's `util.inspect` (and so `console.log`) shows: the fields, phone masked.
   *
   * @example
   * ```ts
   * import { CreateSessionRequest } from "@paywall-effect/domain"
   *
   * console.log(new CreateSessionRequest.CreateSessionRequest({ referenceCode: "r", userId: "u", userPhone: "905123456710" }))
   * // { _id: 'CreateSessionRequest', referenceCode: 'r', userId: 'u', userPhone: '9051*****710' }
   * ```
   *
   * @since 0.1.0
   */
  [Inspectable.NodeInspectSymbol](): object {
    return this.toJSON()
  }
}

/**
 * Validates fields into a request as an Effect: a `PaywallRequestError` naming every invalid
 * field (never its value), exactly as a call would, instead of the constructor's throw. Use
 * it for input you do not control.
 *
 * @example
 * ```ts
 * import { CreateSessionRequest } from "@paywall-effect/domain"
 *
 * const request = CreateSessionRequest.make({ referenceCode: "order-1001", userId: "42", userPhone: "905123456710" })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  fields: ConstructorParameters<typeof CreateSessionRequest>[0]
): Effect.Effect<CreateSessionRequest, PaywallError.PaywallRequestError> => {
  // Built unchecked, then checked in full by encoding (Schema.validate on a class checks only
  // that it is an instance), so every invalid field is reported as a value, never thrown.
  const request = new CreateSessionRequest(fields, true)
  return Effect.mapBoth(encode(request), {
    onFailure: (error) => PaywallError.PaywallRequestError.fromParseError("createSession", error),
    onSuccess: () => request
  })
}

const encode = Schema.encode(CreateSessionRequest, { errors: "all" })

/**
 * The wire form of a request, as Paywall receives it.
 *
 * @example
 * ```ts
 * import type { CreateSessionRequest } from "@paywall-effect/domain"
 *
 * const wire: CreateSessionRequest.Encoded = { ReferenceCode: "order-1001", UserId: "42", UserPhone: "905123456710" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Encoded = typeof CreateSessionRequest.Encoded
