/**
 * The user's phone number: personal data, validated on the way in and masked on the way out.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * A phone number as Paywall takes it: 10 to 15 ASCII digits, country code first, no `+`
 * (e.g. `905123456710`). Its arbitrary draws Turkish mobile numbers (`905` and nine digits).
 *
 * @example
 * ```ts
 * import { Phone } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.is(Phone.Phone)("905123456710") // true
 * Schema.is(Phone.Phone)("+90 512 345 67 10") // false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Phone = Schema.String.pipe(
  Schema.pattern(/^[0-9]{10,15}$/, {
    message: () => "must be 10 to 15 digits, country code first (e.g. 905123456710)"
  }),
  Schema.annotations({
    identifier: "Phone",
    arbitrary: () => (fc) => fc.stringMatching(/^905[0-9]{9}$/)
  })
)

/**
 * Masks a phone number for printing: the first four and last three characters stay,
 * every other character becomes `*` (`905123456710` -> `9051*****710`). Anything
 * shorter than eight characters is masked whole, so no short input is shown in full.
 *
 * @example
 * ```ts
 * import { Phone } from "@paywall-effect/domain"
 *
 * Phone.maskPhone("905123456710") // "9051*****710"
 * ```
 *
 * @since 0.1.0
 * @category formatting
 */
export const maskPhone = (phone: string): string =>
  phone.length < 8
    ? "*".repeat(phone.length)
    : phone.slice(0, 4) + "*".repeat(phone.length - 7) + phone.slice(-3)
