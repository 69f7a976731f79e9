import { describe, expect, it } from "@effect/vitest"
import { PaywallSandbox } from "@paywall-effect/sandbox"
import { DateTime, Effect } from "effect"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { sandboxEnvironment } from "./loopback.js"

const quickstartPath = fileURLToPath(new URL("fixtures/quickstart.ts", import.meta.url))
const root = fileURLToPath(new URL("..", import.meta.url))

describe("README quickstart", () => {
  it.scoped(
    "creates a session when run against the sandbox, with credentials from the environment",
    () =>
      Effect.gen(function*() {
        const sandbox = yield* PaywallSandbox.make()
        const { stdout } = yield* Effect.promise(() =>
          promisify(execFile)(process.execPath, ["--import", "tsx", quickstartPath], {
            cwd: root,
            env: sandboxEnvironment(sandbox)
          })
        )
        const [kept] = yield* sandbox.sessions
        expect(kept?.request).toMatchObject({ referenceCode: "order-1001", userPhone: "905123456710" })
        const expiry = DateTime.unsafeMakeZoned(
          DateTime.unsafeMake(`${kept?.body.SessionExpiryDate}Z`),
          { timeZone: "Europe/Istanbul", adjustForTimeZone: true }
        )
        expect(stdout.trim()).toBe(
          `session ${kept?.body.SessionId} expires ${DateTime.formatIso(DateTime.toUtc(expiry))}`
        )
      }),
    { timeout: 30_000 }
  )
})
