import { describe, expect, it } from "@effect/vitest"
import { MasterpassSession } from "@paywall-effect/domain"
import { DateTime, Either, FastCheck, Option, Schema } from "effect"
import { sized } from "../../../test/fastcheck.js"
import { docsBody } from "../../../test/fixtures/docs.js"

const istanbul = DateTime.zoneUnsafeMakeNamed("Europe/Istanbul")
const utc = DateTime.zoneUnsafeMakeNamed("UTC")
const iso = (text: string, zone = istanbul) => Option.map(MasterpassSession.parseExpiry(text, zone), DateTime.formatIso)

describe("parseExpiry", () => {
  it("reads the docs' bare local time in the configured zone", () => {
    expect(iso("2025-07-27T11:24:57")).toStrictEqual(Option.some("2025-07-27T08:24:57.000Z"))
    expect(iso("2025-07-27T11:24:57", utc)).toStrictEqual(Option.some("2025-07-27T11:24:57.000Z"))
    expect(iso("2025-01-15T11:24:57", DateTime.zoneUnsafeMakeNamed("Europe/Berlin")))
      .toStrictEqual(Option.some("2025-01-15T10:24:57.000Z"))
  })

  it("does not depend on the host machine's zone", () => {
    const saved = process.env.TZ
    try {
      process.env.TZ = "America/Los_Angeles"
      expect(iso("2025-07-27T11:24:57")).toStrictEqual(Option.some("2025-07-27T08:24:57.000Z"))
      process.env.TZ = "Asia/Tokyo"
      expect(iso("2025-07-27T11:24:57")).toStrictEqual(Option.some("2025-07-27T08:24:57.000Z"))
    } finally {
      if (saved === undefined) delete process.env.TZ
      else process.env.TZ = saved
    }
  })

  it("honours an explicit offset over the configured zone", () => {
    expect(iso("2025-07-27T11:24:57Z")).toStrictEqual(Option.some("2025-07-27T11:24:57.000Z"))
    expect(iso("2025-07-27T11:24:57+05:30")).toStrictEqual(Option.some("2025-07-27T05:54:57.000Z"))
  })

  it("reads .NET's seven fractional digits to the millisecond", () => {
    expect(iso("2025-07-27T11:24:57.1234567")).toStrictEqual(Option.some("2025-07-27T08:24:57.123Z"))
  })

  it.each(["2025-02-30T10:00:00", "2025-13-01T10:00:00", "2025-07-27T24:00:00", "2025-07-27 11:24:57", "tomorrow", ""])(
    "rejects %j",
    (text) => expect(MasterpassSession.parseExpiry(text, istanbul)).toStrictEqual(Option.none())
  )

  it.prop("reads any UTC wall-clock time back as itself", [
    FastCheck.date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true })
  ], ([date]) => {
    const text = date.toISOString().slice(0, 19)
    expect(iso(text, utc)).toStrictEqual(Option.some(`${text}.000Z`))
  }, sized(100, 10))
})

describe("expiryReader", () => {
  it("remembers offsets per hour without mixing up the hours around daylight-saving changes", () => {
    const read = MasterpassSession.expiryReader(DateTime.zoneUnsafeMakeNamed("Europe/Berlin"))
    const utc = (text: string) => Option.map(read(text), DateTime.formatIso)
    // Read twice each, so the second read comes from the remembered offset.
    for (let i = 0; i < 2; i++) {
      expect(utc("2025-03-30T01:30:00")).toStrictEqual(Option.some("2025-03-30T00:30:00.000Z"))
      expect(utc("2025-03-30T03:30:00")).toStrictEqual(Option.some("2025-03-30T01:30:00.000Z"))
      expect(utc("2025-10-26T04:30:00")).toStrictEqual(Option.some("2025-10-26T03:30:00.000Z"))
      expect(utc("2025-07-01T12:00:00")).toStrictEqual(Option.some("2025-07-01T10:00:00.000Z"))
      expect(utc("2025-12-01T12:00:00")).toStrictEqual(Option.some("2025-12-01T11:00:00.000Z"))
    }
  })
})

describe("fromSessionBody", () => {
  const decode = Schema.decodeUnknownEither(MasterpassSession.fromSessionBody(istanbul))

  it("decodes the docs' sample body and keeps the raw expiry text", () => {
    const session = Either.getOrThrow(decode(docsBody))
    expect(session.sessionId).toBe(docsBody.SessionId)
    expect(DateTime.formatIso(session.expiresAt)).toBe("2025-07-27T08:24:57.000Z")
    expect(session.expiryText).toBe("2025-07-27T11:24:57")
  })

  it.each([
    [{ SessionId: "not-a-guid", SessionExpiryDate: "2025-07-27T11:24:57" }, "SessionId"],
    [{ ...docsBody, SessionExpiryDate: "2025-02-30T11:24:57" }, "2025-02-30"],
    [{ SessionId: docsBody.SessionId }, "SessionExpiryDate"],
    [null, "null"]
  ])("rejects %j", (body, mention) => {
    const result = decode(body)
    expect(Either.isLeft(result) && result.left.message).toContain(mention)
  })

  it.prop("encodes a decoded session back to the body it came from", [MasterpassSession.SessionBody], ([body]) => {
    const schema = MasterpassSession.fromSessionBody(istanbul)
    expect(Schema.encodeSync(schema)(Schema.decodeSync(schema)(body))).toStrictEqual(body)
  }, sized(100, 10))
})

describe("expiry offsets (issue 12.4)", () => {
  const digits2 = FastCheck.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, "0"))
  const offset = FastCheck.tuple(FastCheck.constantFrom("+", "-"), digits2, digits2)
  const decode = Schema.decodeUnknownEither(MasterpassSession.fromSessionBody(istanbul))
  const body = (expiry: string) => ({ SessionId: "9b27433e-f36b-1410-80e5-004205aa382d", SessionExpiryDate: expiry })

  it.prop(
    "any two-digit offset decodes, or fails to decode, and never throws; only offsets up to 18:00 are read",
    [offset, FastCheck.date({ min: new Date("0001-01-02"), max: new Date("9999-12-30"), noInvalidDate: true })],
    ([[sign, hours, minutes], date]) => {
      const text = `${date.toISOString().slice(0, 19)}${sign}${hours}:${minutes}`
      const decoded = decode(body(text))
      const total = Number(hours) * 60 + Number(minutes)
      const valid = Number(minutes) < 60 && total <= 18 * 60
      expect(Either.isRight(decoded)).toBe(valid)
      if (Either.isRight(decoded)) {
        const shift = (sign === "+" ? -total : total) * 60_000
        expect(DateTime.toEpochMillis(decoded.right.expiresAt)).toBe(Date.parse(`${text.slice(0, 19)}Z`) + shift)
      } else {
        expect(decoded.left.message).toContain("is not a real date-time")
      }
    },
    { fastCheck: { numRuns: 100 } }
  )

  it.each(["+99:99", "+24:00", "+14:60", "-18:01", "+19:00"])("fails to decode the offset %s", (text) => {
    expect(Either.isLeft(decode(body(`2025-07-27T11:24:57${text}`)))).toBe(true)
  })

  it("decodes the extreme offsets and the edges of the calendar", () => {
    expect(iso("2025-07-27T11:24:57+18:00")).toStrictEqual(Option.some("2025-07-26T17:24:57.000Z"))
    expect(iso("2025-07-27T11:24:57-18:00")).toStrictEqual(Option.some("2025-07-28T05:24:57.000Z"))
    expect(Option.isSome(MasterpassSession.parseExpiry("9999-12-31T23:59:59-18:00", istanbul))).toBe(true)
    expect(Option.isSome(MasterpassSession.parseExpiry("0000-01-01T00:00:00+18:00", istanbul))).toBe(true)
  })
})
