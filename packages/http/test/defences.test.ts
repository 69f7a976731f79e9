import { describe, expect, it } from "@effect/vitest"
import { Either, FastCheck as fc } from "effect"
import { parseJson } from "../src/internal/json.js"
import { redirectOrigin } from "../src/internal/redirect.js"
import { boundText, cutMark, makeScrubber, scrubJson, scrubPhone } from "../src/internal/scrub.js"

const visibleChar = fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code))
const secret = fc.string({ minLength: 8, maxLength: 24, unit: visibleChar })

const hex4 = (char: string) => char.charCodeAt(0).toString(16).padStart(4, "0")
const shortEscape: Record<string, string> = { "\"": "\\\"", "\\": "\\\\", "/": "\\/" }

/** One character of a secret in one of the forms an echo may use. */
const spelled = (char: string) =>
  fc.constantFrom(
    char,
    `\\u${hex4(char)}`,
    `\\u${hex4(char).toUpperCase()}`,
    shortEscape[char] ?? char,
    `%${char.charCodeAt(0).toString(16).padStart(2, "0")}`,
    `%${char.charCodeAt(0).toString(16).padStart(2, "0").toUpperCase()}`
  )

const echo = (value: string) => fc.tuple(...[...value].map(spelled)).map((chars) => chars.join(""))

/** Undoes every escape the scrubber knows of, so a surviving secret would show. */
const decoded = (text: string) =>
  text
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\(["\\/])/g, "$1")

describe("makeScrubber", () => {
  it.prop(
    "no secret survives, whatever mix of raw, JSON-escaped and URL-encoded characters spells it",
    [secret.chain((value) => fc.tuple(fc.constant(value), echo(value))), fc.string(), fc.string()],
    ([[value, echoed], before, after]) => {
      const scrub = makeScrubber({ secrets: [value, "other-secret-0000"] })
      const text = scrub(`${before}${echoed}${after}`)
      expect(text).toContain("<redacted>")
      expect(decoded(text)).not.toContain(value)
    },
    { fastCheck: { numRuns: 100 } }
  )

  it("leaves other text alone, and ignores empty secrets", () => {
    expect(makeScrubber({ secrets: ["s3cret-value"] })("nothing here")).toBe("nothing here")
    expect(makeScrubber({ secrets: [""] })("text")).toBe("text")
  })
})

describe("scrubPhone", () => {
  it.each([
    "+90 512 345 67 10",
    "0512-345-67-10",
    "(512) 345 67 10",
    "905123456710",
    "\\u0035\\u00312345 67 10",
    "90.512.345.67.10"
  ])("removes %s", (text) => {
    expect(scrubPhone(`call ${text} now`, "905123456710").replace(/\D/g, "")).toBe("")
  })

  it("keeps other numbers", () => {
    expect(scrubPhone("order 12345, status 200", "905123456710")).toBe("order 12345, status 200")
  })
})

describe("scrubJson", () => {
  it("scrubs keys and values and keeps a __proto__ key as plain data", () => {
    const scrub = makeScrubber({ secrets: ["k3y-secret"] })
    const value = JSON.parse("{\"k3y-secret\":[\"x k3y-secret\"],\"__proto__\":{\"a\":1}}") as unknown
    const out = scrubJson(value, scrub) as Record<string, unknown>
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(JSON.stringify(out)).toBe("{\"<redacted>\":[\"x <redacted>\"],\"__proto__\":{\"a\":1}}")
  })
})

describe("parseJson", () => {
  it.prop("is total: any text is a value or an issue, never a throw", [fc.string({ maxLength: 200 })], ([text]) => {
    const result = parseJson(text)
    expect(Either.isEither(result)).toBe(true)
  })

  it.prop(
    "reads nesting up to the limit and refuses deeper, without recursion",
    [fc.integer({ min: 1, max: 100_000 }), fc.constantFrom(["[", "]"], ["{\"a\":", "}"])],
    ([depth, [open, close]]) => {
      const result = parseJson(`${open!.repeat(depth)}1${close!.repeat(depth)}`)
      expect(Either.isRight(result)).toBe(depth <= 64)
    },
    { fastCheck: { numRuns: 100 } }
  )

  it("drops __proto__ keys, also spelled with escapes, and ignores brackets in strings", () => {
    const result = parseJson("{\"__proto__\":{\"x\":1},\"a\":{\"\\u005f_proto__\":2,\"b\":\"[[[[\"}}")
    expect(result).toStrictEqual(Either.right({ a: { b: "[[[[" } }))
    expect(Either.isRight(parseJson(`"${"[".repeat(1000)}"`))).toBe(true)
  })
})

describe("boundText", () => {
  it.prop("keeps short text and cuts long text, marked", [fc.string({ maxLength: 3000 })], ([text]) => {
    const kept = boundText(text, 1024)
    if (text.length <= 1024) expect(kept).toBe(text)
    else {
      expect(kept.endsWith(cutMark)).toBe(true)
      expect(text.startsWith(kept.slice(0, -cutMark.length))).toBe(true)
      expect(kept.length).toBeLessThanOrEqual(1024 + cutMark.length)
    }
  })
})

describe("redirectOrigin", () => {
  it("is the origin of a 3xx's absolute Location, and nothing else", () => {
    expect(redirectOrigin(302, "https://elsewhere.example:8443/steal?token=1")).toBe("https://elsewhere.example:8443")
    expect(redirectOrigin(308, "http://127.0.0.1:4010/x")).toBe("http://127.0.0.1:4010")
    expect(redirectOrigin(307, "/relative/path")).toBeUndefined()
    expect(redirectOrigin(301, undefined)).toBeUndefined()
    expect(redirectOrigin(200, "https://elsewhere.example/")).toBeUndefined()
    expect(redirectOrigin(400, "https://elsewhere.example/")).toBeUndefined()
  })
})
