#!/usr/bin/env node
/**
 * Runs the sandbox standalone (`pnpm sandbox`): prints its URL and test credentials as
 * `export PAYWALL_...='...'` lines for sh, then serves until interrupted. `--openapi` prints its OpenAPI document instead.
 */
import { NodeRuntime } from "@effect/platform-node"
import { Config, Console, Effect } from "effect"
import * as PaywallSandbox from "./PaywallSandbox.js"
import { openApiDocument } from "./SandboxApi.js"

/** `export NAME='value'`, the value single-quoted for sh (a `'` in it written as `'\\''`). */
const exportLine = (name: string, value: string) => `export ${name}='${value.replaceAll("'", "'\\''")}'`

const serve = Effect.gen(function*() {
  const port = yield* Config.withDefault(Config.port("PAYWALL_SANDBOX_PORT"), 0)
  const sandbox = yield* PaywallSandbox.make({ port })
  // These are the sandbox's own throwaway credentials: printing them is the point. The lines are
  // sh: a comment, then `export` lines to paste into a shell (or `eval`) before starting a client.
  yield* Console.log([
    `# Paywall Masterpass sandbox listening at ${sandbox.url} (Ctrl-C stops it)`,
    ...Object.entries(PaywallSandbox.environment(sandbox)).map(([name, value]) => exportLine(name, value))
  ].join("\n"))
  return yield* Effect.never
})

NodeRuntime.runMain(
  process.argv.includes("--openapi")
    ? Console.log(JSON.stringify(openApiDocument, null, 2))
    : Effect.scoped(serve)
)
