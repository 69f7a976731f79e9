import { HttpRouter, HttpServerResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import type { ThreeDCallback } from "@paywall-effect/domain"
import { ThreeDCallbackRoute, ThreeDCallbackVerifier } from "@paywall-effect/http"
import { Arbitraries } from "@paywall-effect/testing"
import { Effect, FastCheck, Layer, Logger, Metric, Redacted } from "effect"
import { sized } from "./fastcheck.js"
import { serveApp } from "./loopback.js"

const key = "route-test-3d-hash-key-0004"
const hashKey = Redacted.make(key)

/** Every callback the handlers received, and every log line the server wrote, for the assertions. */
const received: Array<ThreeDCallbackVerifier.Received> = []
const logs: Array<string> = []

const router = HttpRouter.empty.pipe(
  ThreeDCallbackRoute.route("/paywall/3d-callback", (callback) =>
    Effect.sync(() => {
      received.push(callback)
      return HttpServerResponse.redirect(`/orders/${encodeURIComponent(callback.callback.merchantUniqueCode)}`, {
        status: 303
      })
    })),
  ThreeDCallbackRoute.route("/quiet", () => Effect.void),
  ThreeDCallbackRoute.route("/small", () => Effect.void, { maxBodyBytes: 1024 }),
  ThreeDCallbackRoute.route("/failing", () => Effect.fail("the shop's database is down"))
)

const capture = Logger.replace(
  Logger.defaultLogger,
  Logger.make(({ annotations, message }) => {
    logs.push(JSON.stringify({ message, annotations: Object.fromEntries(annotations) }))
  })
)

/** The merchant's app with `verifier`, on loopback, for the life of the test. */
const app = (verifier: Layer.Layer<ThreeDCallbackVerifier.ThreeDCallbackVerifier, unknown>) =>
  serveApp(router).pipe(Effect.provide(Layer.merge(Layer.orDie(verifier), capture)))

const signedApp = app(ThreeDCallbackVerifier.layer({ hashKey }))

/** Posts `form` as a browser does, without following a redirect. */
const post = (url: string, form: ThreeDCallback.Form, contentType?: string) =>
  Effect.promise(async () => {
    const body = new URLSearchParams(form.map(([name, value]) => [name, value]))
    const response = await fetch(url, {
      method: "POST",
      body: contentType === undefined ? body : body.toString(),
      redirect: "manual",
      ...(contentType === undefined ? {} : { headers: { "content-type": contentType } })
    })
    return { status: response.status, location: response.headers.get("location"), text: await response.text() }
  })

const count = (outcome: string) =>
  Effect.map(
    Metric.value(Metric.tagged(ThreeDCallbackRoute.callbacksTotal, "outcome", outcome)),
    (state) => state.count
  )

const [sample] = FastCheck.sample(Arbitraries.signedCallback(hashKey), { numRuns: 1, seed: 42 })
const signedForm = sample!.form

describe("ThreeDCallbackRoute over loopback", () => {
  it.scoped.prop(
    "a signed callback reaches the handler verified, exactly as drawn, and gets its answer",
    [Arbitraries.signedCallback(hashKey)],
    ([drawn]) =>
      Effect.gen(function*() {
        const url = yield* signedApp
        received.length = 0
        const answer = yield* post(`${url}/paywall/3d-callback`, drawn.form)
        expect(answer.status).toBe(303)
        expect(answer.location).toBe(`/orders/${encodeURIComponent(drawn.callback.merchantUniqueCode)}`)
        expect(received).toStrictEqual([{ callback: drawn.callback, verified: true }])
      }),
    sized(30, 200)
  )

  it.scoped.prop(
    "a tampered callback is answered 400 with the generic page, and reaches nothing",
    [Arbitraries.tamperedCallback(hashKey)],
    ([drawn]) =>
      Effect.gen(function*() {
        const url = yield* signedApp
        received.length = 0
        const answer = yield* post(`${url}/paywall/3d-callback`, drawn.form)
        expect(answer.status).toBe(400)
        expect(answer.text).toContain("This payment notification could not be accepted.")
        expect(received).toStrictEqual([])
      }),
    sized(30, 200)
  )

  it.scoped("logs and counts a refusal, showing neither the key nor the expected hash, and serves on", () =>
    Effect.gen(function*() {
      const url = yield* signedApp
      logs.length = 0
      const before = yield* count("ThreeDCallbackHashMismatch")
      const expected = sample!.callback.hash!
      const forged = signedForm.map(([name, value]): readonly [string, string] =>
        name === "amount" ? [name, "0.01"] : [name, value]
      )
      expect((yield* post(`${url}/paywall/3d-callback`, forged)).status).toBe(400)
      expect((yield* count("ThreeDCallbackHashMismatch")) - before).toBe(1)
      expect(logs).toHaveLength(1)
      expect(JSON.parse(logs[0]!)).toMatchObject({
        message: ["Paywall 3D callback refused"],
        annotations: { refusal: "ThreeDCallbackHashMismatch" }
      })
      expect(logs[0]).not.toContain(key)
      expect(logs[0]).not.toContain(expected)
      // The server goes on: the genuine callback is received.
      expect((yield* post(`${url}/paywall/3d-callback`, signedForm)).status).toBe(303)
    }))

  it.scoped("refuses an unsigned callback when a key is configured", () =>
    Effect.gen(function*() {
      const url = yield* signedApp
      const unsigned = signedForm.filter(([name]) => name !== "hash")
      const answer = yield* post(`${url}/paywall/3d-callback`, unsigned)
      expect(answer.status).toBe(400)
      expect(logs.at(-1)).toContain("ThreeDCallbackHashMissing")
    }))

  it.scoped("answers the default page when the handler returns nothing", () =>
    Effect.gen(function*() {
      const url = yield* signedApp
      const answer = yield* post(`${url}/quiet`, signedForm)
      expect(answer.status).toBe(200)
      expect(answer.text).toContain("Thank you. Your payment is being processed.")
    }))

  it.scoped("refuses a body that is not a form, or larger than the limit, before reading past it", () =>
    Effect.gen(function*() {
      const url = yield* signedApp
      const json = yield* post(`${url}/quiet`, signedForm, "application/json")
      expect(json.status).toBe(400)
      expect(logs.at(-1)).toContain("not application/x-www-form-urlencoded")
      const padded: ThreeDCallback.Form = [...signedForm, ["trackingCode", "x".repeat(2048)]]
      const large = yield* post(`${url}/small`, padded)
      expect(large.status).toBe(400)
      expect(logs.at(-1)).toContain("within 1024 bytes")
      expect((yield* post(`${url}/small`, signedForm)).status).toBe(200)
    }))

  it.scoped("leaves the handler's own failures to the server", () =>
    Effect.gen(function*() {
      const url = yield* signedApp
      expect((yield* post(`${url}/failing`, signedForm)).status).toBe(500)
    }))

  it.scoped("without a key, hands every well-formed callback over unverified", () =>
    Effect.gen(function*() {
      const url = yield* app(ThreeDCallbackVerifier.layerUnverified())
      received.length = 0
      const before = yield* count("unverified")
      const unsigned = signedForm.filter(([name]) => name !== "hash")
      expect((yield* post(`${url}/paywall/3d-callback`, unsigned)).status).toBe(303)
      expect(received.map((one) => one.verified)).toStrictEqual([false])
      expect((yield* count("unverified")) - before).toBe(1)
    }))
})
