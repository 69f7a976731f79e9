import { describe, expect, it } from "@effect/vitest"
import { MasterpassService, ThreeDCallback } from "@paywall-effect/domain"
import { ThreeDCallbackVerifier } from "@paywall-effect/http"
import type { ConfigError, Layer } from "effect"
import { BigDecimal, Cause, Config, DateTime, Effect, Exit, Redacted, Schema } from "effect"
import { buildWithEnv } from "./support.js"

/** Long enough that no text contains it by chance. */
const key = "test-3d-hash-key-0003"
const hashKey = Redacted.make(key)
const istanbul = DateTime.zoneUnsafeMakeNamed("Europe/Istanbul")

const signed: ThreeDCallback.Signed = {
  paymentId: MasterpassService.PaymentId.make(8013143466n),
  merchantUniqueCode: "order-1001",
  amount: BigDecimal.make(14990n, 2),
  installment: 3
}
/** `printf 'test-3d-hash-key-0003###8013143466###order-1001###149.90###3' | sha256sum`, computed outside the library. */
const expected = "9e5a558ffba4772386f861d7c3ae116283a644ce4177502f0df7a7f5c8202e49"

/** A form as Paywall posts it, signed with `hash` unless `hash` is undefined. */
const form = (hash: string | undefined, changes: Record<string, string> = {}): ThreeDCallback.Form =>
  Object.entries({
    date: "2025-06-04T18:42:27",
    status: "Success",
    errorCode: "0",
    errorMessage: "",
    paymentCode: "aaaaaaa-33333-32222-0000-11111111111",
    uniqueCode: "order-1001",
    amount: "149.90",
    installment: "3",
    paymentId: "8013143466",
    cardSaved: "false",
    ...(hash === undefined ? {} : { hash }),
    ...changes
  })

const verifier = ThreeDCallbackVerifier.make({ hashKey, timeZone: istanbul })

describe("ThreeDCallbackVerifier.sign", () => {
  it("is the lowercase hex SHA-256 of the documented string", () => {
    expect(ThreeDCallbackVerifier.sign(hashKey, signed)).toBe(expected)
  })

  it("writes the amount with the format given", () => {
    // `printf 'test-3d-hash-key-0003###8013143466###order-1001###149,90###3' | sha256sum`
    expect(ThreeDCallbackVerifier.sign(hashKey, signed, ThreeDCallback.turkishCulture))
      .toBe("e8167519b183f391dd87f15cadfbfe30509df8df5eaae27d3fbe38ec52b8fc01")
  })
})

describe("ThreeDCallbackVerifier.verify", () => {
  it.effect("receives a signed callback, verified", () =>
    Effect.gen(function*() {
      const received = yield* verifier.verify(form(expected))
      expect(received.verified).toBe(true)
      expect(received.callback.paymentId).toBe(8013143466n)
      expect(received.callback.hash).toBe(expected)
      expect(verifier.verifies).toBe(true)
    }))

  it.effect("takes the hash in upper case too, and any iterable of entries", () =>
    Effect.gen(function*() {
      const received = yield* verifier.verify(
        new URLSearchParams(form(expected.toUpperCase()).map(([name, value]) => [name, value]))
      )
      expect(received.verified).toBe(true)
    }))

  it.effect.each([
    ["amount", "149.9"],
    ["amount", "1.00"],
    ["paymentId", "8013143467"],
    ["uniqueCode", "order-1002"],
    ["installment", "1"]
  ] as ReadonlyArray<readonly [string, string]>)(
    "refuses the callback when %s is changed to %s",
    ([field, value]) =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(verifier.verify(form(expected, { [field]: value })))
        expect(error._tag).toBe("ThreeDCallbackHashMismatch")
      })
  )

  it.effect.each([
    "0".repeat(64),
    expected.slice(0, 63),
    `${expected}00`,
    "not hex at all, not even the right length",
    ` ${expected}`
  ])("refuses the hash %j", (hash) =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(verifier.verify(form(hash)))
      expect(error).toStrictEqual(new ThreeDCallback.ThreeDCallbackHashMismatch({ paymentId: "8013143466" }))
    }))

  it.effect("refuses a callback without a hash, or with an empty one, when a key is configured", () =>
    Effect.gen(function*() {
      expect(yield* Effect.flip(verifier.verify(form(undefined))))
        .toStrictEqual(new ThreeDCallback.ThreeDCallbackHashMissing({ paymentId: "8013143466" }))
      expect((yield* Effect.flip(verifier.verify(form(""))))._tag).toBe("ThreeDCallbackHashMissing")
    }))

  it.effect("refuses a malformed form, naming the inputs", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(verifier.verify(form(expected, { amount: "lots", status: "Maybe" })))
      expect(error).toStrictEqual(
        new ThreeDCallback.ThreeDCallbackMalformed({
          reason: "invalid or missing inputs",
          fields: ["status", "amount"]
        })
      )
    }))

  it.effect("without a key, receives every well-formed callback unverified, a hash unchecked", () =>
    Effect.gen(function*() {
      const unverified = ThreeDCallbackVerifier.make({ hashKey: undefined, timeZone: istanbul })
      expect(unverified.verifies).toBe(false)
      expect((yield* unverified.verify(form(undefined))).verified).toBe(false)
      expect((yield* unverified.verify(form("0".repeat(64)))).verified).toBe(false)
    }))

  // Paywall's hash covers paymentId, uniqueCode, amount and installment only: the outcome is not signed.
  it.effect("cannot see a changed status or errorCode: the hash does not cover them", () =>
    Effect.gen(function*() {
      const forged = yield* verifier.verify(form(expected, { status: "Unsuccessful", errorCode: "1" }))
      expect(forged.verified).toBe(true)
      expect(forged.callback.status).toBe("Unsuccessful")
    }))

  it.effect("shows neither the key nor the expected hash in any refusal", () =>
    Effect.gen(function*() {
      const refusals = [
        yield* Effect.flip(verifier.verify(form("0".repeat(64)))),
        yield* Effect.flip(verifier.verify(form(undefined))),
        yield* Effect.flip(verifier.verify(form(expected, { amount: "1.00" }))),
        yield* Effect.flip(verifier.verify(form(expected, { amount: "x" })))
      ]
      for (const error of refusals) {
        const exit = Exit.fail(error)
        const shown = [
          error.message,
          String(error),
          JSON.stringify(error),
          JSON.stringify(Schema.encodeSync(ThreeDCallback.ThreeDCallbackError)(error)),
          Cause.pretty(Exit.isFailure(exit) ? exit.cause : Cause.empty),
          error.stack ?? ""
        ]
        for (const text of shown) {
          expect(text).not.toContain(key)
          expect(text.toLowerCase()).not.toContain(expected)
        }
      }
    }))
})

const build = (
  layer: Layer.Layer<ThreeDCallbackVerifier.ThreeDCallbackVerifier, ConfigError.ConfigError>,
  env?: Record<string, string>
) => buildWithEnv(ThreeDCallbackVerifier.ThreeDCallbackVerifier, layer, env)

describe("ThreeDCallbackVerifier layers", () => {
  it.effect("layerConfig reads PAYWALL_3D_HASH_KEY", () =>
    Effect.gen(function*() {
      const fromEnv = yield* build(ThreeDCallbackVerifier.layerConfig(), { PAYWALL_3D_HASH_KEY: key })
      expect((yield* fromEnv.verify(form(expected))).verified).toBe(true)
      const renamed = yield* build(
        ThreeDCallbackVerifier.layerConfig({ hashKey: Config.redacted("SHOP_3D_KEY") }),
        { SHOP_3D_KEY: key }
      )
      expect((yield* renamed.verify(form(expected))).verified).toBe(true)
    }))

  it.effect("layerConfig names a missing variable: a forgotten key fails at start-up", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(build(ThreeDCallbackVerifier.layerConfig()))
      expect(error._op).toBe("MissingData")
      expect(String(error)).toContain("PAYWALL_3D_HASH_KEY is not set")
    }))

  it.effect.each(["", " padded", "line\r\nbreak", "zero\u200bwidth", "tab\tinside"])(
    "refuses the key %j when the layer is built, without showing it",
    (value) =>
      Effect.gen(function*() {
        const fromValue = yield* Effect.flip(build(ThreeDCallbackVerifier.layer({ hashKey: Redacted.make(value) })))
        expect(fromValue._op === "InvalidData" && fromValue.path).toStrictEqual(["hashKey"])
        expect(String(fromValue)).toContain("hashKey must be non-empty visible ASCII")
        const fromEnv = yield* Effect.flip(build(ThreeDCallbackVerifier.layerConfig(), { PAYWALL_3D_HASH_KEY: value }))
        expect(fromEnv._op === "InvalidData" && fromEnv.path).toStrictEqual(["PAYWALL_3D_HASH_KEY"])
        if (value.trim() !== "") {
          expect(String(fromValue)).not.toContain(value)
          expect(String(fromEnv)).not.toContain(value)
        }
      })
  )

  it.effect("refuses a zone that is not one", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(build(ThreeDCallbackVerifier.layerUnverified({ timeZone: "Mars/Olympus" })))
      expect(String(error)).toContain("timeZone must be an IANA time zone")
    }))

  it.effect("layer and layerUnverified read dates in the zone given", () =>
    Effect.gen(function*() {
      const utc = yield* build(ThreeDCallbackVerifier.layer({ hashKey, timeZone: "UTC" }))
      expect((yield* utc.verify(form(expected))).callback.date?.epochMillis).toBe(Date.parse("2025-06-04T18:42:27Z"))
      const unverified = yield* build(ThreeDCallbackVerifier.layerUnverified())
      expect(unverified.verifies).toBe(false)
      expect((yield* unverified.verify(form(undefined))).callback.date?.epochMillis)
        .toBe(Date.parse("2025-06-04T15:42:27Z"))
    }))
})
