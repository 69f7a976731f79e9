import { describe, expect, it } from "@effect/vitest"
import { CreateSession } from "@paywall-effect/domain"
import { Fault } from "@paywall-effect/sandbox"
import { Effect, Schema } from "effect"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import {
  bin,
  cli,
  environment,
  expectNoSecret,
  expectNotShown,
  expectRecord,
  invalidRequest,
  runProcess,
  sandbox,
  sandboxEnv
} from "./cli-process.js"
import { closedPort } from "./loopback.js"

const sandboxBin = fileURLToPath(new URL("../packages/sandbox/dist/bin.js", import.meta.url))
const request = ["--reference-code", "order-3001", "--user-id", "72812393211", "--phone", "905123456710"]

const decodeRecord = (stdout: string) => Schema.decodeUnknownSync(CreateSession.CreateSession)(JSON.parse(stdout))

/**
 * The standalone sandbox (`pnpm sandbox`'s bin) as a child process, for the life of the scope:
 * its first four lines of stdout, printed once it listens, while it keeps serving.
 */
const standaloneSandbox = Effect.acquireRelease(
  Effect.sync(() =>
    spawn(process.execPath, [sandboxBin], { env: environment({}), stdio: ["ignore", "pipe", "inherit"] })
  ),
  (child) =>
    Effect.async<void>((resume) => {
      if (child.exitCode !== null || child.signalCode !== null) return resume(Effect.void)
      child.once("exit", () => resume(Effect.void))
      child.kill("SIGTERM")
    })
).pipe(
  Effect.flatMap((child) =>
    Effect.async<string>((resume) => {
      let printed = ""
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        printed += chunk
        if (printed.split("\n").length > 4) resume(Effect.succeed(printed))
      })
    })
  )
)

/** Runs `script` with bash, in an environment without PAYWALL_* variables. */
const bash = (script: string, env: Record<string, string>) => runProcess("bash", ["-c", script], env)

describe("paywall-masterpass", { timeout: 60_000 }, () => {
  it.scoped("runs with the export lines the standalone sandbox prints, evaluated by bash", () =>
    Effect.gen(function*() {
      const printed = yield* standaloneSandbox
      const lines = printed.trimEnd().split("\n")
      expect(lines[0]).toMatch(/^# Paywall Masterpass sandbox listening at http:\/\/127\.0\.0\.1:\d+ /)
      expect(lines.slice(1).map((line) => line.replace(/='[^']*'$/, "=…"))).toStrictEqual([
        "export PAYWALL_BASE_URL=…",
        "export PAYWALL_PRIVATE_BASE_URL=…",
        "export PAYWALL_API_KEY_PRIVATE=…",
        "export PAYWALL_API_CLIENT_PRIVATE=…",
        "export PAYWALL_API_KEY_PUBLIC=…",
        "export PAYWALL_API_CLIENT_PUBLIC=…",
        "export PAYWALL_3D_HASH_KEY=…"
      ])
      // What a user does: eval the lines in a shell, then start the CLI from it, which must see them.
      const run = yield* bash(`eval "$EXPORTS" && node "$CLI" create-session ${request.join(" ")} --json`, {
        EXPORTS: printed,
        CLI: bin
      })
      expect(run.stderr).toBe("")
      expect(run.code).toBe(0)
      expect(decodeRecord(run.stdout)).toMatchObject({ status: "succeeded", statusCode: 200 })
    }))

  it.effect("demo creates a session against the embedded sandbox and says so on stderr", () =>
    Effect.gen(function*() {
      const run = yield* cli(["demo"])
      expect(run.code).toBe(0)
      expect(run.stderr).toMatch(/^paywall-masterpass: using the embedded sandbox at http:\/\/127\.0\.0\.1:\d+/)
      expect(run.stdout).toMatch(/^session [0-9a-f-]{36} created for reference demo-[0-9a-f-]{36}\n/)
      expect(run.stdout).toContain("phone 9051*****710")
      expect(run.stdout).not.toContain("905123456710")
    }))

  it.scoped("create-session --json prints a CreateSession record", () =>
    Effect.gen(function*() {
      const paywall = yield* sandbox()
      const run = yield* cli(["create-session", ...request, "--force-3d", "--json"], sandboxEnv(paywall.url))
      expect(run.code).toBe(0)
      const record = decodeRecord(run.stdout)
      expect(record).toMatchObject({ type: "payment-service-session", status: "succeeded", statusCode: 200 })
      expect(record.responseBody).toMatchObject({ ErrorCode: 0, Result: true })
      expect(run.stdout).not.toContain("905123456710")
      const [kept] = yield* paywall.sessions
      expect(kept?.request).toMatchObject({ referenceCode: "order-3001", force3D: true })
    }))

  it.effect.each([[[]], [["--json"]]] as const)(
    "create-session without configuration exits 3 naming the missing variables, without a sandbox: %j",
    ([args]) =>
      Effect.gen(function*() {
        const run = yield* cli(["create-session", ...request, ...args])
        expect(run.code).toBe(3)
        expect(run.stdout).toBe("")
        expect(run.stderr).toBe(
          "paywall-masterpass: bad configuration: PAYWALL_API_KEY_PRIVATE is not set; "
            + "PAYWALL_API_CLIENT_PRIVATE is not set\n"
        )
      })
  )

  it.scoped("--log-level works after the subcommand, as create-session --help lists it, and logs to stderr", () =>
    Effect.gen(function*() {
      const paywall = yield* sandbox()
      const help = yield* cli(["create-session", "--help"])
      expect(help.stdout).toContain("--log-level all | trace | debug | info | warning | error | fatal | none")
      const run = yield* cli(["create-session", ...request, "--log-level", "debug", "--json"], sandboxEnv(paywall.url))
      expect(run.code).toBe(0)
      expect(decodeRecord(run.stdout)).toMatchObject({ status: "succeeded" }) // stdout holds the record alone
      expect(run.stderr).toContain("DEBUG")
      expect(run.stderr).toContain("Paywall attempt")
      expect(run.stderr).not.toContain("905123456710")
      expectNoSecret(run)
      const quiet = yield* cli(["create-session", ...request, "--log-level=info"], sandboxEnv(paywall.url))
      expect(quiet.code).toBe(0)
      expect(quiet.stderr).toBe("")
      const wrong = yield* cli(["create-session", ...request, "--log-level", "loud"], sandboxEnv(paywall.url))
      expect(wrong.code).toBe(2)
      expect(wrong.stderr).toBe(
        "paywall-masterpass: --log-level must be one of all, trace, debug, info, warning, error, fatal, none\n"
      )
    }))

  it.effect.each(
    [
      [["--phone", "905123456710"], "--user-id"],
      [["--user-id", "u", "--phone", "905123456710", "--log-level", "loud"], "--log-level"]
    ] as const
  )(
    "create-session --json with invalid options prints an INVALID_REQUEST record and exits 2: %j",
    ([args, mention]) =>
      Effect.gen(function*() {
        const run = yield* cli(["create-session", "--reference-code", "r", ...args, "--json"])
        expectRecord(run, 2, invalidRequest("payment-service-session"))
        expect(run.stderr).toContain(mention)
      })
  )

  it.effect("create-session --json with an invalid phone prints its INVALID_REQUEST record and exits 2", () =>
    Effect.gen(function*() {
      const run = yield* cli(
        ["create-session", "--reference-code", "r", "--user-id", "u", "--phone", "9051234", "--json"]
      )
      expectRecord(run, 2, invalidRequest("payment-service-session"))
      expect(run.stderr).toContain("invalid --user-phone")
      expect(run.stdout + run.stderr).not.toContain("9051234")
    }))

  it.scoped("sends the request to a configured base URL with the credentials from the environment", () =>
    Effect.gen(function*() {
      const paywall = yield* sandbox()
      const run = yield* cli(["create-session", ...request, "--phone-verified"], sandboxEnv(paywall.url))
      expect(run.code).toBe(0)
      expect(run.stderr).toBe("")
      const [kept] = yield* paywall.sessions
      expect(kept?.request).toMatchObject({ referenceCode: "order-3001", phoneVerifiedByMerchant: true })
      expect(run.stdout).toContain(`session ${kept?.body.SessionId} created`)
      expectNoSecret(run)
    }))

  it.effect.each(
    [
      [
        ["create-session", "--reference-code", "r", "--user-id", "u", "--user-phone", "+90 512"],
        "invalid --user-phone"
      ],
      [
        ["create-session", "--reference-code", " r", "--user-id", "u", "--phone", "905123456710"],
        "invalid --reference-code"
      ],
      [["create-session", "--reference-code", "r", "--user-id", "u"], "--user-phone"],
      [["no-such-command"], ""]
    ] as const
  )("exits 2 on bad input: %j", ([args, mention]) =>
    Effect.gen(function*() {
      const run = yield* cli(args)
      expect(run.code).toBe(2)
      expect(run.stderr + run.stdout).toContain(mention)
      expect(run.stderr).not.toContain("    at ")
    }))

  it.effect.each(
    [
      [{ PAYWALL_API_KEY_PRIVATE: "cli-secret-key-0001" }, [], "PAYWALL_API_CLIENT_PRIVATE is not set"],
      [{ PAYWALL_BASE_URL: "https://payment-api.example" }, [], "PAYWALL_API_KEY_PRIVATE is not set"],
      [
        { PAYWALL_API_KEY_PRIVATE: "cli-secret-key-0001", PAYWALL_API_CLIENT_PRIVATE: "cli-secret-client-0002" },
        ["--base-url", "http://payment-api.example"],
        "--base-url must use https"
      ],
      [
        { PAYWALL_API_KEY_PRIVATE: "cli-secret-key-0001\r\nx", PAYWALL_API_CLIENT_PRIVATE: "cli-secret-client-0002" },
        [],
        "PAYWALL_API_KEY_PRIVATE must be non-empty"
      ]
    ] as const
  )("exits 3 on bad configuration: %j", ([env, args, mention]) =>
    Effect.gen(function*() {
      const run = yield* cli(["create-session", ...request, ...args], env)
      expect(run.code).toBe(3)
      expect(run.stderr.trim().split("\n")).toHaveLength(1)
      expect(run.stderr).toContain(`paywall-masterpass: bad configuration: ${mention}`)
      expectNoSecret(run)
    }))

  it.effect("exits 4 when nothing answers", () =>
    Effect.gen(function*() {
      const url = yield* closedPort
      const run = yield* cli(["create-session", ...request], sandboxEnv(url))
      expect(run.code).toBe(4)
      expect(run.stderr).toContain("ECONNREFUSED")
      expectNoSecret(run)
    }))

  it.scoped("exits 5 when Paywall refuses, with one line and no secret", () =>
    Effect.gen(function*() {
      const paywall = yield* sandbox()
      const run = yield* cli(["create-session", ...request], {
        ...sandboxEnv(paywall.url),
        PAYWALL_API_CLIENT_PRIVATE: "cli-secret-wrong-0003"
      })
      expect(run.code).toBe(5)
      expect(run.stderr).toBe(
        "paywall-masterpass: Paywall refused the request with ErrorCode 77: Invalid API credentials (HTTP 401)\n"
      )
      expectNotShown([run], "cli-secret-wrong-0003")
      const json = yield* cli(["create-session", ...request, "--json"], {
        ...sandboxEnv(paywall.url),
        PAYWALL_API_CLIENT_PRIVATE: "cli-secret-wrong-0003"
      })
      expect(json.code).toBe(5)
      expect(decodeRecord(json.stdout)).toMatchObject({ status: "failed", code: "PAYWALL_ERROR", statusCode: 401 })
    }))

  it.scoped("exits 6 when the answer cannot be read", () =>
    Effect.gen(function*() {
      const paywall = yield* sandbox()
      yield* paywall.inject(Fault.Fault.MalformedJson(), { times: 2 })
      const run = yield* cli(["create-session", ...request], sandboxEnv(paywall.url))
      expect(run.code).toBe(6)
      expect(run.stderr).toMatch(
        /^paywall-masterpass: Paywall's answer could not be read \(HTTP 200\): the body is not JSON\n$/
      )
      const json = yield* cli(["create-session", ...request, "--json"], sandboxEnv(paywall.url))
      expect(json.code).toBe(6)
      expect(decodeRecord(json.stdout)).toMatchObject({ status: "failed", code: "INVALID_RESPONSE", statusCode: 200 })
      expectNoSecret(run)
    }))

  it.effect.each(
    [[[]], [["create-session"]], [["demo"]], [["cards", "list"]], [["payment", "commit"]], [["sdk-token"]]] as const
  )(
    "documents the exit codes in --help of %j, one per line, without colour codes when piped",
    ([args]) =>
      Effect.gen(function*() {
        const run = yield* cli([...args, "--help"])
        expect(run.code).toBe(0)
        const lines = run.stdout.split("\n")
        const table = lines.slice(lines.indexOf("Exit codes:"), lines.indexOf("Exit codes:") + 10)
        expect(table.map((line) => line.match(/^ {2}(\d) {2}\S/)?.[1] ?? line)).toStrictEqual([
          "Exit codes:",
          "0",
          "2",
          "3",
          "4",
          "5",
          "6",
          "7",
          "8",
          "9"
        ])
        expect(run.stdout).toContain(
          "  3  bad configuration: credentials (sdk-token: the public pair) or base URL missing or invalid\n"
        )
        expect(run.stdout).not.toContain("\u001b[")
        expect(run.stdout).toMatch(/^paywall-masterpass\n/)
      })
  )
})
