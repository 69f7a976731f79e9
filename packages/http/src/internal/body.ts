/**
 * Reading an answer's body without holding more than the limit.
 */
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"

/**
 * The body, or `TooLarge` once more than `limit` bytes arrived (reading stops there). A body
 * whose `content-length` is within the limit is read in one go (HTTP framing keeps it to that
 * length); one announced larger is refused unread; others are streamed and counted.
 */
export const readBounded = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number
): Effect.Effect<Either.Either<string, "TooLarge">, HttpClientError.ResponseError> => {
  const announced = Number(response.headers["content-length"] ?? Number.NaN)
  if (Number.isInteger(announced) && announced >= 0) {
    return announced > limit ? Effect.succeed(Either.left("TooLarge")) : Effect.map(response.text, Either.right)
  }
  return readCounting(response, limit)
}

const utf8 = new TextDecoder()

const readCounting = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number
): Effect.Effect<Either.Either<string, "TooLarge">, HttpClientError.ResponseError> =>
  Stream.runFoldWhile(
    response.stream,
    { chunks: [] as Array<Uint8Array>, size: 0, tooLarge: false },
    (state) => !state.tooLarge,
    (state, chunk) => {
      if (state.size + chunk.length > limit) return { ...state, tooLarge: true }
      state.chunks.push(chunk)
      return { ...state, size: state.size + chunk.length }
    }
  ).pipe(
    // A response without a body (an empty 500, say) reads as empty text.
    Effect.catchIf(
      (error) => error.reason === "EmptyBody",
      () => Effect.succeed({ chunks: [] as Array<Uint8Array>, size: 0, tooLarge: false })
    ),
    Effect.map(({ chunks, size, tooLarge }) => {
      if (tooLarge) return Either.left("TooLarge" as const)
      const bytes = new Uint8Array(size)
      let offset = 0
      for (const chunk of chunks) {
        bytes.set(chunk, offset)
        offset += chunk.length
      }
      return Either.right(utf8.decode(bytes))
    })
  )
