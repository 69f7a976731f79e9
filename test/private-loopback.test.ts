import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { PrivateService, type Reconciliation } from "@paywall-effect/domain"
import { MasterpassClient, PaywallCredentials, PaywallPrivateClient } from "@paywall-effect/http"
import { Fault, PaywallSandbox } from "@paywall-effect/sandbox"
import { BigDecimal, DateTime, Effect, Layer, Option, Redacted, TestClock } from "effect"
import { refund, RefundUnknown } from "./fixtures/refund.js"
import { refusedClient } from "./loopback.js"
import { paid } from "./payments.js"

// The real clients, over real sockets on 127.0.0.1, against the sandbox's payments. The tests run
// on the TestClock (`it.effect`), which the sandbox's notion of "today" reads: a payment is
// refunded "later" by moving the clock a day. Nothing here waits on the clock: no retries.

const Code = PaywallSandbox.SandboxErrorCode

const privateApi = (options: PaywallSandbox.Options = {}) =>
  Layer.mergeAll(MasterpassClient.layer, PaywallPrivateClient.layer).pipe(
    Layer.provideMerge(PaywallSandbox.layer({
      accounts: [{ userId: "buyer", cards: ["card-1"] }],
      client: { maxRetries: 0 },
      ...options
    })),
    Layer.provide(NodeHttpClient.layerUndici)
  )

/** 2025-06-04 10:00 in Istanbul: a payment made now is of 2025-06-04. */
const start = new Date("2025-06-04T07:00:00Z").getTime()
const paymentDay = "2025-06-04"

const dec = BigDecimal.unsafeFromString

const client = PaywallPrivateClient.PaywallPrivateClient

const nextDay = TestClock.adjust("1 day")

const countOf = (endpoint: string) =>
  Effect.map(
    Effect.flatMap(PaywallSandbox.PaywallSandbox, (sandbox) => sandbox.received),
    (received) => received.filter((request) => request.endpoint === endpoint).length
  )

describe("Private API over loopback against the sandbox", () => {
  it.effect("query: pending until committed, then succeeded, by either code; 56 for an unknown payment", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const api = yield* client
      const payment = yield* paid("order-q1", "1000.00", { commit: false })
      const pending = yield* api.queryPayment({ merchantUniqueCode: "order-q1" })
      expect(pending.status).toStrictEqual({ _tag: "Pending" })
      expect(pending.anySuccessPayment).toBe(false)

      const masterpass = yield* MasterpassClient.MasterpassClient
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      const sessions = yield* sandbox.sessions
      yield* masterpass.commitPayment({
        sessionId: sessions[0]!.body.SessionId,
        masterpassPaymentId: payment.masterpassPaymentId
      })
      const succeeded = yield* api.queryPayment({ merchantUniqueCode: "order-q1" })
      expect(succeeded).toBeInstanceOf(PrivateService.PaymentQuery)
      expect(succeeded).toMatchObject({
        paymentId: payment.paymentId,
        uniqueCode: payment.uniqueCode,
        merchantUniqueCode: "order-q1",
        status: { _tag: "Succeeded" },
        statusName: "Başarılı",
        anySuccessPayment: true,
        anySuccessCancel: false,
        isFullyRefunded: false
      })
      expect(typeof succeeded.paymentId).toBe("bigint")
      expect(BigDecimal.equals(succeeded.paymentAmount, dec("1000"))).toBe(true)
      expect(BigDecimal.equals(succeeded.remainingRefundAmount!, dec("1000"))).toBe(true)
      // LastActivityDateTime, written bare in Istanbul time, is read back as the instant it was.
      expect(succeeded.lastActivityText).toBe("2025-06-04T10:00:00")
      expect(DateTime.toEpochMillis(succeeded.lastActivityAt!)).toBe(start)

      const byUniqueCode = yield* api.queryPaymentByUniqueCode({ uniqueCode: payment.uniqueCode })
      expect(byUniqueCode).toStrictEqual(succeeded)

      const unknown = yield* Effect.flip(api.queryPayment({ merchantUniqueCode: "no-such-order" }))
      expect(unknown).toMatchObject({ _tag: "PaywallEnvelopeError", errorCode: Code.PaymentNotFound, status: 200 })
      const unknownGuid = yield* Effect.flip(
        api.queryPaymentByUniqueCode({ uniqueCode: "00000000-0000-0000-0000-000000000000" })
      )
      expect(unknownGuid).toMatchObject({ _tag: "PaywallEnvelopeError", errorCode: Code.PaymentNotFound })
      // The queries travel in headers, with no body.
      const received = (yield* sandbox.received).filter((request) => request.endpoint.startsWith("queryPayment"))
      expect(received.map((request) => request.body)).toStrictEqual(["", "", "", "", ""])
      expect(received[0]?.headers).toStrictEqual({ merchantuniquecode: "order-q1" })
      expect(received[2]?.headers).toStrictEqual({ uniquecode: payment.uniqueCode })
    }).pipe(Effect.provide(privateApi())))

  it.effect("cancel: on the payment's day; then 94 for a second cancel or a refund; 92 the day after; 92 pending", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const api = yield* client
      yield* paid("order-c1")
      yield* api.cancelPayment({ date: paymentDay, merchantUniqueCode: "order-c1" })
      const cancelled = yield* api.queryPayment({ merchantUniqueCode: "order-c1" })
      expect(cancelled).toMatchObject({ status: { _tag: "Cancelled" }, anySuccessCancel: true })

      const twice = yield* Effect.flip(api.cancelPayment({ date: paymentDay, merchantUniqueCode: "order-c1" }))
      expect(twice).toMatchObject({ _tag: "PaywallEnvelopeError", errorCode: Code.HasSuccessfulCancel })
      const wrongDay = yield* Effect.flip(api.cancelPayment({ date: "2025-06-03", merchantUniqueCode: "order-c1" }))
      expect(wrongDay).toMatchObject({ errorCode: Code.PaymentNotFound })

      yield* paid("order-c2")
      const pendingOne = yield* paid("order-c3", "10.00", { commit: false })
      expect(pendingOne.merchantUniqueCode).toBe("order-c3")
      const pending = yield* Effect.flip(api.cancelPayment({ date: paymentDay, merchantUniqueCode: "order-c3" }))
      expect(pending).toMatchObject({ errorCode: Code.NotConvenientForOperation })

      yield* nextDay
      const afterRefund = yield* Effect.flip(api.refundPayment({ date: paymentDay, merchantUniqueCode: "order-c1" }))
      expect(afterRefund).toMatchObject({ errorCode: Code.HasSuccessfulCancel })
      const late = yield* Effect.flip(api.cancelPayment({ date: paymentDay, merchantUniqueCode: "order-c2" }))
      expect(late).toMatchObject({
        _tag: "PaywallEnvelopeError",
        errorCode: Code.NotConvenientForOperation,
        paywallMessage: "Payment is not convenient for this operation"
      })
    }).pipe(Effect.provide(privateApi())))

  it.effect("refund: refused on the payment's day (92), done the day after; a second is 93", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const api = yield* client
      yield* paid("order-r1", "250.75")
      const sameDay = yield* Effect.flip(api.refundPayment({ date: paymentDay, merchantUniqueCode: "order-r1" }))
      expect(sameDay).toMatchObject({ errorCode: Code.NotConvenientForOperation })
      yield* nextDay
      yield* api.refundPayment({ date: paymentDay, merchantUniqueCode: "order-r1", marketPlace: {} })
      const refunded = yield* api.queryPayment({ merchantUniqueCode: "order-r1" })
      expect(refunded).toMatchObject({ anySuccessRefund: true, isFullyRefunded: true, activityTypeName: "İade" })
      expect(BigDecimal.isZero(refunded.remainingRefundAmount!)).toBe(true)
      expect(BigDecimal.equals(refunded.activityAmount!, dec("250.75"))).toBe(true)
      const again = yield* Effect.flip(api.refundPayment({ date: paymentDay, merchantUniqueCode: "order-r1" }))
      expect(again).toMatchObject({ errorCode: Code.HasSuccessfulRefund })
      const unknown = yield* Effect.flip(api.refundPayment({ date: paymentDay, merchantUniqueCode: "order-none" }))
      expect(unknown).toMatchObject({ errorCode: Code.PaymentNotFound })
    }).pipe(Effect.provide(privateApi())))

  it.effect("partial refunds add up exactly (0.1 + 0.2 is 0.3); one past what is left is 112; the rest completes it", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const api = yield* client
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      yield* paid("order-p1", "1.00")
      yield* nextDay
      yield* api.refundPartially({ date: paymentDay, merchantUniqueCode: "order-p1", amount: dec("0.1") })
      yield* api.refundPartially({ date: paymentDay, merchantUniqueCode: "order-p1", amount: dec("0.2") })
      const afterTwo = yield* api.queryPayment({ merchantUniqueCode: "order-p1" })
      expect(BigDecimal.format(afterTwo.remainingRefundAmount!)).toBe("0.7")
      expect(afterTwo).toMatchObject({ anySuccessPartialRefund: true, anySuccessRefund: false, isFullyRefunded: false })
      const held = yield* sandbox.payment("order-p1")
      expect(Option.map(held, (payment) => BigDecimal.format(payment.refunded))).toStrictEqual(Option.some("0.3"))

      const beyond = yield* Effect.flip(
        api.refundPartially({ date: paymentDay, merchantUniqueCode: "order-p1", amount: dec("0.71") })
      )
      expect(beyond).toMatchObject({ _tag: "PaywallEnvelopeError", errorCode: Code.AmountNotConvenient })
      const whole = yield* Effect.flip(api.refundPayment({ date: paymentDay, merchantUniqueCode: "order-p1" }))
      expect(whole).toMatchObject({ errorCode: Code.HasSuccessfulRefund })
      yield* api.refundPayment({ date: paymentDay, merchantUniqueCode: "order-p1", completePartialRefund: true })
      const done = yield* api.queryPayment({ merchantUniqueCode: "order-p1" })
      expect(done.isFullyRefunded).toBe(true)
      expect(BigDecimal.format(done.activityAmount!)).toBe("0.7")
      // The amounts went to the wire as their digits.
      const bodies = (yield* sandbox.received).filter((request) => request.endpoint === "refundPartially")
      expect(bodies.map((request) => request.body)).toStrictEqual([
        `{"Date":"${paymentDay}","MerchantUniqueCode":"order-p1","Amount":0.1}`,
        `{"Date":"${paymentDay}","MerchantUniqueCode":"order-p1","Amount":0.2}`,
        `{"Date":"${paymentDay}","MerchantUniqueCode":"order-p1","Amount":0.71}`
      ])
    }).pipe(Effect.provide(privateApi())))

  it.effect("revert: a cancel on the payment's day, a refund after it, partial for another amount", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const api = yield* client
      const today = yield* paid("order-v1")
      yield* api.revertPayment({ uniqueCode: today.uniqueCode, merchantUniqueCode: "order-v1" })
      expect((yield* api.queryPayment({ merchantUniqueCode: "order-v1" })).status._tag).toBe("Cancelled")

      const later = yield* paid("order-v2", "80.00")
      const whole = yield* paid("order-v3", "80.00")
      yield* nextDay
      yield* api.revertPayment({ uniqueCode: later.uniqueCode, merchantUniqueCode: "order-v2", amount: dec("30.5") })
      const part = yield* api.queryPayment({ merchantUniqueCode: "order-v2" })
      expect(part).toMatchObject({ status: { _tag: "Succeeded" }, anySuccessPartialRefund: true })
      expect(BigDecimal.format(part.remainingRefundAmount!)).toBe("49.5")
      yield* api.revertPayment({ uniqueCode: whole.uniqueCode, merchantUniqueCode: "order-v3", amount: dec("0") })
      expect((yield* api.queryPayment({ merchantUniqueCode: "order-v3" })).isFullyRefunded).toBe(true)

      const mismatch = yield* Effect.flip(
        api.revertPayment({ uniqueCode: later.uniqueCode, merchantUniqueCode: "order-v3" })
      )
      expect(mismatch).toMatchObject({ errorCode: Code.PaymentNotFound })
    }).pipe(Effect.provide(privateApi())))

  it.effect("an invalid request fails before any I/O, naming each field", () =>
    Effect.gen(function*() {
      const api = yield* client
      const sent = yield* countOf("refundPartially")
      const error = yield* Effect.flip(
        api.refundPartially({ date: "2025-02-30", merchantUniqueCode: " padded", amount: dec("-1") })
      )
      expect(error).toMatchObject({
        _tag: "PaywallRequestError",
        endpoint: "refundPartially",
        fields: ["date", "merchantUniqueCode", "amount"]
      })
      const guid = yield* Effect.flip(api.queryPaymentByUniqueCode({ uniqueCode: "not-a-guid" }))
      expect(guid).toMatchObject({ _tag: "PaywallRequestError", fields: ["uniqueCode"] })
      expect(yield* countOf("refundPartially")).toBe(sent)
      expect(yield* countOf("queryPaymentByUniqueCode")).toBe(0)
    }).pipe(Effect.provide(privateApi())))

  it.effect("wrong credentials: 77 at HTTP 401, for the Private API as for Masterpass", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Effect.flatMap(client, (api) => api.queryPayment({ merchantUniqueCode: "order-1" })).pipe(
          Effect.provide(PaywallPrivateClient.layer.pipe(
            Layer.provide([
              PaywallCredentials.layer({
                apiKeyPrivate: Redacted.make("wrong-key-0001"),
                apiClientPrivate: Redacted.make("wrong-client-0002")
              }),
              NodeHttpClient.layerUndici
            ])
          ))
        )
      )
      expect(error).toMatchObject({ _tag: "PaywallEnvelopeError", errorCode: Code.InvalidCredentials, status: 401 })
    }).pipe(Effect.provide(privateApi())))

  it.effect("faults on demand target the Private API's endpoints: a 503 on a query, an envelope error on a cancel", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const api = yield* client
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      yield* paid("order-f1")
      yield* sandbox.inject(Fault.Fault.Status({ status: 503 }), { endpoint: "queryPayment" })
      const busy = yield* Effect.flip(api.queryPayment({ merchantUniqueCode: "order-f1" }))
      expect(busy).toMatchObject({ _tag: "PaywallHttpError", status: 503 })
      expect(busy._tag === "PaywallHttpError" && busy.outcomeUnknown).toBeUndefined()
      yield* sandbox.inject(Fault.Fault.EnvelopeError({ errorCode: 1, message: "Unsuccessful" }), {
        endpoint: "cancelPayment"
      })
      const refused = yield* Effect.flip(api.cancelPayment({ date: paymentDay, merchantUniqueCode: "order-f1" }))
      expect(refused).toMatchObject({ _tag: "PaywallEnvelopeError", errorCode: 1, paywallMessage: "Unsuccessful" })
      // A fault replaces the answer: the payment is untouched.
      expect((yield* api.queryPayment({ merchantUniqueCode: "order-f1" })).status._tag).toBe("Succeeded")
    }).pipe(Effect.provide(privateApi())))
})

describe("the sandbox's Private API answers, as sent", () => {
  it.effect("a cancel's success exactly as documented (no ErrorCodeType nor ErrorMessage); a refusal in the same shape", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      yield* paid("order-w1")
      const post = (body: unknown) =>
        Effect.promise(async () => {
          const response = await fetch(`${sandbox.url}/api/paywall/private/cancel`, {
            method: "POST",
            headers: {
              apikeyprivate: Redacted.value(sandbox.credentials.apiKeyPrivate),
              apiclientprivate: Redacted.value(sandbox.credentials.apiClientPrivate),
              "content-type": "application/json"
            },
            body: JSON.stringify(body)
          })
          return { status: response.status, text: await response.text() }
        })
      expect(yield* post({ Date: paymentDay, MerchantUniqueCode: "order-w1" })).toStrictEqual({
        status: 200,
        text: "{\"ErrorCode\":0,\"Result\":true,\"Message\":\"Success\",\"Body\":null}"
      })
      expect(yield* post({ Date: paymentDay, MerchantUniqueCode: "order-w1" })).toStrictEqual({
        status: 200,
        text: "{\"ErrorCode\":94,\"Result\":false,\"Message\":\"Payment has a successful cancel\",\"Body\":null}"
      })
    }).pipe(Effect.provide(privateApi())))
})

describe("money-moving calls over loopback are never sent twice", () => {
  it.effect("a reset, a 503 and a body cut off: one request each, outcome unknown; reconcile tells what happened", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const api = yield* client
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      yield* paid("order-u1")
      const cancel = { date: paymentDay, merchantUniqueCode: "order-u1" }
      const operation: Reconciliation.Operation = { operation: "cancelPayment", request: cancel }

      yield* sandbox.inject(Fault.Fault.ResetConnection(), { endpoint: "cancelPayment" })
      const reset = yield* Effect.flip(api.cancelPayment(cancel))
      expect(reset).toMatchObject({ _tag: "PaywallTransportError", attempts: 1, outcomeUnknown: true })
      expect(yield* countOf("cancelPayment")).toBe(1)
      expect((yield* api.reconcile(operation))._tag).toBe("NotApplied")

      yield* sandbox.inject(Fault.Fault.Status({ status: 503 }), { endpoint: "cancelPayment" })
      const busy = yield* Effect.flip(api.cancelPayment(cancel))
      expect(busy).toMatchObject({ _tag: "PaywallHttpError", attempts: 1, outcomeUnknown: true })
      expect(yield* countOf("cancelPayment")).toBe(2)
      expect((yield* api.reconcile(operation))._tag).toBe("NotApplied")

      // The sandbox cancels, then cuts its answer off: the cancel happened, the client cannot know.
      yield* sandbox.inject(Fault.Fault.TruncatedBody(), { endpoint: "cancelPayment" })
      const cut = yield* Effect.flip(api.cancelPayment(cancel))
      expect(cut).toMatchObject({ _tag: "PaywallTransportError", reason: "BodyFailed", outcomeUnknown: true })
      expect(yield* countOf("cancelPayment")).toBe(3)
      const verdict = yield* api.reconcile(operation)
      expect(verdict._tag).toBe("Applied")
      expect(verdict.payment.status._tag).toBe("Cancelled")
    }).pipe(Effect.provide(privateApi({ client: { maxRetries: 2, retryBaseDelay: "1 millis" } }))))

  it.live("a timeout after the request arrived: one request, outcome unknown", () =>
    Effect.gen(function*() {
      const api = yield* client
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      yield* paid("order-t1")
      const today = PrivateService.paymentDateOf(yield* DateTime.now, DateTime.zoneUnsafeMakeNamed(sandbox.timeZone))
      yield* sandbox.inject(Fault.Fault.Hang(), { endpoint: "cancelPayment" })
      const error = yield* Effect.flip(api.cancelPayment({ date: today, merchantUniqueCode: "order-t1" }))
      expect(error).toMatchObject({
        _tag: "PaywallTransportError",
        reason: "Timeout",
        attempts: 1,
        outcomeUnknown: true
      })
      expect(yield* countOf("cancelPayment")).toBe(1)
      const verdict = yield* api.reconcile({
        operation: "cancelPayment",
        request: { date: today, merchantUniqueCode: "order-t1" }
      })
      expect(verdict._tag).toBe("NotApplied")
    }).pipe(Effect.provide(privateApi({
      client: { maxRetries: 2, retryBaseDelay: "1 millis", attemptTimeout: "300 millis" }
    }))))

  it.live("a refused connection (nothing listening) is retried: the request surely never left", () =>
    Effect.gen(function*() {
      const refused = yield* refusedClient(PaywallPrivateClient.layer)
      const error = yield* Effect.flip(
        Effect.flatMap(
          client,
          (api) => api.refundPartially({ date: paymentDay, merchantUniqueCode: "order-1", amount: dec("10") })
        ).pipe(
          Effect.provide(refused)
        )
      )
      expect(error).toMatchObject({ _tag: "PaywallTransportError", reason: "RequestFailed", attempts: 3 })
      expect(error._tag === "PaywallTransportError" && error.outcomeUnknown).toBeUndefined()
    }))
})

describe("the README's refund with reconciliation, against the sandbox", () => {
  const refunded = (code: string) =>
    Effect.map(
      Effect.flatMap(PaywallSandbox.PaywallSandbox, (sandbox) => sandbox.payment(code)),
      (payment) => Option.map(payment, (held) => BigDecimal.format(held.refunded))
    )

  it.effect("an answer cut off after the refund: reconciled as applied, never sent again", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      yield* paid("order-x1")
      yield* nextDay
      yield* sandbox.inject(Fault.Fault.TruncatedBody(), { endpoint: "refundPartially" })
      expect(yield* refund("order-x1", paymentDay, dec("10.25"))).toBe("Applied")
      expect(yield* countOf("refundPartially")).toBe(1)
      expect(yield* refunded("order-x1")).toStrictEqual(Option.some("10.25"))
    }).pipe(Effect.provide(privateApi())))

  it.effect("a connection reset before Paywall acted: reconciled as not applied, sent again, refunded once", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      yield* paid("order-x2")
      yield* nextDay
      yield* sandbox.inject(Fault.Fault.ResetConnection(), { endpoint: "refundPartially" })
      expect(yield* refund("order-x2", paymentDay, dec("10.25"))).toBe("Applied")
      expect(yield* countOf("refundPartially")).toBe(2)
      expect(yield* refunded("order-x2")).toStrictEqual(Option.some("10.25"))
    }).pipe(Effect.provide(privateApi())))

  it.effect("three resets in a row: RefundUnknown, nothing refunded", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      yield* paid("order-x3")
      yield* nextDay
      yield* sandbox.inject(Fault.Fault.ResetConnection(), { endpoint: "refundPartially", times: 3 })
      const error = yield* Effect.flip(refund("order-x3", paymentDay, dec("10.25")))
      expect(error).toBeInstanceOf(RefundUnknown)
      expect(yield* countOf("refundPartially")).toBe(3)
      expect(yield* refunded("order-x3")).toStrictEqual(Option.some("0"))
    }).pipe(Effect.provide(privateApi())))
})
