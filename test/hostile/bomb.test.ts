import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import type * as Http from "node:http"
import * as Zlib from "node:zlib"
import { hostileServer, request, settled, transports, withClient } from "./server.js"

const inflated = 64 * 1024 * 1024

/** 64 MiB of zeros, compressed chunk by chunk (the test itself never holds them whole), once per encoding. */
const bombs = new Map<string, Promise<Buffer>>()
const compress = (encoding: "gzip" | "deflate" | "br") =>
  Effect.promise(() => {
    const known = bombs.get(encoding)
    if (known !== undefined) return known
    const made = compressed(encoding)
    bombs.set(encoding, made)
    return made
  })

const compressed = (encoding: "gzip" | "deflate" | "br") =>
  new Promise<Buffer>((resolve, reject) => {
    const stream = encoding === "gzip"
      ? Zlib.createGzip({ level: 9 })
      : encoding === "deflate"
      ? Zlib.createDeflate({ level: 9 })
      : Zlib.createBrotliCompress({ params: { [Zlib.constants.BROTLI_PARAM_QUALITY]: 4 } })
    const parts: Array<Buffer> = []
    stream.on("data", (part: Buffer) => parts.push(part))
    stream.on("end", () => resolve(Buffer.concat(parts)))
    stream.on("error", reject)
    const zeros = Buffer.alloc(1024 * 1024)
    for (let i = 0; i < inflated / zeros.length; i++) stream.write(zeros)
    stream.end()
  })

describe("issue 12.2: a compressed body is counted as it inflates", { timeout: 30_000 }, () => {
  for (const encoding of ["gzip", "deflate", "br"] as const) {
    for (const framing of ["content-length", "chunked"] as const) {
      for (const [name, http] of transports) {
        it.scopedLive(`${name}: ${encoding}, ${framing}, inflating to 64 MiB, is refused and its connection closed`, () =>
          Effect.gen(function*() {
            const bomb = yield* compress(encoding)
            expect(bomb.length).toBeLessThan(1024 * 1024) // under the limit on the wire
            const server = yield* hostileServer((_, response: Http.ServerResponse) => {
              response.writeHead(200, {
                "content-type": "application/json",
                "content-encoding": encoding,
                ...(framing === "content-length" ? { "content-length": String(bomb.length) } : {})
              })
              response.end(bomb)
            })
            const result = yield* Effect.flip(
              withClient(server.url, http(false), (client) => client.createSession(request))
            )
            expect(result._tag).toBe("PaywallDecodeError")
            if (name === "fetch") {
              // fetch inflates: the limit is met on the decoded bytes.
              expect(result.message).toContain("exceeds the limit of 1048576 bytes")
            } else {
              // undici hands over the bytes as sent: under the limit, and not JSON.
              expect(result.message).toContain("not JSON")
            }
            // What the call holds is bounded by the reader itself (packages/http/test/body.test.ts
            // counts what it pulls). How far the inflater runs ahead of it depends on how the bytes
            // arrived, and the process's off-heap memory on what ran before (measured: 0.2 MB to
            // 26 MB left by the same call), so memory is not asserted here. Asserted: the
            // connection that carried the bomb is closed once the call is over (over fetch, whose global
            // dispatcher outlives the call, this is the abort's doing; undici's agent closes with the layer,
            // and test/hostile/sockets.test.ts checks its aborts over one kept client).
            expect(yield* settled(server.openCarrying, (open) => open === 0)).toBe(0)
          }))
      }
    }
  }
})
