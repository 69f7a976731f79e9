/**
 * `pnpm bench`: runs every measure and prints the report; `--write` also writes docs/benchmarks.md (keeping its
 * hand-written sections).
 * `--smoke` runs a few iterations only (what the test suite does, so the benchmarks cannot rot).
 */
import { execFileSync } from "node:child_process"
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { availableParallelism, cpus, loadavg } from "node:os"
import { fileURLToPath } from "node:url"
import { loopback, memory, type Options, profile, startServer, startup } from "./bench.js"
import { keepHandWritten, report } from "./report.js"

const smoke = process.argv.includes("--smoke")
const options: Options = smoke
  ? {
    rounds: 1,
    roundMillis: 150,
    concurrency: 4,
    spawns: 1,
    memoryCalls: 300,
    memoryWarmUpCalls: 100,
    inMemoryCpuCalls: 100,
    profileMillis: 150
  }
  : {
    rounds: 12,
    roundMillis: 1_200,
    concurrency: 32,
    spawns: 10,
    memoryCalls: 100_000,
    memoryWarmUpCalls: 5_000,
    inMemoryCpuCalls: 5_000,
    profileMillis: 4_000
  }

const root = fileURLToPath(new URL("../..", import.meta.url))
const git = (...args: Array<string>) => {
  try {
    return execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim()
  } catch {
    return ""
  }
}
const cpuModel = (() => {
  try {
    return readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim()
  } catch {
    return undefined
  }
})() ?? cpus()[0]?.model.trim() ?? "unknown CPU"
const nproc = (() => {
  try {
    return Number(execFileSync("nproc", { encoding: "utf8" }).trim())
  } catch {
    return availableParallelism()
  }
})()
const commit = git("rev-parse", "--short", "HEAD") || "unknown"
const packagesCommit = git("log", "-1", "--format=%h", "--", "packages")
const dirty = git("status", "--porcelain", "--", "packages", "test/bench") !== ""

const phase = async <A>(name: string, run: () => Promise<A>): Promise<A> => {
  const started = performance.now()
  const result = await run()
  console.error(`${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return result
}

const load = () => loadavg().map((n) => n.toFixed(2)).join(" ")
const loadBefore = load()
const server = await startServer()
try {
  const results = {
    loopback: await phase("loopback", () => loopback(server, options)),
    startup: await phase("startup and weight", () => startup(server, options)),
    profile: await phase("profile", () => profile(server, options)),
    memory: await phase("memory", () => memory(options))
  }
  const text = report(results, options, {
    machine: `nproc ${nproc}, ${cpuModel}, Node ${process.version}`,
    load: `${loadBefore} before, ${load()} after`,
    date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
    commit: `\`${commit}\`${packagesCommit === "" ? "" : ` (packages/ last changed in \`${packagesCommit}\`)`}${
      dirty ? " with uncommitted changes to packages/ or test/bench/" : ""
    }`,
    smoke
  })
  console.log(text)
  if (process.argv.includes("--write")) {
    const file = new URL("../../docs/benchmarks.md", import.meta.url)
    writeFileSync(file, existsSync(file) ? keepHandWritten(readFileSync(file, "utf8"), text) : text)
  }
} finally {
  server.stop()
}
