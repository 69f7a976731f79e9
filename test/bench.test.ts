import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { keepHandWritten } from "./bench/report.js"

const root = fileURLToPath(new URL("..", import.meta.url))

const cells = (line: string) => line.slice(1, -1).split(" | ").map((cell) => cell.trim())

// A few iterations of `pnpm bench`, so the benchmarks cannot rot. Only the report's shape is checked here: the speed
// targets are judged by `pnpm bench` itself, never by the test suite.
describe("pnpm bench --smoke", { timeout: 120_000 }, () => {
  it.effect("measures every contender and prints the whole report", () =>
    Effect.gen(function*() {
      const { stdout } = yield* Effect.promise(() =>
        promisify(execFile)(process.execPath, ["--expose-gc", "--import", "tsx", "test/bench/main.ts", "--smoke"], {
          cwd: root
        })
      )
      const lines = stdout.split("\n")

      // The table of targets: measure, value(s), ratio, target, met?
      const header = lines.indexOf("| measure | value(s) | ratio | target | met? |")
      expect(header).toBeGreaterThan(-1)
      const end = lines.findIndex((line, i) => i > header && !line.startsWith("|"))
      const rows = lines.slice(header + 2, end).map(cells)
      const row = (measure: string) => rows.find((cells) => cells[0]!.startsWith(measure))
      for (
        const measure of [
          "throughput, library / fetch peer",
          "client CPU per call, library / bare platform",
          "process start to first session, library / bare program",
          "bundle weight (min + gzip), library / bare program"
        ]
      ) {
        const [, values, ratio, target, met] = row(measure) ?? []
        expect(values, measure).toMatch(/\d/)
        expect(ratio, measure).toMatch(/^\d+\.\d\dx$/)
        expect(target, measure).toMatch(/^(>=|<=) \d/)
        expect(met, measure).toMatch(/^(yes|no)\b/)
      }
      const [, heap, , heapTarget, heapMet] = row("heap growth over") ?? []
      expect(heap).toMatch(/^-?[\d,]+\.\d KB/)
      expect(heapTarget).toBe("< 1 MB")
      expect(heapMet).toMatch(/^(yes|no)$/)
      for (const measure of ["throughput, library / bare platform", "throughput, library / raw undici"]) {
        expect(row(measure)?.[2], measure).toMatch(/^\d+\.\d\dx$/)
      }

      // Issue 15's targets, judged on per-round ratios with an interval for their median.
      for (
        const [measure, target] of [
          ["flow call's client CPU per call over its bare call's, card list / Create Session", "<= 1.00x within noise"],
          ["flow call's throughput over its bare call's, card list / Create Session", ">= 1.00x within noise"],
          ["client CPU per call, wallet (in-memory store) / flow call", "< 1.10x"],
          ["throughput, wallet (in-memory store) / flow call", ">= 0.90x"]
        ] as const
      ) {
        const [, values, ratio, actual, met] = row(measure) ?? []
        expect(values, measure).toMatch(/per round \d+\.\d\dx \(95% interval \d+\.\d\dx to \d+\.\d\dx\)/)
        expect(ratio, measure).toMatch(/^\d+\.\d\dx$/)
        expect(actual, measure).toBe(target)
        expect(met, measure).toMatch(/^(yes|yes \(within noise\)|no)$/)
      }
      for (
        const measure of [
          "CPU per call in memory, flow call / bare platform GET",
          "CPU per call in memory, wallet (in-memory store) / flow call"
        ]
      ) {
        expect(row(measure)?.[2], measure).toMatch(/^\d+\.\d\dx$/)
      }

      // Every contender made calls.
      for (
        const contender of [
          "(a) library",
          "(b) bare",
          "(c) fetch peer",
          "raw `undici.request`",
          "flow: `MasterpassClient.listCards`",
          "bare @effect/platform `HttpClient` GET",
          "wallet: `MasterpassWallet.listCards`"
        ]
      ) {
        const line = lines.find((l) => l.startsWith(`| ${contender}`))
        expect(line, contender).toBeDefined()
        const [, rps, , cpu] = cells(line!)
        expect(Number(rps!.replaceAll(",", "")), contender).toBeGreaterThan(0)
        expect(Number(cpu), contender).toBeGreaterThan(0)
      }

      // The machine, the commit and the profile are reported.
      expect(stdout).toMatch(/^Machine: nproc \d+, .+, Node v\d+/m)
      expect(stdout).toMatch(/^Run on \d{4}-\d\d-\d\d \d\d:\d\d UTC, commit `[0-9a-f]+`/m)
      expect(stdout).toMatch(/^\| effect \| \d+\.\d%/m)
      expect(stdout).toMatch(/^\| function \(top \d+ by self time\) \| self time \|$/m)
    }))
})

describe("pnpm bench --write", () => {
  it("keeps the hand-written sections of docs/benchmarks.md, each after the section it followed", () => {
    const previous =
      "# Benchmarks\n\nold\n\n## Targets\n\nold\n\n## Ablation\n\nby hand\n\n## Method\n\nold\n\n## Notes\n\nby hand\n"
    const generated = "# Benchmarks\n\nnew\n\n## Targets\n\nnew\n\n## Method\n\nnew\n"
    expect(keepHandWritten(previous, generated)).toBe(
      "# Benchmarks\n\nnew\n\n## Targets\n\nnew\n\n## Ablation\n\nby hand\n\n## Method\n\nnew\n\n## Notes\n\nby hand\n"
    )
    expect(keepHandWritten(generated, generated)).toBe(generated)
  })
})
