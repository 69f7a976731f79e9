import { describe, expect, it } from "@effect/vitest"
import { PaywallSandbox } from "@paywall-effect/sandbox"
import { Effect } from "effect"
import { execFile } from "node:child_process"
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { sandboxEnvironment } from "./loopback.js"

const root = fileURLToPath(new URL("..", import.meta.url))
const packages = ["domain", "http", "sandbox", "testing", "cli", "redis"] as const
const run = (command: string, args: ReadonlyArray<string>, options: { cwd: string; env?: NodeJS.ProcessEnv }) =>
  Effect.tryPromise({
    try: () => promisify(execFile)(command, args, { ...options, maxBuffer: 16 * 1024 * 1024 }),
    // The command's own output says what went wrong (a type error, a failed install).
    catch: (error) => new Error(`${String(error)}\n${Object(error).stdout ?? ""}${Object(error).stderr ?? ""}`)
  }).pipe(Effect.orDie)

/** The README's install lines, verbatim: the `npm install` lines of the sh block under "## Install". */
const readmeInstallLines = (): ReadonlyArray<string> => {
  const section = readFileSync(join(root, "README.md"), "utf8").split("\n## Install\n")[1] ?? ""
  const block = section.match(/```sh\n([\s\S]*?)```/)?.[1] ?? ""
  return block.split("\n").filter((line) => line.startsWith("npm install "))
}

/** A project outside the workspace that installs the packed tarballs, as a stranger would. */
const consumer = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "paywall-effect-consumer-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

describe("the packed packages, installed outside the workspace", { timeout: 420_000 }, () => {
  it.scoped("type-check and run the README quickstart against the sandbox", () =>
    Effect.gen(function*() {
      const dir = yield* consumer
      for (const name of packages) {
        yield* run("pnpm", ["pack", "--pack-destination", dir], { cwd: join(root, "packages", name) })
      }
      const tarball = (name: string) =>
        `file:${readdirSync(dir).find((file) => file.startsWith(`paywall-effect-${name}-`))}`
      const local = Object.fromEntries(packages.map((name) => [`@paywall-effect/${name}`, tarball(name)]))
      writeFileSync(
        join(dir, "package.json"),
        JSON.stringify({
          name: "consumer",
          private: true,
          type: "module",
          // The tarballs depend on each other by version; these are not published, so point at the files.
          overrides: local
        })
      )

      // The README's lines, with the tarballs for our names; every other package carries a version range.
      const lines = readmeInstallLines()
      expect(lines.length).toBeGreaterThanOrEqual(3)
      for (const line of lines) {
        const args = line.split(/\s+/).slice(2)
        const thirdParty = args.filter((arg) => !arg.startsWith("-") && !arg.startsWith("@paywall-effect/"))
        for (const name of thirdParty) expect(name).toMatch(/^(@[^@/]+\/)?[^@/]+@[~^]?\d+(\.\d+)*$/)
        yield* run(
          "npm",
          [
            "install",
            ...args.map((arg) => local[arg] ?? arg),
            "--prefer-offline",
            "--no-audit",
            "--no-fund",
            "--loglevel=error"
          ],
          { cwd: dir }
        )
      }
      const installed = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))
      expect(Object.keys({ ...installed.dependencies, ...installed.devDependencies })).toEqual(
        expect.arrayContaining([...packages.map((name) => `@paywall-effect/${name}`), "effect", "vitest"])
      )
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            exactOptionalPropertyTypes: true,
            module: "NodeNext",
            moduleResolution: "NodeNext",
            target: "ES2022",
            lib: ["ES2022", "DOM"],
            types: ["node"],
            outDir: "out",
            skipLibCheck: false
          },
          include: ["*.ts"]
        })
      )
      cpSync(join(root, "test/fixtures/quickstart.ts"), join(dir, "quickstart.ts"))
      // The README's sandbox-layer test: type-checked below, then run by the README's vitest.
      cpSync(join(root, "test/sandbox-layer.test.ts"), join(dir, "sandbox-layer.test.ts"))
      // Subpath imports and the testing kit, as a stranger's tests would use them.
      writeFileSync(
        join(dir, "subpaths.ts"),
        [
          "import { MasterpassClient } from \"@paywall-effect/http/MasterpassClient\"",
          "import * as PaywallApi from \"@paywall-effect/domain/PaywallApi\"",
          "import { MasterpassClientTest } from \"@paywall-effect/testing\"",
          "import { PaywallSandbox } from \"@paywall-effect/sandbox\"",
          "import * as RedisSessionStore from \"@paywall-effect/redis/RedisSessionStore\"",
          "import { Layer } from \"effect\"",
          "export const TestLayer: Layer.Layer<MasterpassClient | MasterpassClientTest.MasterpassClientTest> = MasterpassClientTest.layer({ seed: 1 })",
          "export const codes = [PaywallSandbox.SandboxErrorCode.InvalidCredentials, PaywallApi.createSession.path]",
          "export const redisUrl: string = RedisSessionStore.variables.url",
          ""
        ].join("\n")
      )

      // The TypeScript the README installs, not the workspace's.
      yield* run(process.execPath, [join(dir, "node_modules/typescript/bin/tsc"), "-p", "."], { cwd: dir })

      const sandbox = yield* PaywallSandbox.make()
      const { stdout } = yield* run(process.execPath, ["out/quickstart.js"], {
        cwd: dir,
        env: sandboxEnvironment(sandbox)
      })
      const [kept] = yield* sandbox.sessions
      expect(stdout).toMatch(new RegExp(`^session ${kept?.body.SessionId} expires \\d{4}-\\d{2}-\\d{2}T`))

      const demo = yield* run(join(dir, "node_modules/.bin/paywall-masterpass"), ["demo", "--json"], { cwd: dir })
      expect(JSON.parse(demo.stdout)).toMatchObject({ Type: "payment-service-session", Status: "succeeded" })

      // The README's sandbox-layer test, run by the vitest and @effect/vitest the README installs.
      const tests = yield* run(process.execPath, [
        join(dir, "node_modules/vitest/vitest.mjs"),
        "run",
        "--exclude",
        "out/**"
      ], {
        cwd: dir
      })
      expect(tests.stdout).toContain("1 passed")
    }))
})
