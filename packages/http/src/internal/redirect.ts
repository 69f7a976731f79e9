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
 * Either way the 3xx reaches the pipeline, which ends the call with {@link isRedirect}.
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
 * A redirect status: any 3xx. None is followed, and none is worth another try (the server
 * would only send it again), so the pipeline ends the call with a non-retried failure.
 */
export const isRedirect = (status: number): boolean => status >= 300 && status < 400

/**
 * Why a 3xx ended the call, for the error: the status and the target's origin only (a
 * `Location` may carry tokens in its path or query, so neither is kept).
 */
export const describeRedirect = (status: number, location: string | undefined): string => {
  const origin = location === undefined ? undefined : originOf(location)
  return `the server answered ${status}, a redirect${
    origin === undefined ? "" : ` to ${origin}`
  }, which is never followed: credentials go only to the configured base URL`
}

const originOf = (location: string): string | undefined => {
  try {
    // A relative Location has no origin of its own: then nothing is said about its target.
    const url = new URL(location)
    return url.origin === "null" ? undefined : url.origin
  } catch {
    return undefined
  }
}
