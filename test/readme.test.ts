import { describe, expect, it } from "@effect/vitest"
import { PaywallConfig } from "@paywall-effect/http"
import { readFileSync } from "node:fs"

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8")
const readme = read("../README.md")

// Each TypeScript block of the README is one of these files, which `tsc -b` checks and the suite runs.
describe("README examples", () => {
  it.each([
    "fixtures/quickstart.ts",
    "fixtures/opentelemetry.ts",
    "fixtures/masterpass-flow.ts",
    "fixtures/wallet.ts",
    "fixtures/wallet-redis.ts",
    "fixtures/after-payment.ts",
    "fixtures/refund.ts",
    "sandbox-layer.test.ts",
    "fixtures/wallet-checkout.test.ts"
  ])("shows %s verbatim", (path) => {
    expect(readme).toContain("```ts\n" + read(path) + "```")
  })

  it("has no TypeScript block that is not one of them", () => {
    const blocks = readme.match(/```ts\n/g) ?? []
    expect(blocks).toHaveLength(9)
  })
})

describe("README configuration table", () => {
  it.each(Object.entries(PaywallConfig.variables))("lists the setting %s with its variable", (option, variable) => {
    expect(readme).toMatch(new RegExp(`\\| \`${variable}\` \\| \`${option}\` \\|`))
  })
})
