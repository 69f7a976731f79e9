import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, FastCheck } from "effect"
import { sized } from "../../../test/fastcheck.js"
import { readBounded } from "../src/internal/body.js"

/**
 * A body made on demand, `size` bytes a chunk, `total` bytes in all (endless when undefined),
 * counting what was pulled from it: what the reader asked for, whatever it kept.
 */
const source = (size: number, total?: number) => {
  const counter = { pulled: 0 }
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const left = total === undefined ? size : Math.min(size, total - counter.pulled)
      if (left === 0) return controller.close()
      counter.pulled += left
      controller.enqueue(new Uint8Array(left).fill(0x61))
    }
  }, { highWaterMark: 0 })
  return { counter, stream }
}

const respond = (stream: ReadableStream<Uint8Array>, headers: Record<string, string>) =>
  HttpClientResponse.fromWeb(HttpClientRequest.post("http://127.0.0.1/"), new Response(stream, { headers }))

const limit = 1024 * 1024

describe("issue 12.2: the one reader holds no more than the limit", () => {
  // As fetch hands over an inflated body: decoded bytes, announced by nothing but the encoding.
  for (const headers of [{ "content-encoding": "gzip" }, {}]) {
    it.effect(`an endless body (${JSON.stringify(headers)}) is refused after the limit, pulled no further`, () =>
      Effect.gen(function*() {
        const { counter, stream } = source(64 * 1024)
        const body = yield* readBounded(respond(stream, headers), limit)
        expect(body).toEqual(Either.left("TooLarge"))
        // The chunk that crossed the limit, and at most one more the stream pulled ahead.
        expect(counter.pulled).toBeLessThanOrEqual(limit + 2 * 64 * 1024)
      }))
  }

  it.effect("an announced length over the limit is refused before a byte is read", () =>
    Effect.gen(function*() {
      const { counter, stream } = source(64 * 1024)
      const body = yield* readBounded(respond(stream, { "content-length": String(limit + 1) }), limit)
      expect(body).toEqual(Either.left("TooLarge"))
      expect(counter.pulled).toBe(0)
    }))

  it.effect.prop(
    "any body is its text when within the limit, refused when over, and never read far past it",
    [
      FastCheck.integer({ min: 4096, max: 200_000 }),
      FastCheck.integer({ min: 0, max: 3 * limit }),
      // Decoded by the client (no length), chunked, or framed by its announced length.
      FastCheck.constantFrom("encoded", "chunked", "framed")
    ],
    ([size, total, framing]) =>
      Effect.gen(function*() {
        const { counter, stream } = source(size, total)
        const headers: Record<string, string> = framing === "encoded"
          ? { "content-encoding": "br" }
          : framing === "framed"
          ? { "content-length": String(total) }
          : {}
        const body = yield* readBounded(respond(stream, headers), limit)
        if (total <= limit) {
          expect(body).toEqual(Either.right("a".repeat(total)))
        } else {
          expect(body).toEqual(Either.left("TooLarge"))
          expect(counter.pulled).toBeLessThanOrEqual(limit + 2 * size)
        }
      }),
    sized(30, 100)
  )
})
