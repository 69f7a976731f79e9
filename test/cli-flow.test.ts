import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import {
  CreateSessionRequest,
  MasterpassAnswer,
  MasterpassService,
  MasterpassSession,
  Phone
} from "@paywall-effect/domain"
import { MasterpassClient } from "@paywall-effect/http"
import { Fault, PaywallSandbox } from "@paywall-effect/sandbox"
import { Effect, Layer, Schema } from "effect"
import { randomUUID } from "node:crypto"
import {
  cli,
  credentials,
  expectNoSecret,
  expectNotShown,
  expectRecord,
  invalidRequest,
  sandboxEnv
} from "./cli-process.js"
import { loopbackServer } from "./loopback.js"

// The Masterpass flow commands, run as a user runs them (the built bin, a child process per run) against a
// sandbox in this process, whose sessions, OTPs and payments the tests set up with a client of their own.

const user = "72812393211"
const unlinkedUser = "72812393212"
const phone = "905123456710"

const withSandbox = (options: PaywallSandbox.Options = {}) =>
  Effect.provide(
    MasterpassClient.layer.pipe(
      Layer.provideMerge(PaywallSandbox.layer({
        credentials,
        accounts: [{ userId: user, cards: ["card-1", "card-2"] }, { userId: unlinkedUser, linked: false }],
        client: { maxRetries: 0 },
        ...options
      })),
      Layer.provide(NodeHttpClient.layerUndici)
    )
  )

/** The sandbox, a session of `userId` created there in this process, and the environment pointing the CLI at it. */
const setUp = (userId = user) =>
  Effect.gen(function*() {
    const paywall = yield* PaywallSandbox.PaywallSandbox
    const client = yield* MasterpassClient.MasterpassClient
    const session = yield* client.createSession(
      new CreateSessionRequest.CreateSessionRequest({ referenceCode: `cli-${randomUUID()}`, userId, userPhone: phone })
    )
    return { paywall, client, sessionId: session.sessionId, env: sandboxEnv(paywall.url) }
  })

const json = (stdout: string): Record<string, unknown> => JSON.parse(stdout)

/** Runs `payment verify` with the OTP's code for a payment of the session, in `env`. */
const paymentVerify = (
  payment: { sessionId: string; masterpassPaymentId: string; otpToken: string; otpCode: string },
  env: Record<string, string>
) =>
  cli([
    "payment",
    "verify",
    "--session-id",
    payment.sessionId,
    "--masterpass-payment-id",
    payment.masterpassPaymentId,
    "--otp-token",
    payment.otpToken,
    "--otp-code",
    payment.otpCode
  ], env)

describe("paywall-masterpass: the Masterpass flow", { timeout: 60_000 }, () => {
  it.scoped("link, then otp verify --for-link with the user's code, then unlink: the OTP flow by session", () =>
    Effect.gen(function*() {
      const { client, env, sessionId } = yield* setUp(unlinkedUser)
      const link = yield* cli(["link", "--session-id", sessionId], env)
      expect(link.stderr).toBe("")
      expect(link.code).toBe(0)
      const [, token] = link.stdout.match(/^OTP required \(bank\): token ([0-9a-f]{32})\n/) ?? []
      expect(link.stdout).toBe(
        `OTP required (bank): token ${token}\ncard ************0008 at Sandbox Bank\nsession ${sessionId} (not renewed)\n`
      )

      const verify = yield* cli([
        "otp",
        "verify",
        "--session-id",
        sessionId,
        "--otp-token",
        token!,
        "--otp-code",
        PaywallSandbox.otpCode,
        "--for-link",
        "--json"
      ], env)
      expectRecord(verify, 0, {
        Type: "masterpass-otp-verify",
        Status: "succeeded",
        Reply: {
          session: { sessionId, renewed: false },
          step: { _tag: "Done" },
          isVerified: true,
          retrievalReferenceNumber: expect.any(String),
          description: "OTP verified successfully."
        }
      })
      expect(verify.stdout + verify.stderr).not.toContain(PaywallSandbox.otpCode)
      expect((yield* client.listCards({ sessionId })).isAccountLinked).toBe(true)

      const unlink = yield* cli(["unlink", "--session-id", sessionId], env)
      expect(unlink).toStrictEqual({
        code: 0,
        stdout: `unlinked from the merchant\nsession ${sessionId} (not renewed)\n`,
        stderr: ""
      })
      expect(yield* Effect.flip(client.listCards({ sessionId }))).toMatchObject({
        exceptionCode: "ACCOUNT_NOT_LINKED_TO_MERCHANT"
      })
      expectNoSecret(verify)
    }).pipe(withSandbox()))

  it.scoped("otp resend records the new token; a wrong code exits 7 in one line that does not show it", () =>
    Effect.gen(function*() {
      const { client, env, sessionId } = yield* setUp()
      const link = yield* client.linkToMerchant({ sessionId })
      const first = link.step._tag === "OtpRequired" ? link.step.otpToken : ""
      const resend = yield* cli(["otp", "resend", "--session-id", sessionId, "--otp-token", first, "--json"], env)
      expect(resend.code).toBe(0)
      const record = json(resend.stdout)
      expect(record).toMatchObject({
        Type: "masterpass-otp-resend",
        Status: "succeeded",
        Reply: { step: { _tag: "OtpRequired", source: "bank" }, session: { sessionId } }
      })
      const next = Schema.decodeUnknownSync(
        Schema.Struct({ Reply: Schema.Struct({ step: Schema.Struct({ otpToken: Schema.String }) }) })
      )(record).Reply.step.otpToken
      expect(next).not.toBe(first)

      const wrong = yield* cli(
        ["otp", "verify", "--session-id", sessionId, "--otp-token", next, "--otp-code", "654321", "--for-link"],
        env
      )
      expect(wrong).toStrictEqual({
        code: 7,
        stdout: "",
        stderr: "paywall-masterpass: Masterpass refused the request with OTP_IS_NOT_VALID (Masterpass 401): "
          + `OTP geçersiz. (HTTP 200); session ${sessionId}\n`
      })
    }).pipe(withSandbox()))

  it.scoped("cards list by user: a session created for the user, the phone and account key masked; --json", () =>
    Effect.gen(function*() {
      const paywall = yield* PaywallSandbox.PaywallSandbox
      const byUser = ["cards", "list", "--user-id", user, "--user-phone", phone, "--phone-verified"]
      const summary = yield* cli(byUser, sandboxEnv(paywall.url))
      expect(summary.stderr).toBe("")
      expect(summary.code).toBe(0)
      const [created] = yield* paywall.sessions
      expect(created?.request).toMatchObject({ userId: user, userPhone: phone, phoneVerifiedByMerchant: true })
      expect(summary.stdout).toBe([
        `account ${Phone.maskPhone(phone)} Activated, linked to the merchant, 2 cards`,
        "card card-1: 552879******0008 Credit (Sandbox), default",
        "card card-2: 552879******0008 Credit (Sandbox)",
        `session ${created?.body.SessionId} (not renewed)`,
        ""
      ].join("\n"))

      const record = yield* cli([...byUser, "--json"], sandboxEnv(paywall.url))
      expect(record.code).toBe(0)
      const sessions = yield* paywall.sessions
      expect(sessions).toHaveLength(2) // one per run: a one-shot process keeps no session
      expect(json(record.stdout)).toMatchObject({
        Type: "masterpass-cards-list",
        Status: "succeeded",
        Reply: {
          accountKey: Phone.maskPhone(phone),
          isAccountLinked: true,
          cards: [{ alias: "card-1", maskedNumber: "552879******0008" }, { alias: "card-2" }],
          session: { sessionId: sessions[1]?.body.SessionId, renewed: false }
        }
      })
      expectNotShown([summary, record], phone, user)
    }).pipe(withSandbox()))

  it.scoped("cards delete follows a renewed session; deleting again exits 7 with its record", () =>
    Effect.gen(function*() {
      const { env, sessionId } = yield* setUp()
      const deleted = yield* cli(["cards", "delete", "--session-id", sessionId, "--card-alias", "card-1"], env)
      expect(deleted.code).toBe(0)
      const [, renewed] = deleted.stdout.match(
        /^card deleted, RefNo \d+\nsession (\S+) \(renewed by Paywall: use this id from now on\)\n$/
      ) ?? []
      expect(renewed).toBeDefined()
      expect(renewed).not.toBe(sessionId)

      const again = yield* cli(
        ["cards", "delete", "--session-id", renewed!, "--card-alias", "card-1", "--json"],
        env
      )
      expect(again.code).toBe(7)
      expect(json(again.stdout)).toMatchObject({
        Type: "masterpass-cards-delete",
        Status: "failed",
        Code: "PAYWALL_ERROR",
        Error: {
          _tag: "PaywallMasterpassError",
          exceptionCode: "CARD_NOT_FOUND",
          session: { renewed: true }
        }
      })
      expect(again.stderr).toMatch(
        /^paywall-masterpass: Masterpass refused the request with CARD_NOT_FOUND .*; session \S+ \(renewed: use this id from now on\)\n$/
      )
    }).pipe(withSandbox({ renewEvery: 1 })))

  it.scoped("payment verify, then payment commit; payment commit --payment-id", () =>
    Effect.gen(function*() {
      const { client, env, paywall, sessionId } = yield* setUp()
      const payment = yield* paywall.startPayment({ sessionId, otp: true })
      const verify = yield* paymentVerify({
        sessionId,
        masterpassPaymentId: payment.masterpassPaymentId,
        otpToken: payment.otpToken!,
        otpCode: PaywallSandbox.otpCode
      }, env)
      expect(verify).toStrictEqual({
        code: 0,
        stdout: `OTP verified, done\nsession ${sessionId} (not renewed)\n`,
        stderr: ""
      })

      const commit = yield* cli(
        [
          "payment",
          "commit",
          "--session-id",
          sessionId,
          "--masterpass-payment-id",
          payment.masterpassPaymentId,
          "--json"
        ],
        env
      )
      expect(commit.code).toBe(0)
      expect(json(commit.stdout)).toMatchObject({
        Type: "masterpass-payment-commit",
        Status: "succeeded",
        Reply: { paymentId: String(payment.paymentId), merchantUniqueCode: payment.masterpassPaymentId }
      })
      // Committed: the sandbox knows the payment no more.
      expect(
        yield* Effect.flip(client.commitPayment({ sessionId, masterpassPaymentId: payment.masterpassPaymentId }))
      ).toMatchObject({ _tag: "PaywallEnvelopeError", errorCode: 56 })

      const byId = yield* paywall.startPayment({ sessionId })
      const commitById = yield* cli(
        ["payment", "commit", "--session-id", sessionId, "--payment-id", String(byId.paymentId)],
        env
      )
      expect(commitById).toStrictEqual({
        code: 0,
        stdout: `payment ${byId.paymentId} committed\nsession ${sessionId} (not renewed)\n`,
        stderr: ""
      })
    }).pipe(withSandbox()))

  it.scoped("a commit that may have reached Paywall exits 9, sent once", () =>
    Effect.gen(function*() {
      const { env, paywall, sessionId } = yield* setUp()
      const payment = yield* paywall.startPayment({ sessionId })
      yield* paywall.inject(Fault.Fault.ResetConnection(), { endpoint: "commitPayment" })
      const before = yield* paywall.requests
      const commit = yield* cli(
        ["payment", "commit", "--session-id", sessionId, "--masterpass-payment-id", payment.masterpassPaymentId],
        env
      )
      expect(commit.code).toBe(9)
      expect(commit.stderr).toMatch(/^paywall-masterpass: .*its outcome is unknown \(not retried\)\n$/)
      expect(yield* paywall.requests).toBe(before + 1)
    }).pipe(withSandbox()))

  it.scoped("payment verify answered with 3D Secure exits 8: the step is printed, not finished", () =>
    Effect.gen(function*() {
      const sessionId = MasterpassSession.AnswerSessionId.make(randomUUID())
      const step = new MasterpassAnswer.ThreeDSecureRequired({ url: "https://bank.example/3d" })
      const body = Schema.encodeSync(MasterpassService.OtpVerifiedFromBody)(
        new MasterpassService.OtpVerified({
          session: new MasterpassSession.SessionState({ sessionId, renewed: false }),
          step,
          isVerified: false
        })
      )
      const paywall = yield* loopbackServer((_, response) => {
        response.setHeader("content-type", "application/json")
        response.end(JSON.stringify({ ErrorCode: 0, Result: true, Message: "", Body: body }))
      })
      const verify = yield* paymentVerify({
        sessionId,
        masterpassPaymentId: "ce55004d-888c-416f-84d7-ed2873531fe7",
        otpToken: "f6b4401774f544dc8ec958dbe7a8470f",
        otpCode: "123456"
      }, sandboxEnv(paywall.url))
      expect(verify).toStrictEqual({
        code: 8,
        stdout:
          `OTP not verified, 3D Secure required: open https://bank.example/3d\nsession ${sessionId} (not renewed)\n`,
        stderr: "paywall-masterpass: not finished: 3D Secure required: open https://bank.example/3d\n"
      })
    }))

  it.scoped.each(
    [
      [["cards", "list", "--json"], "missing --session-id, or --user-id with --user-phone"],
      [["link", "--user-id", user, "--user-phone", "9051234"], "invalid --user-phone"],
      [
        ["otp", "verify", "--session-id", "s-1", "--otp-token", "t", "--otp-code", " 123456"],
        "invalid --otp-code (its value is not shown)"
      ],
      [["payment", "commit", "--session-id", "s-1", "--json"], "give --masterpass-payment-id or --payment-id"]
    ] as const
  )("invalid input exits 2 naming the option, before any request: %j", ([args, mention]) =>
    Effect.gen(function*() {
      const paywall = yield* PaywallSandbox.PaywallSandbox
      const argv: ReadonlyArray<string> = args
      const run = yield* cli(argv, sandboxEnv(paywall.url))
      expect(run.code).toBe(2)
      expect(run.stderr).toContain(mention)
      expect(run.stderr).not.toContain("    at ")
      expect(run.stdout + run.stderr).not.toContain("9051234")
      expect(run.stdout + run.stderr).not.toContain("123456")
      if (argv.includes("--json")) {
        expect(json(run.stdout)).toStrictEqual(invalidRequest(`masterpass-${args[0]}-${args[1]}`))
      }
      expect(yield* paywall.requests).toBe(0)
    }).pipe(withSandbox()))
})

describe("paywall-masterpass sdk-token", { timeout: 60_000 }, () => {
  const byUser = ["sdk-token", "--user-id", user, "--user-phone", phone]
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g
  const iso = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"

  it.scoped("by user: the token <redacted> unless --reveal, and the session Paywall made with it, which works", () =>
    Effect.gen(function*() {
      const paywall = yield* PaywallSandbox.PaywallSandbox
      const client = yield* MasterpassClient.MasterpassClient
      const summary = yield* cli([...byUser, "--phone-verified", "--expiry-minutes", "90"], sandboxEnv(paywall.url))
      expect(summary.stderr).toBe("")
      expect(summary.code).toBe(0)
      const [created] = yield* paywall.sessions
      expect(created?.request).toMatchObject({ userId: user, userPhone: phone, phoneVerifiedByMerchant: true })
      const sessionId = created!.body.SessionId
      expect(summary.stdout).toMatch(
        new RegExp(
          `^token <redacted> \\(--reveal prints it\\), expires ${iso}\\n`
            + `session ${sessionId} created with the token, expires ${iso}: the browser's SDK uses it, so use it for `
            + "the user's server-side calls \\(--session-id\\)\\n$"
        )
      )
      // The only id printed is the session's: the token (a UUID too) is not.
      expect(summary.stdout.match(uuid)).toStrictEqual([sessionId])
      // The requested lifetime, from the sandbox's clock (the test clock, at 0).
      expect(summary.stdout).toMatch(/^token <redacted> \(--reveal prints it\), expires 1970-01-01T01:30:00\.000Z\n/)
      expect((yield* client.listCards({ sessionId })).cards.map((card) => card.alias)).toStrictEqual([
        "card-1",
        "card-2"
      ])

      const revealed = yield* cli([...byUser, "--reveal"], sandboxEnv(paywall.url))
      expect(revealed.code).toBe(0)
      const [, token] = revealed.stdout.match(/^token ([0-9a-f-]{36}), expires \S+\n/) ?? []
      expect(token).toBeDefined()
      expect(revealed.stdout).not.toContain("<redacted>")
      const [, second] = yield* paywall.sessions
      expect(revealed.stdout).toContain(`session ${second?.body.SessionId} created with the token`)
      expectNotShown([summary, revealed], phone)
    }).pipe(withSandbox()))

  it.scoped("--json: the record with the token <redacted>, or with --reveal the token; Masterpass's own never", () =>
    Effect.gen(function*() {
      const paywall = yield* PaywallSandbox.PaywallSandbox
      // The default lifetime, 30 minutes from the sandbox's clock (the test clock, at 0).
      const expiresAt = "1970-01-01T00:30:00.000Z"
      const record = (stdout: string, token: unknown, sessionId: string | undefined) =>
        expect(json(stdout)).toStrictEqual({
          Type: "masterpass-sdk-token",
          Status: "succeeded",
          Reply: {
            token,
            tempTokenId: expect.any(Number),
            expiresAt,
            session: {
              sessionId,
              expiresAt: expect.stringMatching(new RegExp(`^${iso}$`)),
              expiryText: expect.any(String)
            },
            masterpassToken: "<redacted>"
          }
        })
      const hidden = yield* cli([...byUser, "--json"], sandboxEnv(paywall.url))
      expect(hidden.code).toBe(0)
      record(hidden.stdout, "<redacted>", (yield* paywall.sessions)[0]?.body.SessionId)
      expect(hidden.stdout.match(uuid)).toStrictEqual([(yield* paywall.sessions)[0]?.body.SessionId])

      const shown = yield* cli([...byUser, "--json", "--reveal", "--three-d-session"], sandboxEnv(paywall.url))
      expect(shown.code).toBe(0)
      record(shown.stdout, expect.stringMatching(/^[0-9a-f-]{36}$/), (yield* paywall.sessions)[1]?.body.SessionId)
      expectNotShown([hidden, shown], phone)
    }).pipe(withSandbox()))

  it.scoped("without the public pair: exit 3 naming its variables, nothing sent", () =>
    Effect.gen(function*() {
      const paywall = yield* PaywallSandbox.PaywallSandbox
      const { PAYWALL_API_CLIENT_PUBLIC: _, PAYWALL_API_KEY_PUBLIC: __, ...privateOnly } = sandboxEnv(paywall.url)
      const run = yield* cli(byUser, privateOnly)
      expect(run).toStrictEqual({
        code: 3,
        stdout: "",
        stderr: "paywall-masterpass: bad configuration: PAYWALL_API_KEY_PUBLIC and PAYWALL_API_CLIENT_PUBLIC not set "
          + "(the public key pair is not configured: createSdkToken needs it; nothing was sent)\n"
      })
      const record = yield* cli([...byUser, "--json"], privateOnly)
      expectRecord(record, 3, {
        Type: "masterpass-sdk-token",
        Status: "failed",
        Code: "INVALID_REQUEST",
        Error: {
          _tag: "PaywallRequestError",
          endpoint: "createSdkToken",
          fields: ["apiKeyPublic", "apiClientPublic"],
          reason: "the public key pair is not configured"
        }
      })
      expect(yield* paywall.requests).toBe(0)
      expect(yield* paywall.sessions).toHaveLength(0)
    }).pipe(withSandbox()))

  it.scoped("a refusal by Paywall exits 5, its record the envelope error", () =>
    Effect.gen(function*() {
      const paywall = yield* PaywallSandbox.PaywallSandbox
      yield* paywall.inject(Fault.Fault.EnvelopeError({ errorCode: 77, message: "Invalid API credentials" }), {
        endpoint: "createSdkToken",
        times: 2
      })
      const run = yield* cli(byUser, sandboxEnv(paywall.url))
      expect(run).toStrictEqual({
        code: 5,
        stdout: "",
        stderr:
          "paywall-masterpass: Paywall refused the request with ErrorCode 77: Invalid API credentials (HTTP 200)\n"
      })
      const record = yield* cli([...byUser, "--json"], sandboxEnv(paywall.url))
      expect(record.code).toBe(5)
      expect(json(record.stdout)).toMatchObject({
        Type: "masterpass-sdk-token",
        Status: "failed",
        Code: "PAYWALL_ERROR",
        Error: { _tag: "PaywallEnvelopeError", errorCode: 77 }
      })
      expectNoSecret(run)
    }).pipe(withSandbox()))

  it.scoped.each(
    [
      [["sdk-token", "--session-id", "9b27433e-f36b-1410-80e5-004205aa382d"], "--session-id"],
      [["sdk-token", "--user-id", user], "missing --user-phone (with --user-id)"],
      [["sdk-token"], "missing --user-id with --user-phone"],
      [["sdk-token", "--user-id", user, "--user-phone", phone, "--expiry-minutes", "1441"], "invalid --expiry-minutes"]
    ] as const
  )("invalid input exits 2 naming the option, before any request: %j", ([args, mention]) =>
    Effect.gen(function*() {
      const paywall = yield* PaywallSandbox.PaywallSandbox
      for (const json of [[], ["--json"]]) {
        const run = yield* cli([...args, ...json], sandboxEnv(paywall.url))
        expect(run.code).toBe(2)
        expect(run.stderr).toContain(mention)
        expect(run.stdout + run.stderr).not.toContain(phone)
        expect(run.stdout).toBe(
          json.length === 0
            ? ""
            : `${JSON.stringify(invalidRequest("masterpass-sdk-token"))}\n`
        )
      }
      expect(yield* paywall.requests).toBe(0)
    }).pipe(withSandbox()))
})
