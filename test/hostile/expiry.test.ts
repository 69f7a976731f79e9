import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc } from "effect"
import { hostileServer, request, sendJson, transports, withClient } from "./server.js"

const answer = (expiry: string) =>
  JSON.stringify({
    ErrorCode: 0,
    Result: true,
    Body: { SessionId: "9b27433e-f36b-1410-80e5-004205aa382d", SessionExpiryDate: expiry }
  })

describe("issue 12.4: an expiry date out of range is a decode failure, never a defect", { timeout: 30_000 }, () => {
  for (const [name, http] of transports) {
    it.scopedLive(`${name}: any two-digit offset ends in a session or a failed record`, () =>
      Effect.gen(function*() {
        let expiry = ""
        const server = yield* hostileServer((_, response) => sendJson(response, answer(expiry)))
        const digits2 = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, "0"))
        const samples = fc.sample(fc.tuple(fc.constantFrom("+", "-"), digits2, digits2), { numRuns: 50, seed: 12 })
        const offsets = [["+", "99", "99"], ["+", "24", "00"], ["+", "14", "60"], ...samples] as const
        yield* withClient(server.url, http(false), (client) =>
          Effect.forEach(offsets, ([sign, hours, minutes]) =>
            Effect.gen(function*() {
              expiry = `2025-07-27T11:24:57${sign}${hours}:${minutes}`
              // `Effect.exit` would hold a defect as a failed exit: the record itself must come back.
              const record = yield* Effect.exit(client.createSessionRecord(request))
              expect(record._tag).toBe("Success")
              if (record._tag !== "Success") {
                return
              }
              const valid = Number(minutes) < 60 && Number(hours) * 60 + Number(minutes) <= 18 * 60
              expect(record.value.status).toBe(valid ? "succeeded" : "failed")
              const session = yield* Effect.either(client.createSession(request))
              if (valid) {
                expect(session._tag).toBe("Right")
              } else expect(session).toMatchObject({ left: { _tag: "PaywallDecodeError" } })
            })))
      }))
  }
})
