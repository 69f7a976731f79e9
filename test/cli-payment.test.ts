import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { MasterpassClient } from "@paywall-effect/http"
import { Fault, PaywallSandbox } from "@paywall-effect/sandbox"
import { BigDecimal, Effect, Layer, Option, TestClock } from "effect"
import { cli, credentials, expectNoSecret, expectRecord, invalidRequest } from "./cli-process.js"
import { paid } from "./payments.js"

// `paywall-masterpass payment query|cancel|refund`, the built bin as a child process, against a
// sandbox in this process whose payments are made through the Masterpass client. A refund comes
// "later" by moving the TestClock a day: the sandbox's "today" reads it (the child's own clock is
// real, and no command below uses it but `cancel`, run live).

const withSandbox = MasterpassClient.layer.pipe(
  Layer.provideMerge(PaywallSandbox.layer({ credentials, accounts: [{ userId: "buyer" }], client: { maxRetries: 0 } })),
  Layer.provide(NodeHttpClient.layerUndici)
)

/** The CLI's environment for the sandbox in context: its Private API's base URL and the credentials. */
const env = Effect.map(PaywallSandbox.PaywallSandbox, (sandbox) => PaywallSandbox.environment(sandbox))

const payment = (args: ReadonlyArray<string>) => Effect.flatMap(env, (env) => cli(["payment", ...args], env))

/** `payment refund` of the payment `code` made on `date`, with `options` (`--amount`, `--json`) after. */
const refund = (code: string, date: string, ...options: ReadonlyArray<string>) =>
  payment(["refund", "--merchant-unique-code", code, "--date", date, ...options])

const received = (endpoint: string) =>
  Effect.map(
    Effect.flatMap(PaywallSandbox.PaywallSandbox, (sandbox) => sandbox.received),
    (all) => all.filter((request) => request.endpoint === endpoint)
  )

const refunded = (code: string) =>
  Effect.map(
    Effect.flatMap(PaywallSandbox.PaywallSandbox, (sandbox) => sandbox.payment(code)),
    (held) => Option.map(held, (payment) => BigDecimal.format(payment.refunded))
  )

const start = new Date("2025-06-04T07:00:00Z").getTime()

describe("paywall-masterpass payment", { timeout: 60_000 }, () => {
  it.effect("query: a summary by either code, a record with --json (id and amounts as exact text); 56 exits 5", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const made = yield* paid("order-cli-1", "1250.50")
      const text = yield* payment(["query", "--merchant-unique-code", "order-cli-1"])
      expect(text.code).toBe(0)
      expect(text.stdout).toBe(
        `payment ${made.paymentId}: Succeeded (Başarılı), 1250.5 TRY\n`
          + `merchant code order-cli-1, Paywall code ${made.uniqueCode}\n`
          + "cancelled: no, refunded: no, partly refunded: no, left to refund: 1250.5\n"
          + "last activity Satış at 2025-06-04T10:00:00 (2025-06-04T07:00:00.000Z)\n"
      )
      expectNoSecret(text)

      const json = yield* payment(["query", "--unique-code", made.uniqueCode, "--json"])
      expect(json.code).toBe(0)
      expect(JSON.parse(json.stdout)).toMatchObject({
        Type: "paywall-payment-query",
        Status: "succeeded",
        Reply: {
          paymentId: String(made.paymentId),
          merchantUniqueCode: "order-cli-1",
          status: { _tag: "Succeeded" },
          paymentAmount: "1250.5",
          lastActivityAt: "2025-06-04T07:00:00.000Z"
        }
      })

      const unknown = yield* payment(["query", "--merchant-unique-code", "no-such-order", "--json"])
      expect(unknown.code).toBe(5)
      expect(JSON.parse(unknown.stdout)).toMatchObject({
        Type: "paywall-payment-query",
        Status: "failed",
        Code: "PAYWALL_ERROR",
        Error: { _tag: "PaywallEnvelopeError", errorCode: 56 }
      })
      expect(unknown.stderr).toBe(
        "paywall-masterpass: Paywall refused the request with ErrorCode 56: Payment not found (HTTP 200)\n"
      )
    }).pipe(Effect.provide(withSandbox)))

  it.effect("bad input exits 2 before any request, naming the options; --json prints the INVALID_REQUEST record", () =>
    Effect.gen(function*() {
      const neither = yield* payment(["query"])
      expect(neither).toMatchObject({
        code: 2,
        stderr: "paywall-masterpass: give --merchant-unique-code or --unique-code\n"
      })
      const invalid = yield* refund(" padded", "2025-02-30", "--amount", "-1", "--json")
      expectRecord(invalid, 2, invalidRequest("paywall-payment-refund"))
      expect(invalid.stderr).toMatch(
        /invalid --date: .*; invalid --merchant-unique-code: .*; invalid --amount: must be greater than 0/
      )
      const amount = yield* refund("o", "2025-06-04", "--amount", "1,5")
      expect(amount).toMatchObject({
        code: 2,
        stderr: "paywall-masterpass: invalid --amount: must be a decimal such as 10.50\n"
      })
      const missing = yield* payment(["refund", "--merchant-unique-code", "o", "--json"])
      expect(missing.code).toBe(2)
      expect(JSON.parse(missing.stdout)).toMatchObject({ Type: "paywall-payment-refund", Code: "INVALID_REQUEST" })
      expect(yield* PaywallSandbox.PaywallSandbox.pipe(Effect.flatMap((sandbox) => sandbox.received))).toStrictEqual([])
    }).pipe(Effect.provide(withSandbox)))

  it.live("cancel: today by default, in Paywall's zone; a second cancel exits 5", () =>
    Effect.gen(function*() {
      yield* paid("order-cli-2")
      const cancelled = yield* payment(["cancel", "--merchant-unique-code", "order-cli-2"])
      expect(cancelled.code).toBe(0)
      expect(cancelled.stdout).toMatch(/^payment order-cli-2 of \d{4}-\d{2}-\d{2} cancelled\n$/)
      const again = yield* payment(["cancel", "--merchant-unique-code", "order-cli-2"])
      expect(again.code).toBe(5)
      expect(again.stderr).toContain("ErrorCode 94")
    }).pipe(Effect.provide(withSandbox)))

  it.effect("refund: a part, its amount sent digit for digit; then the rest is refused whole (93)", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      yield* paid("order-cli-3", "100.00")
      yield* TestClock.adjust("1 day")
      const part = yield* refund("order-cli-3", "2025-06-04", "--amount", "0.10", "--json")
      expectRecord(part, 0, {
        Type: "paywall-payment-refund",
        Status: "succeeded",
        Reply: { refunded: "order-cli-3", date: "2025-06-04", amount: "0.10" }
      })
      const [sent] = yield* received("refundPartially")
      expect(sent?.body).toBe("{\"Date\":\"2025-06-04\",\"MerchantUniqueCode\":\"order-cli-3\",\"Amount\":0.10}")
      expect(yield* refunded("order-cli-3")).toStrictEqual(Option.some("0.1"))
      const whole = yield* refund("order-cli-3", "2025-06-04")
      expect(whole.code).toBe(5)
      expect(whole.stderr).toContain("ErrorCode 93")
    }).pipe(Effect.provide(withSandbox)))

  it.effect("a lost answer is reconciled, never re-sent: applied exits 0, not applied exits 4", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      yield* paid("order-cli-4", "100.00")
      yield* paid("order-cli-5", "100.00")
      yield* TestClock.adjust("1 day")

      yield* sandbox.inject(Fault.Fault.TruncatedBody(), { endpoint: "refundPartially" })
      const cut = yield* refund("order-cli-4", "2025-06-04", "--amount", "25")
      expect(cut.code).toBe(0)
      expect(cut.stdout).toMatch(/^done \(its answer was lost; the payment shows it was applied\)\n/)
      expect(yield* refunded("order-cli-4")).toStrictEqual(Option.some("25"))

      yield* sandbox.inject(Fault.Fault.ResetConnection(), { endpoint: "refundPartially" })
      const reset = yield* refund("order-cli-5", "2025-06-04", "--amount", "25")
      expect(reset.code).toBe(4)
      expect(reset.stderr).toContain("the payment shows it was not applied: it can be run again")
      expect(yield* refunded("order-cli-5")).toStrictEqual(Option.some("0"))
      // Each run sent its refund once.
      expect((yield* received("refundPartially")).length).toBe(2)
      expectNoSecret(reset)
    }).pipe(Effect.provide(withSandbox)))
})
