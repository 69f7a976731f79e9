/**
 * The 3D callback as an `HttpRouter` route for @effect/platform's `HttpServer`: it reads the
 * form Paywall's page posts from the user's browser (bounded in size), verifies it with the
 * `ThreeDCallbackVerifier` in context, hands what it received to your effect, and answers the
 * browser with what your effect returns. A refused callback gets a generic HTTP 400 page, is
 * logged and counted, and fails nothing.
 *
 * @since 0.5.0
 */
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as ThreeDCallback from "@paywall-effect/domain/ThreeDCallback"
import * as Effect from "effect/Effect"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import { type Received, ThreeDCallbackVerifier } from "./ThreeDCallbackVerifier.js"

/** A page for the user's browser: the same words whatever happened behind it. */
const page = (status: number, text: string) =>
  HttpServerResponse.text(
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Payment</title></head><body><p>${text}</p></body></html>`,
    { status, contentType: "text/html; charset=utf-8" }
  )

/**
 * The default answer to a received callback whose handler returns nothing: HTTP 200 and a plain
 * page. Most shops answer with a redirect to their own page instead
 * (`HttpServerResponse.redirect(url, { status: 303 })`: the browser follows it with a GET).
 *
 * @example
 * ```ts
 * import { ThreeDCallbackRoute } from "@paywall-effect/http"
 *
 * ThreeDCallbackRoute.acknowledgedPage.status // 200
 * ```
 *
 * @since 0.5.0
 * @category answers
 */
export const acknowledgedPage: HttpServerResponse.HttpServerResponse = page(
  200,
  "Thank you. Your payment is being processed."
)

/**
 * The default answer to a refused callback: HTTP 400 and a generic page that says nothing of why.
 *
 * @example
 * ```ts
 * import { ThreeDCallbackRoute } from "@paywall-effect/http"
 *
 * ThreeDCallbackRoute.refusedPage.status // 400
 * ```
 *
 * @since 0.5.0
 * @category answers
 */
export const refusedPage: HttpServerResponse.HttpServerResponse = page(
  400,
  "This payment notification could not be accepted."
)

/**
 * Callbacks received, by `outcome`: `verified`, `unverified` (no key configured), or the tag of
 * the refusal (`ThreeDCallbackMalformed`, `ThreeDCallbackHashMissing`, `ThreeDCallbackHashMismatch`).
 *
 * @example
 * ```ts
 * import { ThreeDCallbackRoute } from "@paywall-effect/http"
 * import { Metric } from "effect"
 *
 * const forged = Metric.value(ThreeDCallbackRoute.callbacksTotal.pipe(Metric.tagged("outcome", "ThreeDCallbackHashMismatch")))
 * ```
 *
 * @since 0.5.0
 * @category metrics
 */
export const callbacksTotal = Metric.counter("paywall_3d_callbacks_total", {
  description: "Paywall 3D callbacks received, by outcome",
  incremental: true
})

/**
 * How the route reads and answers:
 * - `maxBodyBytes`: the largest body read, in bytes (default 16 KiB; Paywall's form is a few
 *   hundred bytes); a larger one is refused, unread when its `Content-Length` says so (as a
 *   browser's does), else by closing its connection once the limit is passed;
 * - `refused`: the answer to a refused callback (default {@link refusedPage}).
 *
 * @example
 * ```ts
 * import type { ThreeDCallbackRoute } from "@paywall-effect/http"
 *
 * const options: ThreeDCallbackRoute.Options = { maxBodyBytes: 8 * 1024 }
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export interface Options {
  readonly maxBodyBytes?: number
  readonly refused?: HttpServerResponse.HttpServerResponse
}

/** The default `maxBodyBytes`. */
const defaultMaxBodyBytes = 16 * 1024

const formType = /^application\/x-www-form-urlencoded\s*(;|$)/i

const malformed = (reason: string) => new ThreeDCallback.ThreeDCallbackMalformed({ reason, fields: [] })

/**
 * The posted form: a urlencoded body of at most `maxBodyBytes`, or a refusal saying which it was
 * not. A body announced larger is refused unread (the server discards it); one that runs past the
 * limit without announcing its length has its connection closed by the platform as it reads.
 */
const readForm = (maxBodyBytes: number) => {
  const tooLarge = malformed(`the body could not be read whole within ${maxBodyBytes} bytes`)
  return Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
    if (!formType.test(request.headers["content-type"] ?? "")) {
      return Effect.fail(malformed("the body is not application/x-www-form-urlencoded"))
    }
    if (Number(request.headers["content-length"] ?? 0) > maxBodyBytes) return Effect.fail(tooLarge)
    return request.urlParamsBody.pipe(
      HttpIncomingMessage.withMaxBodySize(Option.some(maxBodyBytes)),
      Effect.mapError(() => tooLarge)
    )
  })
}

const count = (outcome: string) => Metric.increment(Metric.tagged(callbacksTotal, "outcome", outcome))

/**
 * The route's handler: read, verify, then `handle` (or refuse). Exposed through {@link route}.
 */
const receive = <E, R>(
  handle: (received: Received) => Effect.Effect<HttpServerResponse.HttpServerResponse | void, E, R>,
  options: Options
) => {
  const refused = options.refused ?? refusedPage
  const read = readForm(options.maxBodyBytes ?? defaultMaxBodyBytes)
  return Effect.gen(function*() {
    const verifier = yield* ThreeDCallbackVerifier
    const received = yield* read.pipe(Effect.flatMap(verifier.verify), Effect.either)
    if (received._tag === "Left") {
      const error = received.left
      yield* count(error._tag)
      // The error names the refusal and the payment, never the key or a hash.
      yield* Effect.logWarning("Paywall 3D callback refused").pipe(
        Effect.annotateLogs({ refusal: error._tag, reason: error.message })
      )
      return refused
    }
    yield* count(received.right.verified ? "verified" : "unverified")
    const answer = yield* handle(received.right)
    return answer ?? acknowledgedPage
  })
}

/**
 * The callback's route: `POST path`, for a router (`HttpRouter.empty.pipe(ThreeDCallbackRoute.route(...))`).
 * It needs a `ThreeDCallbackVerifier`. For every callback it:
 * 1. reads the body, a urlencoded form of at most `maxBodyBytes`;
 * 2. decodes and verifies it with the verifier;
 * 3. on refusal (not a form, too large, malformed, hash missing or not matching), logs a warning
 *    with the refusal's tag and message, counts it, and answers {@link refusedPage} (HTTP 400):
 *    the route does not fail;
 * 4. else runs `handle` with what was received, and answers what it returns, or
 *    {@link acknowledgedPage} when it returns nothing. Failures of `handle` are yours: they are
 *    the route's failures, for your server's error handling.
 *
 * The callback arrives through the user's browser: answer quickly (the user waits on it) and
 * send the user on with a redirect (303) to your own page.
 *
 * @example
 * ```ts
 * import { HttpRouter, HttpServerResponse } from "@effect/platform"
 * import { ThreeDCallbackRoute } from "@paywall-effect/http"
 * import { Effect } from "effect"
 *
 * const router = HttpRouter.empty.pipe(
 *   ThreeDCallbackRoute.route("/paywall/3d-callback", ({ callback, verified }) =>
 *     Effect.succeed(
 *       HttpServerResponse.redirect(
 *         verified && callback.status === "Success" ? `/orders/${callback.merchantUniqueCode}` : "/checkout/failed",
 *         { status: 303 }
 *       )
 *     ))
 * )
 * ```
 *
 * @since 0.5.0
 * @category routes
 */
export const route = <E, R>(
  path: HttpRouter.PathInput,
  handle: (received: Received) => Effect.Effect<HttpServerResponse.HttpServerResponse | void, E, R>,
  options: Options = {}
) => HttpRouter.post(path, receive(handle, options))
