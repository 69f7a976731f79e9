import { CreateSessionRequest, PrivateService } from "@paywall-effect/domain"
import { MasterpassClient } from "@paywall-effect/http"
import { PaywallSandbox } from "@paywall-effect/sandbox"
import { BigDecimal, DateTime, Effect } from "effect"

/**
 * A payment of `amount` started through the sandbox's Masterpass flow now, for its user `buyer`
 * (the sandbox must know it), and committed unless `commit` is false: its codes, the session it was
 * made in, and its day in the sandbox's zone (what the Private API's `date` is).
 */
export const paid = (merchantUniqueCode: string, amount = "100.00", options: { readonly commit?: boolean } = {}) =>
  Effect.gen(function*() {
    const masterpass = yield* MasterpassClient.MasterpassClient
    const sandbox = yield* PaywallSandbox.PaywallSandbox
    const { sessionId } = yield* masterpass.createSession(
      new CreateSessionRequest.CreateSessionRequest({
        referenceCode: `ref-${merchantUniqueCode}`,
        userId: "buyer",
        userPhone: "905123456710"
      })
    )
    const payment = yield* sandbox.startPayment({
      sessionId,
      merchantUniqueCode,
      amount: BigDecimal.unsafeFromString(amount)
    })
    if (options.commit ?? true) {
      yield* masterpass.commitPayment({ sessionId, masterpassPaymentId: payment.masterpassPaymentId })
    }
    const date = PrivateService.paymentDateOf(yield* DateTime.now, DateTime.zoneUnsafeMakeNamed(sandbox.timeZone))
    return { ...payment, sessionId, date }
  })
