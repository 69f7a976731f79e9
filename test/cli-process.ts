import { expect } from "@effect/vitest"
import type { PaywallCredentials } from "@paywall-effect/http"
import { PaywallSandbox } from "@paywall-effect/sandbox"
import { Effect, Redacted } from "effect"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"

/** The built `paywall-masterpass` bin (the tests run the CLI as a user does). */
export const bin = fileURLToPath(new URL("../packages/cli/dist/bin.js", import.meta.url))

/** What a run of a child process left: its exit code and its output. */
export interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** The environment of a run: the parent's, less any PAYWALL_* variable, plus `env`. */
export const environment = (env: Record<string, string>) => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("PAYWALL_"))),
  ...env
})

/** Runs `file` with `args` as a child process, in {@link environment}`(env)`. */
export const runProcess = (file: string, args: ReadonlyArray<string>, env: Record<string, string>) =>
  Effect.async<Run>((resume) => {
    execFile(file, args, { env: environment(env) }, (error, stdout, stderr) => {
      resume(Effect.succeed({ code: error ? Number(error.code) : 0, stdout, stderr }))
    })
  })

/** Runs `paywall-masterpass` (the built bin) as a child process. */
export const cli = (args: ReadonlyArray<string>, env: Record<string, string> = {}) =>
  runProcess(process.execPath, [bin, ...args], env)

/** The credentials of the sandboxes the CLI runs against, both pairs: no output may show them. */
export const credentials = {
  apiKeyPrivate: Redacted.make("cli-secret-key-0001"),
  apiClientPrivate: Redacted.make("cli-secret-client-0002"),
  apiKeyPublic: Redacted.make("cli-public-key-0003"),
  apiClientPublic: Redacted.make("cli-public-client-0004")
} satisfies PaywallCredentials.Credentials

/** A sandbox for runs that take credentials, with {@link credentials}. */
export const sandbox = (options: PaywallSandbox.Options = {}) => PaywallSandbox.make({ credentials, ...options })

/** The environment that points the CLI at the sandbox at `url`, with {@link credentials} (both pairs). */
export const sandboxEnv = (url: string) => ({
  PAYWALL_BASE_URL: url,
  PAYWALL_API_KEY_PRIVATE: Redacted.value(credentials.apiKeyPrivate),
  PAYWALL_API_CLIENT_PRIVATE: Redacted.value(credentials.apiClientPrivate),
  PAYWALL_API_KEY_PUBLIC: Redacted.value(credentials.apiKeyPublic),
  PAYWALL_API_CLIENT_PUBLIC: Redacted.value(credentials.apiClientPublic)
})

/** No credential appears in what the run printed. */
export const expectNoSecret = (run: { readonly stdout: string; readonly stderr: string }) => {
  for (const secret of Object.values(credentials).map(Redacted.value)) {
    expect(run.stdout + run.stderr).not.toContain(secret)
  }
}

/** Neither a credential nor any of `hidden` (a phone, a user id) appears in what any of `runs` printed. */
export const expectNotShown = (runs: ReadonlyArray<Run>, ...hidden: ReadonlyArray<string>) => {
  for (const run of runs) {
    for (const value of hidden) expect(run.stdout + run.stderr).not.toContain(value)
    expectNoSecret(run)
  }
}

/** The `--json` record of a command of `type` that refused its input before any request. */
export const invalidRequest = (type: string) => ({ Type: type, Status: "failed", Code: "INVALID_REQUEST" })

/** The run exited with `code` and its stdout is exactly the `--json` record `record`. */
export const expectRecord = (run: Run, code: number, record: unknown) => {
  expect(run.code).toBe(code)
  expect(JSON.parse(run.stdout)).toStrictEqual(record)
}
