import { describe, expect, it } from "@effect/vitest"
import { Fault, PaywallSandbox } from "@paywall-effect/sandbox"
import { Effect, Option } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { type BrowserContext, chromium, type Page } from "playwright-core"
import { startCheckout } from "./checkout/app.js"

// The demo checkout in Debian's chromium (driven by playwright-core, no browser download): the
// app and its embedded sandbox on free loopback ports, the sandbox renewing every second call.

/** Chromium, headless, with a fresh profile that is removed afterwards; nothing talks to the network. */
const browser = Effect.acquireRelease(
  Effect.promise(async () => {
    const profile = mkdtempSync(join(tmpdir(), "checkout-chromium-"))
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: "/usr/bin/chromium",
      headless: true,
      viewport: { width: 1360, height: 960 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync"
      ]
    })
    // A loaded 2-core machine is slow: every wait is for page state, with room to spare.
    context.setDefaultTimeout(30_000)
    return { context, profile }
  }),
  ({ context, profile }) =>
    Effect.promise(async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    })
)

/** The app with its sandbox, renewing every second call. */
const started = startCheckout({ renewEvery: 2 })

const promise = <A>(run: () => Promise<A>) => Effect.promise(run)

/** The text of an order's state cell. */
const stateOf = (page: Page, orderId: string) => page.locator(`tr[data-order="${orderId}"] td.state`)

const openPage = (context: BrowserContext, url: string) =>
  promise(async () => {
    const page = await context.newPage()
    await page.goto(url)
    await page.getByText("Your Masterpass account is not linked to this shop.").waitFor()
    return page
  })

/** Fills and submits an OTP form, and waits for the page to settle. */
const typeOtp = (page: Page, formId: string, code: string) =>
  promise(async () => {
    await page.locator(`#${formId} input[name=code]`).fill(code)
    await page.locator(`#${formId} button[type=submit]`).click()
    await page.locator("body[data-busy=false]").waitFor()
  })

const linkAccount = (page: Page) =>
  Effect.gen(function*() {
    yield* promise(() => page.getByRole("button", { name: "Link my Masterpass account" }).click())
    yield* promise(() => page.getByText("Code from your bank").waitFor())
    yield* typeOtp(page, "link-otp", PaywallSandbox.otpCode)
    yield* promise(() => page.getByText("2 saved cards, linked to this shop.").waitFor())
  })

/** Orders a product and waits for its row; its id. */
const order = (page: Page, product: string) =>
  promise(async () => {
    const rows = await page.locator("tr[data-order]").count()
    await page.getByRole("button", { name: product }).click()
    const row = page.locator("tr[data-order]").nth(rows)
    await row.getByRole("button", { name: "Pay", exact: true }).waitFor()
    return (await row.getAttribute("data-order")) ?? ""
  })

/** Orders a mug and starts paying for it with the first saved card: the order then awaits its OTP. */
const orderAndPay = (page: Page) =>
  Effect.gen(function*() {
    const orderId = yield* order(page, "Order a ceramic mug (149.90 TRY)")
    yield* promise(async () => {
      await page.locator(`tr[data-order="${orderId}"]`).getByRole("button", { name: "Pay", exact: true }).click()
      await page.locator("#payment-otp").getByText(`Code for ${orderId}`).waitFor()
      await stateOf(page, orderId).getByText("awaiting OTP").waitFor()
    })
    return orderId
  })

/** Clicks one of an order's buttons and waits for the page to settle. */
const click = (page: Page, orderId: string, name: string) =>
  promise(async () => {
    await page.locator(`tr[data-order="${orderId}"]`).getByRole("button", { name, exact: true }).click()
    await page.locator("body[data-busy=false]").waitFor()
  })

/** Whether one log line holds every part (annotations come in any order). */
const logged = (logs: ReadonlyArray<string>, ...parts: ReadonlyArray<string>) =>
  logs.some((line) => parts.every((part) => line.includes(part)))

const notice = (page: Page) => promise(() => page.locator("#notice").textContent())

describe("the demo checkout in a real browser", () => {
  it.scoped(
    "link -> OTP -> pay with OTP -> commit -> pay with 3D -> refund: sessions followed through their renewals, each money-moving call sent once",
    () =>
      Effect.gen(function*() {
        // The browser is closed first (scopes close in reverse), so the app's server has no
        // connection left to wait for when it stops.
        const app = yield* started
        const { context } = yield* browser
        const page = yield* openPage(context, app.url)
        expect(yield* promise(() => page.locator("#shopper").textContent())).toBe(
          "Signed in as 72812393211 (9051*****710)"
        )

        yield* linkAccount(page)
        const cards = yield* promise(() => page.locator("#cards li").allTextContents())
        expect(cards).toStrictEqual([
          "Sandbox 552879******0008 (Personal card), default",
          "Sandbox 552879******0008 (Work card)"
        ])

        // Paid with an OTP, then committed.
        const mug = yield* orderAndPay(page)
        yield* typeOtp(page, "payment-otp", PaywallSandbox.otpCode)
        yield* promise(() => stateOf(page, mug).getByText("paid, to commit").waitFor())
        yield* click(page, mug, "Commit")
        yield* promise(() => stateOf(page, mug).getByText("committed").waitFor())

        // The panel: the commit's answer as the library kept it, the session renewed along the way.
        const latest = page.locator("#steps > li").first()
        expect(yield* promise(() => latest.locator("h3").textContent())).toBe(`Commit ${mug}: done`)
        const commitAnswer = JSON.parse((yield* promise(() => latest.locator("pre").textContent())) ?? "")
        expect(commitAnswer).toMatchObject({
          ErrorCode: 0,
          Result: true,
          Body: { Masterpass: { Result: true, Detail: { MerchantUniqueCode: `${mug}-1` } } }
        })
        const panel = (yield* promise(() => page.locator("#paywall").textContent())) ?? ""
        expect(panel).toContain("Masterpass session created:")
        expect(panel).toContain("Masterpass session renewed:")
        // The card list's AccountKey is the shopper's phone: the library scrubbed it from what it kept.
        expect(panel).toContain(`"AccountKey": "<phone>"`)
        expect(panel).not.toContain("5123456710")
        // So are the SDK token's tokens (the page got the temp token from the shop's own answer).
        expect(panel).toContain(`"Token": "<redacted>"`)
        expect(panel).toContain(`"MasterpassToken": "<redacted>"`)
        expect(panel).not.toContain(PaywallSandbox.otpCode)

        // Paid with 3D Secure: the page goes to the sandbox's 3D page, which posts the signed
        // callback to the shop's route; the route commits and sends the shopper back to the order.
        const tea = yield* order(page, "Order black tea, 1 kg (320.00 TRY)")
        yield* promise(() =>
          page.locator(`tr[data-order="${tea}"]`).getByRole("button", { name: "Pay with 3D Secure" }).click()
        )
        yield* promise(() => page.getByText(`Order ${tea}: paid with 3D Secure and committed.`).waitFor())
        yield* promise(() => page.locator("body[data-ready=true]").waitFor())
        expect(page.url()).toBe(`${app.url}/`)
        yield* promise(() => stateOf(page, tea).getByText("committed").waitFor())
        yield* promise(() => stateOf(page, mug).getByText("committed").waitFor())
        // The panel kept the steps before the trip, and shows the callback's commit.
        const callback = page.locator("#steps > li").first()
        expect(yield* promise(() => callback.locator("h3").textContent())).toBe(`3D Secure callback for ${tea}: done`)
        expect(yield* promise(() => callback.locator("summary").allTextContents())).toStrictEqual([
          "commitPayment · HTTP 200 · succeeded"
        ])
        expect(yield* promise(() => page.locator("#steps > li h3").allTextContents())).toContain(`Commit ${mug}: done`)

        // Refunded through the Private API (on the payment's day, Paywall's revert cancels it).
        yield* click(page, tea, "Refund")
        yield* promise(() => stateOf(page, tea).getByText("refunded").waitFor())
        const refund = page.locator("#steps > li").first()
        expect(yield* promise(() => refund.locator("h3").textContent())).toBe(`Refund ${tea}: done`)
        expect(yield* promise(() => refund.locator("summary").allTextContents())).toStrictEqual([
          "queryPayment · HTTP 200 · succeeded",
          "revertPayment · HTTP 200 · succeeded"
        ])
        const teaPayment = Option.getOrThrow(yield* app.sandbox.payment(`${tea}-1`))
        expect(teaPayment.status).toBe("Cancelled")
        expect(yield* promise(() => stateOf(page, tea).textContent())).toBe(
          `refunded (payment ${teaPayment.paymentId})`
        )

        // What the sandbox saw: one Create Session for the shopper, then a session per SDK token
        // (Paywall opens one with each token, for the SDK and the backend to share); every call
        // named the session the answer before it named (renewals followed), or the one the token
        // had just opened. One commit per order, one refund: each money-moving call sent once.
        const sessions = (yield* app.sandbox.sessions).map((session) => session.body.SessionId)
        const received = yield* app.sandbox.received
        const count = (endpoint: string) => received.filter((request) => request.endpoint === endpoint).length
        expect(count("createSession")).toBe(1)
        expect(sessions).toHaveLength(1 + count("createSdkToken"))
        expect(count("createSdkToken")).toBe(2)
        const calls = yield* app.sandbox.calls
        let current: string | undefined = sessions[0]
        let opened = 1
        for (const call of calls) {
          if (call.sessionId !== current) expect(call.sessionId).toBe(sessions[opened++])
          current = call.answeredSessionId
        }
        expect(opened).toBe(sessions.length)
        expect(calls.filter((call) => call.sessionId !== call.answeredSessionId).length).toBeGreaterThanOrEqual(2)
        expect(count("commitPayment")).toBe(2)
        expect(count("revertPayment")).toBe(1)
        expect(yield* promise(() => page.locator("#session-id").textContent())).toBe(current)

        yield* promise(() =>
          page.screenshot({ path: fileURLToPath(new URL("../docs/checkout.png", import.meta.url)), fullPage: true })
        )
      }),
    { timeout: 240_000 }
  )

  it.scoped(
    "a wrong OTP, an expired OTP token, a step out of turn and a forged callback end in a message and a typed log line; the order keeps its state",
    () =>
      Effect.gen(function*() {
        // The browser is closed first (scopes close in reverse), so the app's server has no
        // connection left to wait for when it stops.
        const app = yield* started
        const { context } = yield* browser
        const page = yield* openPage(context, app.url)

        // A wrong code for the link: said on the page, logged typed, the link still waiting.
        yield* promise(() => page.getByRole("button", { name: "Link my Masterpass account" }).click())
        yield* typeOtp(page, "link-otp", "000000")
        expect(yield* notice(page)).toBe("That is not the code we sent: check the SMS and try again.")
        expect(logged(app.logs, "WARN verifyLink failed: WrongOtp", "error=PaywallMasterpassError", "OTP_IS_NOT_VALID"))
          .toBe(true)
        yield* typeOtp(page, "link-otp", PaywallSandbox.otpCode)
        yield* promise(() => page.getByText("2 saved cards, linked to this shop.").waitFor())

        // A wrong code for the payment, then an expired token: the order still awaits its OTP.
        const orderId = yield* orderAndPay(page)
        yield* typeOtp(page, "payment-otp", "999999")
        expect(yield* notice(page)).toBe("That is not the code we sent: check the SMS and try again.")
        yield* promise(() => stateOf(page, orderId).getByText("awaiting OTP").waitFor())
        yield* app.sandbox.inject(
          Fault.Fault.MasterpassError({
            code: "TOKEN_HAS_EXPIRED",
            level: "Unauthorized",
            message: "Tokenın süresi doldu.",
            statusCode: 401,
            errorCode: 1
          }),
          { endpoint: "verifyPayment" }
        )
        yield* typeOtp(page, "payment-otp", PaywallSandbox.otpCode)
        expect(yield* notice(page)).toBe("This code has expired: ask for a new one.")
        expect(
          logged(app.logs, "WARN verifyPayment failed: OtpExpired", "error=PaywallMasterpassError", "TOKEN_HAS_EXPIRED")
        )
          .toBe(true)
        yield* promise(() => stateOf(page, orderId).getByText("awaiting OTP").waitFor())

        // A new code, and the payment goes through; a second payment of it is refused, the order committed.
        yield* promise(() => page.getByRole("button", { name: "Send a new code" }).last().click())
        yield* promise(() => page.locator("body[data-busy=false]").waitFor())
        yield* typeOtp(page, "payment-otp", PaywallSandbox.otpCode)
        yield* promise(() => stateOf(page, orderId).getByText("paid, to commit").waitFor())
        const before = yield* app.sandbox.calls
        const outOfTurn = yield* promise(() =>
          page.evaluate(async (id) => {
            const response = await fetch(`/api/orders/${id}/otp`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ code: "123456" })
            })
            return { status: response.status, body: await response.json() }
          }, orderId)
        )
        expect(outOfTurn).toMatchObject({
          status: 409,
          body: { _tag: "OutOfStep", order: { id: orderId, state: "Authorized" } }
        })
        expect(yield* app.sandbox.calls).toHaveLength(before.length)
        expect(logged(app.logs, "WARN verifyPayment failed: OutOfStep", "error=OutOfStep")).toBe(true)
        // A payment notification forged by hand (a signed one with its amount changed), posted
        // to the shop's callback route as a form: refused, said on the page, logged with its type.
        const { masterpassPaymentId } = yield* promise(() =>
          page.evaluate(async (id) => {
            const response = await fetch("/api/orders")
            const { orders } = await response.json()
            return orders.find((order: { id: string }) => order.id === id)
          }, orderId)
        )
        const signed = yield* app.sandbox.threeDCallback({ masterpassPaymentId })
        const forged = signed.map(([name, value]) => [name, name === "amount" ? "1.00" : value] as const)
        yield* promise(() =>
          page.evaluate((fields) => {
            const form = document.createElement("form")
            form.method = "post"
            form.action = "/paywall/3d-callback"
            for (const [name, value] of fields) {
              const input = document.createElement("input")
              input.type = "hidden"
              input.name = name
              input.value = value
              form.append(input)
            }
            document.body.append(form)
            form.submit()
          }, forged)
        )
        yield* promise(() =>
          page.getByText(
            "A payment notification was refused: it did not carry Paywall's signature. No order was changed."
          )
            .waitFor()
        )
        yield* promise(() => stateOf(page, orderId).getByText("paid, to commit").waitFor())
        expect(logged(app.logs, "Paywall 3D callback refused", "refusal=ThreeDCallbackHashMismatch")).toBe(true)
        // The page, loaded again, listed the cards; nothing was committed.
        expect((yield* app.sandbox.calls).slice(before.length).map((call) => call.endpoint)).toStrictEqual([
          "listCards"
        ])

        // No secret, OTP token or full phone in any log line.
        expect(app.logs.join("\n")).not.toMatch(/905123456710|123456|apikeyprivate/)
      }),
    { timeout: 180_000 }
  )
})
