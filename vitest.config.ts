import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const source = (pkg: string) => fileURLToPath(new URL(`packages/${pkg}/src/index.ts`, import.meta.url))

export default defineConfig({
  resolve: {
    // Tests run against the sources, so no build is needed first.
    alias: [
      // A module of a package (`@paywall-effect/domain/PaywallApi`), then a package's index.
      {
        find: /^@paywall-effect\/(domain|http|sandbox|cli|testing|redis)\/(\w+)$/,
        replacement: fileURLToPath(new URL("packages/$1/src/$2.ts", import.meta.url))
      },
      ...["domain", "http", "sandbox", "cli", "testing", "redis"].map((pkg) => ({
        find: new RegExp(`^@paywall-effect/${pkg}$`),
        replacement: source(pkg)
      })),
      {
        find: /^example-checkout$/,
        replacement: fileURLToPath(new URL("examples/checkout/src/index.ts", import.meta.url))
      }
    ]
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-results/results.json" },
    sequence: { concurrent: false },
    setupFiles: ["test/setup.ts"]
  }
})
