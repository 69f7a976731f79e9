import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { CreateSessionRequest, ThreeDCallback } from "@paywall-effect/domain"
import { MasterpassClient, ThreeDCallbackVerifier } from "@paywall-effect/http"
import { Fault, PaywallSandbox } from "@paywall-effect/sandbox"
import { BigDecimal, DateTime, Effect, Layer, Redacted, TestClock } from "effect"
import { loopbackServer } from "../../../test/loopback.js"

const threeDHashKey = Redacted.make("sandbox-test-3d-key-0005")
const verifier = ThreeDCallbackVerifier.make({
  hashKey: threeDHashKey,
  timeZone: DateTime.zoneUnsafeMakeNamed("Europe/Istanbul")
})
const backUrls = { successUrl: "https://shop.example/paywall/ok", failUrl: "https://shop.example/paywall/fail" }

// The real client, over loopback, against a sandbox that signs with a known key.
const TestMasterpass = MasterpassClient.layer.pipe(
  Layer.provideMerge(PaywallSandbox.layer({ threeDHashKey, client: { maxRetries: 0 } })),
  Layer.provide(NodeHttpClient.layerUndici)
)

/** A session for user 42 and a payment of 149.90 for order-1001 awaiting its 3D step. */
const started = Effect.gen(function*() {
  const client = yield* MasterpassClient.MasterpassClient
  const sandbox = yield* PaywallSandbox.PaywallSandbox
  const session = yield* client.createSession(
    new CreateSessionRequest.CreateSessionRequest({ referenceCode: "ref-3d", userId: "42", userPhone: "905123456710" })
  )
  const payment = yield* sandbox.startPayment({
    sessionId: session.sessionId,
    amount: BigDecimal.unsafeFromString("149.90"),
    installment: 3,
    merchantUniqueCode: "order-1001",
    threeD: backUrls
  })
  return { client, sandbox, session, payment }
})

/** The hidden inputs of a page's form, in order, and its action. */
const formOf = (html: string) => {
  const unescape = (text: string) =>
    text.replace(/&quot;/g, "\"").replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(
      /&amp;/g,
      "&"
    )
  const action = /<form id="paywall-callback-form" action="([^"]*)" method="post">/.exec(html)?.[1]
  const inputs = [...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((
    [, name, value]
  ): readonly [string, string] => [unescape(name!), unescape(value!)])
  return { action: action === undefined ? undefined : unescape(action), inputs }
}

describe("the sandbox's 3D callbacks", () => {
  it.live("signs the callback of a payment with its key; the payment commits only once the 3D step succeeded", () =>
    Effect.gen(function*() {
      const { client, payment, sandbox, session } = yield* started
      expect(payment.threeDUrl).toBe(`${sandbox.url}/masterpass/3d/${payment.masterpassPaymentId}`)
      const early = yield* Effect.flip(
        client.commitPayment({ sessionId: session.sessionId, masterpassPaymentId: payment.masterpassPaymentId })
      )
      expect(early._tag === "PaywallEnvelopeError" && early.errorCode).toBe(56)

      const form = yield* sandbox.threeDCallback({ masterpassPaymentId: payment.masterpassPaymentId })
      const received = yield* verifier.verify(form)
      expect(received.verified).toBe(true)
      expect(received.callback).toMatchObject({
        status: "Success",
        errorCode: 0,
        errorMessage: "",
        merchantUniqueCode: "order-1001",
        installment: 3,
        paymentId: payment.paymentId,
        cardSaved: false
      })
      expect(ThreeDCallback.invariantCulture(received.callback.amount)).toBe("149.90")

      const committed = yield* client.commitPaymentById({ sessionId: session.sessionId, paymentId: payment.paymentId })
      expect(committed.merchantUniqueCode).toBe("order-1001")
    }).pipe(Effect.provide(TestMasterpass)))

  it.live("reports a failed 3D step: Unsuccessful, Paywall's message, and the payment dropped", () =>
    Effect.gen(function*() {
      const { client, payment, sandbox, session } = yield* started
      const form = yield* sandbox.threeDCallback({
        masterpassPaymentId: payment.masterpassPaymentId,
        status: "Unsuccessful"
      })
      const { callback } = yield* verifier.verify(form)
      expect(callback).toMatchObject({ status: "Unsuccessful", errorCode: 1, errorMessage: "3D doğrulaması başarısız" })
      expect(callback.providerMessage).toBe("Authentication failed")
      const refused = yield* Effect.flip(
        client.commitPayment({ sessionId: session.sessionId, masterpassPaymentId: payment.masterpassPaymentId })
      )
      expect(refused._tag === "PaywallEnvelopeError" && refused.errorCode).toBe(56)
    }).pipe(Effect.provide(TestMasterpass)))

  it.effect("dates the callback in the sandbox's zone, without an offset", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2025-06-04T15:42:27Z"))
      const { payment, sandbox } = yield* started
      const { callback } = yield* verifier.verify(
        yield* sandbox.threeDCallback({ masterpassPaymentId: payment.masterpassPaymentId })
      )
      expect(callback.dateText).toBe("2025-06-04T18:42:27")
    }).pipe(Effect.provide(TestMasterpass)))

  it.live.each(
    [
      [Fault.CallbackFault.WrongHash(), "ThreeDCallbackHashMismatch"],
      [Fault.CallbackFault.Unsigned(), "ThreeDCallbackHashMissing"],
      [Fault.CallbackFault.Changed({ field: "amount", value: "1.00" }), "ThreeDCallbackHashMismatch"],
      [Fault.CallbackFault.Duplicated({ field: "paymentId" }), "ThreeDCallbackMalformed"],
      [Fault.CallbackFault.Missing({ field: "uniqueCode" }), "ThreeDCallbackMalformed"]
    ] as const
  )("injects %s into the next callback only: %s", ([fault, refusal]) =>
    Effect.gen(function*() {
      const { payment, sandbox } = yield* started
      yield* sandbox.injectCallback(fault)
      const bent = yield* sandbox.threeDCallback({ masterpassPaymentId: payment.masterpassPaymentId })
      expect((yield* Effect.flip(verifier.verify(bent)))._tag).toBe(refusal)
      const next = yield* sandbox.threeDCallback({ masterpassPaymentId: payment.masterpassPaymentId })
      expect((yield* verifier.verify(next)).verified).toBe(true)
    }).pipe(Effect.provide(TestMasterpass)))

  it.live("can change what the hash does not cover: a forged Success still verifies", () =>
    Effect.gen(function*() {
      const { payment, sandbox, session } = yield* started
      const another = yield* sandbox.startPayment({ sessionId: session.sessionId, threeD: backUrls })
      yield* sandbox.injectCallback(Fault.CallbackFault.Changed({ field: "status", value: "Success" }), { times: 2 })
      for (const { masterpassPaymentId } of [payment, another]) {
        const form = yield* sandbox.threeDCallback({ masterpassPaymentId, status: "Unsuccessful" })
        const { callback, verified } = yield* verifier.verify(form)
        expect([verified, callback.status, callback.errorCode]).toStrictEqual([true, "Success", 1])
      }
    }).pipe(Effect.provide(TestMasterpass)))

  it.live("serves a 3D page whose form posts the signed callback to the success or fail URL", () =>
    Effect.gen(function*() {
      const { payment } = yield* started
      const success = yield* Effect.promise(() => fetch(payment.threeDUrl!).then((response) => response.text()))
      expect(success).toContain("document.getElementById(\"paywall-callback-form\").submit()")
      const page = formOf(success)
      expect(page.action).toBe(backUrls.successUrl)
      expect((yield* verifier.verify(page.inputs)).callback.status).toBe("Success")

      const failed = formOf(
        yield* Effect.promise(() =>
          fetch(`${payment.threeDUrl}?status=Unsuccessful`).then((response) => response.text())
        )
      )
      expect(failed.action).toBe(backUrls.failUrl)
      expect((yield* verifier.verify(failed.inputs)).callback.status).toBe("Unsuccessful")
      // The failure dropped the payment: its page is gone.
      expect(yield* Effect.promise(() => fetch(payment.threeDUrl!).then((response) => response.status))).toBe(404)
    }).pipe(Effect.provide(TestMasterpass)))

  it.live("escapes what it writes into the page", () =>
    Effect.gen(function*() {
      const { sandbox, session } = yield* started
      const tricky = "https://shop.example/cb?a=1&b=\"><script>alert(1)</script>"
      const payment = yield* sandbox.startPayment({
        sessionId: session.sessionId,
        merchantUniqueCode: "<b>\"order\" & 'co'</b>",
        threeD: { successUrl: tricky, failUrl: tricky }
      })
      const html = yield* Effect.promise(() => fetch(payment.threeDUrl!).then((response) => response.text()))
      expect(html.match(/<script>/g)).toHaveLength(1)
      const page = formOf(html)
      expect(page.action).toBe(tricky)
      expect((yield* verifier.verify(page.inputs)).callback.merchantUniqueCode).toBe("<b>\"order\" & 'co'</b>")
    }).pipe(Effect.provide(TestMasterpass)))

  it.live("answers 404 for a payment it does not know, or one without a 3D step", () =>
    Effect.gen(function*() {
      const { sandbox, session } = yield* started
      const plain = yield* sandbox.startPayment({ sessionId: session.sessionId })
      expect(plain.threeDUrl).toBeUndefined()
      for (const id of [plain.masterpassPaymentId, "unknown"]) {
        const status = yield* Effect.promise(() =>
          fetch(`${sandbox.url}${PaywallSandbox.threeDPagePath(id)}`).then((response) => response.status)
        )
        expect(status).toBe(404)
      }
    }).pipe(Effect.provide(TestMasterpass)))

  it.scoped("posts the callback to a URL as a browser would, and returns the answer without following it", () =>
    Effect.gen(function*() {
      const bodies: Array<{ readonly type: string | undefined; readonly body: string }> = []
      const shop = yield* loopbackServer((request, response) => {
        let body = ""
        request.on("data", (chunk) => (body += chunk))
        request.on("end", () => {
          bodies.push({ type: request.headers["content-type"], body })
          response.writeHead(303, { location: "/orders/order-1001" }).end()
        })
      })
      const { payment, sandbox } = yield* started.pipe(Effect.provide(TestMasterpass))
      const answer = yield* sandbox.postThreeDCallback({
        masterpassPaymentId: payment.masterpassPaymentId,
        url: `${shop.url}/paywall/3d-callback`
      }).pipe(Effect.provide(TestMasterpass))
      expect(answer.status).toBe(303)
      expect(answer.headers["location"]).toBe("/orders/order-1001")
      expect(bodies).toHaveLength(1)
      expect(bodies[0]?.type).toMatch(/^application\/x-www-form-urlencoded/)
      const posted = [...new URLSearchParams(bodies[0]!.body)]
      expect((yield* verifier.verify(posted)).callback.merchantUniqueCode).toBe("order-1001")
    }))

  it.effect("provides a verifier with its key and zone through its layer", () =>
    Effect.gen(function*() {
      const { payment, sandbox } = yield* started
      const fromLayer = yield* ThreeDCallbackVerifier.ThreeDCallbackVerifier
      expect(fromLayer.verifies).toBe(true)
      const form = yield* sandbox.threeDCallback({ masterpassPaymentId: payment.masterpassPaymentId })
      expect((yield* fromLayer.verify(form)).verified).toBe(true)
    }).pipe(Effect.provide(TestMasterpass)))
})
