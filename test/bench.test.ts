import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"

const root = fileURLToPath(new URL("..", import.meta.url))

// A few iterations of `pnpm bench`, so the benchmarks cannot rot; the figures themselves are not judged here.
describe("pnpm bench --smoke", { timeout: 120_000 }, () => {
  it.effect("measures every client and prints the whole table", () =>
    Effect.gen(function*() {
      const { stdout } = yield* Effect.promise(() =>
        promisify(execFile)(process.execPath, ["--expose-gc", "--import", "tsx", "test/bench/main.ts", "--smoke"], {
          cwd: root
        })
      )
      const requestsPerSecond = [...stdout.matchAll(/^\| [^|]+ \| ([\d,]+) \| [\d,]+ to [\d,]+ \|$/gm)]
        .map((match) => Number(match[1]!.replaceAll(",", "")))
      expect(requestsPerSecond).toHaveLength(4)
      expect(requestsPerSecond.every((value) => value > 0)).toBe(true)
      expect(stdout).toMatch(/\| library \/ bare platform \| \d+\.\d\dx \|/)
      expect(stdout).toMatch(/CPU per call, `createSession` against an in-memory `HttpClient` \| \d+\.\d µs/)
      expect(stdout).toMatch(/CPU per call, bare platform `HttpClient` POST \+ `json` against the same \| \d+\.\d µs/)
      expect(stdout).toMatch(/heap growth over [\d,]+ calls \| -?\d+\.\d KB/)
      expect(stdout).toMatch(/the library's added weight \(over `HttpClient` alone\) \| \d+\.\d KB/)
    }))
})
