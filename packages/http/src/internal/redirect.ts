/**
 * Redirects are never followed, whatever the `HttpClient`: a redirect would carry the
 * credential headers to wherever the `Location` points (another origin, or https -> http).
 *
 * What each platform client does, verified over loopback (test/hostile/redirect.test.ts):
 * - `FetchHttpClient`: fetch follows 301/302/303/307/308 by default, custom headers included
 *   (only `authorization`/`cookie` are dropped cross-origin). The client reads a
 *   `FetchHttpClient.RequestInit` from the fiber's context for each request and spreads it
 *   into the `fetch` options, so providing `{ redirect: "manual" }` around the call makes Node's
 *   fetch answer with the 3xx itself (type `basic`, status and `Location` intact).
 * - `NodeHttpClient.layerUndici`: `Dispatcher.request` on a plain `Agent` (undici 7) has no
 *   redirect interceptor, so the 3xx comes back as is; nothing to set.
 * Either way the 3xx reaches the pipeline, which ends the call with a `PaywallHttpError`, never retried.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

/**
 * The client, with every request it sends told not to follow redirects. Any `RequestInit`
 * already in context is kept; only `redirect` is forced to `"manual"`.
 */
export const withoutRedirects = <E, R>(client: HttpClient.HttpClient.With<E, R>): HttpClient.HttpClient.With<E, R> =>
  HttpClient.transform(
    client,
    (effect) =>
      Effect.flatMap(
        Effect.serviceOption(FetchHttpClient.RequestInit),
        (init) =>
          Effect.provideService(effect, FetchHttpClient.RequestInit, {
            ...Option.getOrElse(init, () => ({})),
            redirect: "manual"
          })
      )
  )

/**
 * Where a redirect pointed, for its error: the origin of its `Location` only (a `Location` may
 * carry tokens in its path or query), or nothing for a relative one or any other status.
 */
export const redirectOrigin = (status: number, location: string | undefined): string | undefined => {
  if (status < 300 || status >= 400 || location === undefined || !URL.canParse(location)) return undefined
  const origin = new URL(location).origin
  return origin === "null" ? undefined : origin
}
