/**
 * `pnpm bench`: runs every benchmark and prints one table; `--write` also writes docs/benchmarks.md.
 * `--smoke` runs a few iterations only (what the test suite does, so the benchmarks cannot rot).
 */
import { writeFileSync } from "node:fs"
import { cpus, totalmem } from "node:os"
import { cpu, memory, type Options, throughput, weight } from "./bench.js"
import { report } from "./report.js"

const smoke = process.argv.includes("--smoke")
const options: Options = smoke
  ? { rounds: 1, roundMillis: 200, concurrency: 4, cpuCalls: 200, memoryCalls: 1_000 }
  : { rounds: 5, roundMillis: 3_000, concurrency: 32, cpuCalls: 20_000, memoryCalls: 100_000 }

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${
  Math.round(totalmem() / 2 ** 30)
} GiB, Node ${process.version}`
const results = {
  throughput: await throughput(options),
  cpu: await cpu(options),
  memory: await memory(options),
  weight: await weight()
}
const text = report(results, options, machine)
console.log(text)
if (process.argv.includes("--write")) {
  writeFileSync(new URL("../../docs/benchmarks.md", import.meta.url), text)
}
