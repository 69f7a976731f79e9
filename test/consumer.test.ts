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
const packages = ["domain", "http", "sandbox", "testing", "cli"] as const
const run = (command: string, args: ReadonlyArray<string>, options: { cwd: string; env?: NodeJS.ProcessEnv }) =>
  Effect.tryPromise({
    try: () => promisify(execFile)(command, args, { ...options, maxBuffer: 16 * 1024 * 1024 }),
    // The command's own output says what went wrong (a type error, a failed install).
    catch: (error) => new Error(`${String(error)}\n${Object(error).stdout ?? ""}${Object(error).stderr ?? ""}`)
  }).pipe(Effect.orDie)

/** A version range of the workspace, as a stranger's package.json would name it. */
const range = (name: string) =>
  JSON.parse(readFileSync(join(root, "package.json"), "utf8")).devDependencies[name] as string

/** A project outside the workspace that installs the packed tarballs, as a stranger would. */
const consumer = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "paywall-effect-consumer-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

describe("the packed packages, installed outside the workspace", { timeout: 240_000 }, () => {
  it.scoped("type-check and run the README quickstart against the sandbox", () =>
    Effect.gen(function*() {
      const dir = yield* consumer
      for (const name of packages) {
        yield* run("pnpm", ["pack", "--pack-destination", dir], { cwd: join(root, "packages", name) })
      }
      const tarball = (name: string) =>
        `file:./${readdirSync(dir).find((file) => file.startsWith(`paywall-effect-${name}-`))}`
      const local = Object.fromEntries(packages.map((name) => [`@paywall-effect/${name}`, tarball(name)]))
      writeFileSync(
        join(dir, "package.json"),
        JSON.stringify({
          name: "consumer",
          private: true,
          type: "module",
          dependencies: {
            ...local,
            effect: range("effect"),
            "@effect/platform": range("@effect/platform"),
            "@effect/platform-node": range("@effect/platform-node"),
            "@types/node": range("@types/node"),
            // @effect/platform-node's declarations import ws; a strict consumer needs its types.
            "@types/ws": "^8.5.0"
          },
          // The tarballs depend on each other by version; these are not published, so point at the files.
          overrides: local
        })
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
      // Subpath imports and the testing kit, as a stranger's tests would use them.
      writeFileSync(
        join(dir, "subpaths.ts"),
        [
          "import { MasterpassClient } from \"@paywall-effect/http/MasterpassClient\"",
          "import * as PaywallApi from \"@paywall-effect/domain/PaywallApi\"",
          "import { MasterpassClientTest } from \"@paywall-effect/testing\"",
          "import { PaywallSandbox } from \"@paywall-effect/sandbox\"",
          "import { Layer } from \"effect\"",
          "export const TestLayer: Layer.Layer<MasterpassClient | MasterpassClientTest.MasterpassClientTest> = MasterpassClientTest.layer({ seed: 1 })",
          "export const codes = [PaywallSandbox.SandboxErrorCode.InvalidCredentials, PaywallApi.createSession.path]",
          ""
        ].join("\n")
      )

      yield* run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir })
      yield* run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "."], { cwd: dir })

      const sandbox = yield* PaywallSandbox.make()
      const { stdout } = yield* run(process.execPath, ["out/quickstart.js"], {
        cwd: dir,
        env: sandboxEnvironment(sandbox)
      })
      const [kept] = yield* sandbox.sessions
      expect(stdout).toMatch(new RegExp(`^session ${kept?.body.SessionId} expires \\d{4}-\\d{2}-\\d{2}T`))

      const demo = yield* run(join(dir, "node_modules/.bin/paywall-masterpass"), ["demo", "--json"], { cwd: dir })
      expect(JSON.parse(demo.stdout)).toMatchObject({ Type: "payment-service-session", Status: "succeeded" })
    }))
})
