/**
 * Removing secrets and the phone from any text kept from an answer (errors, records, logs),
 * in whatever form a server may echo them, and bounding that text.
 */

/** What a removed credential becomes. */
export const redactedText = "<redacted>"

/** What a removed phone number becomes. */
export const redactedPhone = "<phone>"

const hex2 = (code: number): string => code.toString(16).padStart(2, "0")

/** A hex digit matched in either case, without making the whole pattern case-insensitive. */
const hexDigit = (digit: string): string => /[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit

const hexPattern = (hex: string): string => [...hex].map(hexDigit).join("")

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")

/** JSON's short escapes, for the characters that have one (`/` may be escaped, and is by some). */
const shortEscapes: Record<string, string> = { "\"": "\\\\\"", "\\": "\\\\\\\\", "/": "\\\\/" }

/**
 * Every way one character may be spelled in an echo: as itself, as JSON's `\uXXXX` (any hex
 * case), as its short JSON escape, or URL-encoded (each UTF-8 byte as `%XX`; `+` for a space).
 */
const charPattern = (char: string): string => {
  const code = char.codePointAt(0) ?? 0
  const forms = [escapeRegExp(char)]
  if (code <= 0xffff) forms.push(`\\\\[uU]${hexPattern(hex2(code >> 8))}${hexPattern(hex2(code & 0xff))}`)
  const short = shortEscapes[char]
  if (short !== undefined) forms.push(short)
  const bytes = new TextEncoder().encode(char)
  forms.push([...bytes].map((byte) => `%${hexPattern(hex2(byte))}`).join(""))
  if (char === " ") forms.push("\\+")
  return forms.length === 1 ? forms[0]! : `(?:${forms.join("|")})`
}

/** A pattern for `secret` in all its echo forms, any mix of them character by character. */
const secretPattern = (secret: string): string => [...secret].map(charPattern).join("")

/**
 * Builds, once per client, the scrubber of its credentials: every occurrence of a secret,
 * raw, JSON-escaped (short escapes or `\uXXXX` for any of its characters, in any mix) or
 * URL-encoded, becomes `<redacted>`. Empty secrets are ignored.
 */
export const makeScrubber = (options: { readonly secrets: ReadonlyArray<string> }): (text: string) => string => {
  // Longest first: where one secret contains another, the whole of it goes.
  const secrets = [...new Set(options.secrets.filter((secret) => secret.length > 0))]
    .sort((a, b) => b.length - a.length)
  if (secrets.length === 0) return (text) => text
  const pattern = new RegExp(secrets.map(secretPattern).join("|"), "g")
  return (text) => text.replace(pattern, redactedText)
}

/** A digit, raw or `\u003X`-escaped. */
const digitPattern = (digit: string): string => `(?:${digit}|\\\\[uU]003${digit})`

/**
 * What may stand between the digits of a formatted phone: spaces, dashes, dots, slashes,
 * parentheses, a plus, raw or `\u`-escaped, or URL-encoded; a few at most between two digits.
 */
const separator = "(?:[\\s\\-./()+]|\\\\[uU]00(?:20|2[dDeEfF]|28|29|2[bB])|\\\\[nrt]|%20|\\+){0,3}"

/** The shortest tail of the digits that is still searched for: a national number without its country code. */
const nationalDigits = 10

const phonePatterns = new Map<string, RegExp>()

/**
 * A pattern for `digits` formatted any way: the whole number, or its last ten digits (the
 * number without its country code or trunk prefix), with any separators and escapes.
 */
const phonePattern = (digits: string): RegExp => {
  let pattern = phonePatterns.get(digits)
  if (pattern !== undefined) return pattern
  const chars = [...digits]
  const tail = Math.min(nationalDigits, chars.length)
  const head = chars.slice(0, chars.length - tail)
  // The leading digits are optional, innermost first: `((9 sep)? 0 sep)? 5 sep 1 ...`.
  let prefix = ""
  for (const digit of head) prefix = `(?:${prefix}${digitPattern(digit)}${separator})?`
  const body = chars.slice(chars.length - tail).map(digitPattern).join(separator)
  pattern = new RegExp(`${prefix}${body}`, "g")
  // Phones repeat (one per user), so remember a bounded number of patterns.
  if (phonePatterns.size >= 256) phonePatterns.clear()
  phonePatterns.set(digits, pattern)
  return pattern
}

/**
 * Replaces the phone whose digits are `phoneDigits` with `<phone>` in `text`, however a server
 * formatted or escaped it (`+90 512 345 67 10`, `0512-345-67-10`, `(512) 345 67 10`,
 * `\u0035\u0031...`). Digits only count: `phoneDigits` may itself carry separators.
 */
export const scrubPhone = (text: string, phoneDigits: string): string => {
  const digits = phoneDigits.replace(/\D/g, "")
  if (digits.length < 4) return text
  return text.replace(phonePattern(digits), redactedPhone)
}

/**
 * A JSON value with `scrub` applied to every string and every key (a server may echo a secret
 * as a key). Returns new plain objects and arrays; the input is left as is. Recursion is
 * bounded by the depth limit the value was parsed with (see `json.ts`).
 */
export const scrubJson = (value: unknown, scrub: (text: string) => string): unknown => {
  if (typeof value === "string") return scrub(value)
  if (Array.isArray(value)) return value.map((item) => scrubJson(item, scrub))
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value)) {
      // `defineProperty`, not assignment: a key such as `__proto__` must stay plain data.
      Object.defineProperty(out, scrub(key), {
        value: scrubJson((value as Record<string, unknown>)[key], scrub),
        enumerable: true,
        writable: true,
        configurable: true
      })
    }
    return out
  }
  return value
}

/** The mark at the end of a cut text. */
export const cutMark = "… (cut)"

/**
 * `text`, or its first `max` characters followed by `… (cut)` when longer: any text kept from
 * an answer is bounded. A surrogate pair is never split.
 */
export const boundText = (text: string, max: number = 1024): string => {
  if (text.length <= max) return text
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max
  return `${text.slice(0, end)}${cutMark}`
}
