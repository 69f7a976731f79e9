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

/** The credentials of the sandboxes the CLI runs against: no output may show them. */
export const credentials: PaywallCredentials.Credentials = {
  apiKeyPrivate: Redacted.make("cli-secret-key-0001"),
  apiClientPrivate: Redacted.make("cli-secret-client-0002")
}

/** A sandbox for runs that take credentials, with {@link credentials}. */
export const sandbox = (options: PaywallSandbox.Options = {}) => PaywallSandbox.make({ credentials, ...options })

/** The environment that points the CLI at the sandbox at `url`, with {@link credentials}. */
export const sandboxEnv = (url: string) => ({
  PAYWALL_BASE_URL: url,
  PAYWALL_API_KEY_PRIVATE: Redacted.value(credentials.apiKeyPrivate),
  PAYWALL_API_CLIENT_PRIVATE: Redacted.value(credentials.apiClientPrivate)
})

/** Neither credential appears in what the run printed. */
export const expectNoSecret = (run: { readonly stdout: string; readonly stderr: string }) => {
  for (const secret of Object.values(credentials).map(Redacted.value)) {
    expect(run.stdout + run.stderr).not.toContain(secret)
  }
}
