/**
 * What of the HTTP headers may reach traces. The platform's `http.client` span records every
 * request and response header as an attribute, redacting the names in
 * `Headers.currentRedactedNames` as the fiber holds them when the request is sent
 * (`@effect/platform/src/internal/httpClient.ts`). A hostile or careless server may echo the
 * credentials, or the phone, in any response header, so within our calls every header is
 * redacted but a small allowlist whose values carry nothing of the request.
 */
import * as Headers from "@effect/platform/Headers"
import * as Effect from "effect/Effect"

/**
 * Headers recorded as they are: framing, content type, retry advice and dates. The names of
 * all other headers are still recorded, with `<redacted>` as their value.
 */
export const safeHeaderNames: ReadonlyArray<string> = [
  "accept",
  "content-type",
  "content-length",
  "content-encoding",
  "retry-after",
  "date"
]

/** Matches every header name but the safe ones (names arrive lowercase). No `g` flag: `test` stays stateless. */
const unsafeName = new RegExp(`^(?!(?:${safeHeaderNames.join("|")})$)`)

/**
 * Runs `effect` (one call to Paywall) with every header but {@link safeHeaderNames} redacted
 * in its spans and logs; the setting is local to the call and ends with it.
 */
export const withSafeHeaders = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.locallyWith(effect, Headers.currentRedactedNames, (names) => [...names, unsafeName])
