import { describe, expect, it } from "@effect/vitest"
import { CreateSession } from "@paywall-effect/domain"
import { Effect, FastCheck as fc, Schema } from "effect"
import { recordingTracer } from "../tracer.js"
import { hostileServer, phone, request, secrets, sendJson, transports, withClient } from "./server.js"

const http = transports[0]![1](false)
const encodeRecord = Schema.encodeSync(CreateSession.CreateSession)

/** One character of an echo, spelled as JSON allows: raw, or `\uXXXX` in either hex case. */
const jsonChar = (char: string) =>
  fc.constantFrom(
    char,
    `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
    `\\u${char.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}`
  )

/** A secret as a server may echo it inside a JSON string: any mix of raw and escaped characters, or URL-encoded. */
const echoOf = (secret: string) =>
  fc.oneof(
    fc.tuple(...[...secret].map(jsonChar)).map((chars) => chars.join("")),
    fc.tuple(...[...secret].map((char) =>
      fc.constantFrom(char, `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)
    )).map((chars) =>
      chars.join("")
    )
  )

/** Every string of a JSON value (keys too), and its URL-decoded reading where it has one. */
const strings = (value: unknown): Array<string> => {
  const out: Array<string> = []
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      out.push(v)
      try {
        out.push(decodeURIComponent(v))
      } catch {
        // Not URL-encoded text: the raw string is checked already.
      }
    } else if (Array.isArray(v)) {
      v.forEach(walk)
    } else if (v !== null && typeof v === "object") {
      for (const [key, item] of Object.entries(v)) {
        walk(key)
        walk(item)
      }
    }
  }
  walk(value)
  return out
}

const expectNoSecret = (texts: ReadonlyArray<string>) => {
  for (const text of texts) {
    expect(text).not.toContain(secrets.apiKeyPrivate)
    expect(text).not.toContain(secrets.apiClientPrivate)
  }
}

describe("issue 12.5: secrets echoed in the body are scrubbed from the record", { timeout: 60_000 }, () => {
  it.scopedLive.prop(
    "a record's ResponseBody never holds a credential, whichever escapes spell it, in values or keys",
    [
      echoOf(secrets.apiKeyPrivate),
      echoOf(secrets.apiClientPrivate),
      fc.constantFrom(200, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503)
    ],
    ([key, client, status]) =>
      Effect.gen(function*() {
        const body =
          `{"ErrorCode":12,"Result":false,"Message":"bad ${key} and ${client}","Echo":{"${key}":["${client}"]},"Raw":"${key}${client}"}`
        const server = yield* hostileServer((_, response) => sendJson(response, body, status))
        const record = yield* withClient(server.url, http, (c) => c.createSessionRecord(request))
        const encoded = encodeRecord(record)
        expect(record.responseBody).toBeDefined()
        expectNoSecret([JSON.stringify(encoded), ...strings(encoded)])
        const error = yield* Effect.flip(withClient(server.url, http, (c) => c.createSession(request)))
        expectNoSecret([error.message, JSON.stringify(error)])
      }),
    { fastCheck: { numRuns: 40 } }
  )
})

describe("issue 12.6: secrets echoed in response headers stay out of spans", { timeout: 30_000 }, () => {
  for (const [name, layer] of transports) {
    it.scopedLive(`${name}: no span attribute holds a credential or the phone; safe headers are kept`, () =>
      Effect.gen(function*() {
        const server = yield* hostileServer((_, response) =>
          response.writeHead(200, {
            "content-type": "application/json",
            "x-echo-key": secrets.apiKeyPrivate,
            "x-echo-client": `Bearer ${secrets.apiClientPrivate}`,
            "x-echo-phone": "+90 512 345 67 10",
            "set-cookie": `k=${secrets.apiKeyPrivate}`,
            "retry-after": "3"
          }).end(JSON.stringify({ ErrorCode: 12, Result: false, Message: "no" }))
        )
        const { spans, tracer } = recordingTracer()
        yield* withClient(server.url, layer(false), (client) => client.createSessionRecord(request)).pipe(
          Effect.withTracer(tracer)
        )
        const attributes = spans.flatMap((span) => [...span.attributes].map(([key, value]) => [key, String(value)]))
        const http = Object.fromEntries(attributes.filter(([key]) => key!.startsWith("http.response.header.")))
        // The platform's span recorded the response headers: the safe ones as they are, the rest redacted.
        expect(http["http.response.header.content-type"]).toBe("application/json")
        expect(http["http.response.header.retry-after"]).toBe("3")
        expect(http["http.response.header.x-echo-key"]).toBe("<redacted>")
        const printed = JSON.stringify(attributes)
        expect(printed).not.toContain(secrets.apiKeyPrivate)
        expect(printed).not.toContain(secrets.apiClientPrivate)
        expect(printed.replace(/\D/g, "")).not.toContain("5123456710")
      }))
  }
})

/** The phone's digits, grouped and separated as people and servers write them, some `\u`-escaped. */
const formattedPhone = fc.tuple(
  fc.constantFrom("+90", "90", "0", "", "+90 (0)", "0090"),
  fc.array(fc.constantFrom(" ", "-", ".", "", "(", ")", "/"), { minLength: 10, maxLength: 10 }),
  fc.array(fc.boolean(), { minLength: 10, maxLength: 10 })
).map(([prefix, separators, escaped]) =>
  prefix + [..."5123456710"].map((digit, i) => `${separators[i]}${escaped[i] ? `\\u003${digit}` : digit}`).join("")
)

describe("issue 12.11: the phone echoed in any format is masked", { timeout: 60_000 }, () => {
  it.scopedLive.prop(
    "neither the error nor the record holds the phone's digits, however formatted",
    [formattedPhone],
    ([echoed]) =>
      Effect.gen(function*() {
        const server = yield* hostileServer((_, response) =>
          sendJson(response, `{"ErrorCode":5,"Result":false,"Message":"no wallet for ${echoed}","Phone":"${echoed}"}`)
        )
        const record = yield* withClient(server.url, http, (c) => c.createSessionRecord(request))
        const error = yield* Effect.flip(withClient(server.url, http, (c) => c.createSession(request)))
        for (const text of [JSON.stringify(encodeRecord(record)), error.message, JSON.stringify(error)]) {
          // Whatever stands between them, the national number's ten digits never appear in a row.
          expect(text.replace(/\\u003(\d)/g, "$1").replace(/\D/g, "")).not.toContain("5123456710")
        }
        expect(phone).toBe("905123456710")
      }),
    { fastCheck: { numRuns: 50 } }
  )
})

describe("issue 12.12: kept text is bounded", () => {
  it.scopedLive("a 900 KB Message is cut to 1,024 characters and marked", () =>
    Effect.gen(function*() {
      const message = "m".repeat(900_000)
      const server = yield* hostileServer((_, response) =>
        sendJson(response, JSON.stringify({ ErrorCode: 5, Result: false, Message: message }))
      )
      const error = yield* Effect.flip(withClient(server.url, http, (c) => c.createSession(request)))
      expect(error).toMatchObject({ _tag: "PaywallEnvelopeError", errorCode: 5 })
      const kept = error._tag === "PaywallEnvelopeError" ? error.paywallMessage ?? "" : ""
      expect(kept).toBe(`${"m".repeat(1024)}… (cut)`)
      const record = yield* withClient(server.url, http, (c) => c.createSessionRecord(request))
      expect(JSON.stringify(encodeRecord(record)).length).toBeLessThan(4096)
    }))
})
