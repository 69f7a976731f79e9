import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const source = (pkg: string) => fileURLToPath(new URL(`packages/${pkg}/src/index.ts`, import.meta.url))

export default defineConfig({
  resolve: {
    // Tests run against the sources, so no build is needed first.
    alias: {
      "@paywall-effect/domain": source("domain"),
      "@paywall-effect/http": source("http"),
      "@paywall-effect/sandbox": source("sandbox"),
      "@paywall-effect/cli": source("cli"),
      "@paywall-effect/testing": source("testing"),
      "@paywall-effect/redis": source("redis"),
      "example-checkout": fileURLToPath(new URL("examples/checkout/src/index.ts", import.meta.url))
    }
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-results/results.json" },
    sequence: { concurrent: false },
    setupFiles: ["test/setup.ts"]
  }
})
