/**
 * Reading an answer's body without holding more than the limit, and without leaving anything
 * unread behind: the one reader for every endpoint.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"

/**
 * An answer: its response (status, headers) and its body as text, or `TooLarge`.
 */
export interface Answer {
  readonly response: HttpClientResponse.HttpClientResponse
  readonly body: Either.Either<string, "TooLarge">
}

/**
 * Sends `request` and reads the answer with {@link readBounded}, both within one scope that
 * aborts the request when it closes: whatever was not read (a refused body, a body cut at the
 * limit, an interrupted or timed-out read) is cancelled, so its connection is closed at once
 * instead of lingering until garbage collection. A body read to its end is unaffected (the
 * abort comes after it and its connection goes back to the pool).
 */
export const executeBounded = <E, R>(
  client: HttpClient.HttpClient.With<E, R>,
  limit: number
): (request: HttpClientRequest.HttpClientRequest) => Effect.Effect<
  Answer,
  E | HttpClientError.ResponseError,
  Exclude<R, Scope.Scope>
> => {
  const scoped = HttpClient.withScope(client)
  return (request) =>
    Effect.scoped(
      Effect.flatMap(
        scoped.execute(request),
        (response) => Effect.map(readBounded(response, limit), (body): Answer => ({ response, body }))
      )
    )
}

/**
 * The body, or `TooLarge` once more than `limit` bytes arrived: bytes are counted as they
 * stream, after any content decoding the client does (fetch inflates gzip, br and deflate),
 * so a small compressed body cannot inflate past the limit. A `content-length` above the limit
 * is refused before reading anything. Reading stops at the limit: the stream is left there,
 * and the request must be aborted (see {@link executeBounded}) so that its connection closes.
 */
export const readBounded = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number
): Effect.Effect<Either.Either<string, "TooLarge">, HttpClientError.ResponseError> => {
  // The announced length is only a shortcut to refuse early: an encoded body's length says
  // nothing of its decoded size, so a small one is still counted as it streams.
  const announced = Number(response.headers["content-length"] ?? Number.NaN)
  if (Number.isInteger(announced) && announced > limit) return Effect.succeed(tooLarge)
  // Without a content encoding the decoded body is the framed one: HTTP framing already bounds
  // it to the announced length, so it is read in one go (streaming costs more per call).
  const encoding = response.headers["content-encoding"]
  if (Number.isInteger(announced) && announced >= 0 && (encoding === undefined || encoding === "identity")) {
    return Effect.map(response.text, Either.right)
  }
  return readCounting(response, limit)
}

const tooLarge: Either.Either<string, "TooLarge"> = Either.left("TooLarge")

const utf8 = new TextDecoder()

interface Counted {
  readonly chunks: Array<Uint8Array>
  size: number
  over: boolean
}

const readCounting = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number
): Effect.Effect<Either.Either<string, "TooLarge">, HttpClientError.ResponseError> =>
  Stream.runFoldWhile(
    response.stream,
    { chunks: [], size: 0, over: false } as Counted,
    (state) => !state.over,
    (state, chunk) => {
      // Mutated in place: a fold over thousands of chunks should not copy its state each time.
      if (state.size + chunk.length > limit) {
        state.over = true
        state.chunks.length = 0
        return state
      }
      state.chunks.push(chunk)
      state.size += chunk.length
      return state
    }
  ).pipe(
    // A response without a body (an empty 500, say) reads as empty text.
    Effect.catchIf(
      (error) => error.reason === "EmptyBody",
      (): Effect.Effect<Counted> => Effect.succeed({ chunks: [], size: 0, over: false })
    ),
    Effect.map(({ chunks, over, size }) => {
      if (over) return tooLarge
      if (chunks.length === 1) return Either.right(utf8.decode(chunks[0]))
      const bytes = new Uint8Array(size)
      let offset = 0
      for (const chunk of chunks) {
        bytes.set(chunk, offset)
        offset += chunk.length
      }
      return Either.right(utf8.decode(bytes))
    })
  )
