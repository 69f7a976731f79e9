import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { loopbackServer } from "./loopback.js"

const quickstartPath = fileURLToPath(new URL("fixtures/quickstart.ts", import.meta.url))
const root = fileURLToPath(new URL("..", import.meta.url))

describe("README quickstart", () => {
  it.scoped("creates a session when run against a Paywall-shaped server on loopback", () =>
    Effect.gen(function*() {
      const seen: Array<{ headers: Record<string, unknown>; body: string }> = []
      const server = yield* loopbackServer((request, response) => {
        let body = ""
        request.on("data", (chunk) => body += chunk)
        request.on("end", () => {
          seen.push({ headers: request.headers, body })
          response.writeHead(200, { "content-type": "application/json" })
          response.end(JSON.stringify({
            ErrorCodeType: 1,
            ErrorMessage: null,
            ErrorCode: 0,
            Result: true,
            Message: "",
            Body: { SessionId: "9b27433e-f36b-1410-80e5-004205aa382d", SessionExpiryDate: "2025-07-27T11:24:57" }
          }))
        })
      })
      const { stdout } = yield* Effect.promise(() =>
        promisify(execFile)(process.execPath, ["--import", "tsx", quickstartPath], {
          cwd: root,
          env: {
            ...process.env,
            PAYWALL_BASE_URL: server.url,
            PAYWALL_API_KEY_PRIVATE: "quickstart-key-0001",
            PAYWALL_API_CLIENT_PRIVATE: "quickstart-client-0002"
          }
        })
      )
      expect(stdout.trim()).toBe("session 9b27433e-f36b-1410-80e5-004205aa382d expires 2025-07-27T08:24:57.000Z")
      expect(seen).toHaveLength(1)
      expect(seen[0]?.headers).toMatchObject({
        apikeyprivate: "quickstart-key-0001",
        apiclientprivate: "quickstart-client-0002"
      })
      expect(JSON.parse(seen[0]?.body ?? "")).toMatchObject({ ReferenceCode: "order-1001", UserPhone: "905123456710" })
    }), { timeout: 30_000 })
})
