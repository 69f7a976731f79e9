import { describe, expect, it } from "@effect/vitest"
import { ThreeDCallback } from "@paywall-effect/domain"
import { ThreeDCallbackVerifier } from "@paywall-effect/http"
import { Arbitraries } from "@paywall-effect/testing"
import { DateTime, Effect, Either, Redacted } from "effect"
import { sized } from "../../../test/fastcheck.js"

const hashKey = Redacted.make("agreement-3d-hash-key-0001")
const istanbul = DateTime.zoneUnsafeMakeNamed("Europe/Istanbul")
const verifying = ThreeDCallbackVerifier.make({ hashKey, timeZone: istanbul })
const notVerifying = ThreeDCallbackVerifier.make({ hashKey: undefined, timeZone: istanbul })

// Decoding, one SHA-256 and the comparisons: measured 7-16 ms a run on an idle machine.
const runs = sized(200, 60)

describe("the callback arbitraries agree with the real decoder and verifier", () => {
  it.effect.prop(
    "every signed callback verifies, to exactly the callback drawn",
    [Arbitraries.signedCallback(hashKey)],
    ([drawn]) =>
      Effect.gen(function*() {
        const received = yield* verifying.verify(drawn.form)
        expect(received.verified).toBe(true)
        expect(received.callback).toStrictEqual(drawn.callback)
        // Amounts keep their decimals, which the hash covers.
        expect(received.callback.amount.scale).toBe(drawn.callback.amount.scale)
      }),
    runs
  )

  it.effect.prop(
    "any tampering with a signed input or the hash is refused",
    [Arbitraries.tamperedCallback(hashKey)],
    ([drawn]) =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(verifying.verify(drawn.form))
        expect(error).toStrictEqual(
          new ThreeDCallback.ThreeDCallbackHashMismatch({ paymentId: drawn.callback.paymentId.toString() })
        )
        // The form really reads as the tampered callback: the refusal is the hash's, not the decoder's.
        expect((yield* notVerifying.verify(drawn.form)).callback).toStrictEqual(drawn.callback)
      }),
    runs
  )

  it.effect.prop(
    "an unsigned callback is refused when a key is configured, and read unverified when none is",
    [Arbitraries.unsignedCallback()],
    ([drawn]) =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(verifying.verify(drawn.form))
        expect(error).toStrictEqual(
          new ThreeDCallback.ThreeDCallbackHashMissing({ paymentId: drawn.callback.paymentId.toString() })
        )
        const received = yield* notVerifying.verify(drawn.form)
        expect(received).toStrictEqual({ callback: drawn.callback, verified: false })
      }),
    runs
  )

  it.effect.prop(
    "a callback signed under another amount format verifies only with that format, when its decimals differ",
    [Arbitraries.signedCallback(hashKey, { amountFormat: ThreeDCallback.turkishCulture })],
    ([drawn]) =>
      Effect.gen(function*() {
        const turkish = ThreeDCallbackVerifier.make({
          hashKey,
          timeZone: istanbul,
          amountFormat: ThreeDCallback.turkishCulture
        })
        expect((yield* turkish.verify(drawn.form)).callback).toStrictEqual(drawn.callback)
        const invariant = yield* Effect.either(verifying.verify(drawn.form))
        // 149,90 and 149.90 differ; an amount without decimals is written alike in both.
        expect(Either.isLeft(invariant)).toBe(drawn.callback.amount.scale > 0)
      }),
    runs
  )
})
