/**
 * The benchmark results as the Markdown that `pnpm bench` prints and docs/benchmarks.md keeps: one table of
 * measure, value(s), ratio, target, met?; the per-contender figures; the profile; how it was measured.
 */
import type {
  Contender,
  LoopbackResults,
  MemoryResult,
  Options,
  ProfileResult,
  StartupResult,
  StartupTimes,
  Stats
} from "./bench.js"

export interface Results {
  readonly loopback: LoopbackResults
  readonly startup: StartupResult
  readonly memory: MemoryResult
  readonly profile: ProfileResult
}

export interface Run {
  readonly machine: string
  /** The load averages (1, 5, 15 min) before and after: the machine may be shared. */
  readonly load: string
  readonly date: string
  readonly commit: string
  readonly smoke: boolean
}

export interface Row {
  readonly measure: string
  readonly values: string
  readonly ratio: string
  readonly target: string
  readonly met: string
}

const int = (n: number) => Math.round(n).toLocaleString("en-US")
const fixed = (n: number, digits = 1) => n.toFixed(digits)
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const spread = (s: Stats, format: (n: number) => string) => `${format(s.min)} to ${format(s.max)}`
const yesNo = (ok: boolean) => (ok ? "yes" : "no")
const information = "(information)"

/** The targets of issue 13, item 6, and the information beside them. */
export const rows = (results: Results, options: Options): ReadonlyArray<Row> => {
  const { loopback: l, memory: m, startup: s } = results
  const rps = (name: Contender) => l[name].throughput.median
  const cpu = (name: Contender) => l[name].cpuPerCall.median
  const throughputRatio = rps("library") / rps("fetch")
  const cpuRatio = cpu("library") / cpu("platform")
  const startupRatio = s.library.firstSession.median / s.bare.firstSession.median
  const weightRatio = s.weight.library / s.weight.bare
  const heapRow: Row = m.heap === undefined
    ? {
      measure: `heap growth over ${int(options.memoryCalls)} library calls (in memory)`,
      values: "n/a (run with `node --expose-gc`)",
      ratio: "-",
      target: "< 1 MB",
      met: "n/a"
    }
    : {
      measure: `heap growth over ${int(options.memoryCalls)} library calls (in memory)`,
      values: `${kb(m.heap.after - m.heap.before)} (${kb(m.heap.before)} after warm-up, ${kb(m.heap.after)} after)`,
      ratio: "-",
      target: "< 1 MB",
      met: yesNo(m.heap.after - m.heap.before < 1024 * 1024)
    }
  return [
    {
      measure: "throughput, library / fetch peer",
      values: `${int(rps("library"))} / ${int(rps("fetch"))} req/s`,
      ratio: `${fixed(throughputRatio, 2)}x`,
      target: ">= 0.80x (stretch 1.0x)",
      met: `${yesNo(throughputRatio >= 0.8)} (stretch: ${yesNo(throughputRatio >= 1)})`
    },
    {
      measure: "client CPU per call, library / bare platform",
      values: `${fixed(cpu("library"))} / ${fixed(cpu("platform"))} µs`,
      ratio: `${fixed(cpuRatio, 2)}x`,
      target: "<= 2.3x",
      met: yesNo(cpuRatio <= 2.3)
    },
    {
      measure: "process start to first session, library / bare program",
      values: `${fixed(s.library.firstSession.median)} / ${fixed(s.bare.firstSession.median)} ms`,
      ratio: `${fixed(startupRatio, 2)}x`,
      target: "<= 1.1x",
      met: yesNo(startupRatio <= 1.1)
    },
    {
      measure: "bundle weight (min + gzip), library / bare program",
      values: `${kb(s.weight.library)} / ${kb(s.weight.bare)}`,
      ratio: `${fixed(weightRatio, 2)}x`,
      target: "<= 1.1x",
      met: yesNo(weightRatio <= 1.1)
    },
    heapRow,
    {
      measure: "throughput, library / bare platform",
      values: `${int(rps("library"))} / ${int(rps("platform"))} req/s`,
      ratio: `${fixed(rps("library") / rps("platform"), 2)}x`,
      target: information,
      met: "-"
    },
    {
      measure: "throughput, library / raw undici",
      values: `${int(rps("library"))} / ${int(rps("undici"))} req/s`,
      ratio: `${fixed(rps("library") / rps("undici"), 2)}x`,
      target: information,
      met: "-"
    },
    {
      measure: "client CPU per call, library / fetch peer",
      values: `${fixed(cpu("library"))} / ${fixed(cpu("fetch"))} µs`,
      ratio: `${fixed(cpu("library") / cpu("fetch"), 2)}x`,
      target: information,
      met: "-"
    },
    {
      measure: "CPU per call in memory, library / bare platform",
      values: `${fixed(m.cpuPerCall.library)} / ${fixed(m.cpuPerCall.platform)} µs`,
      ratio: `${fixed(m.cpuPerCall.library / m.cpuPerCall.platform, 2)}x`,
      target: information,
      met: "-"
    },
    {
      measure: "bundle weight, library / bare program decoding with a Schema",
      values: `${kb(s.weight.library)} / ${kb(s.weight.bareSchema)}`,
      ratio: `${fixed(s.weight.library / s.weight.bareSchema, 2)}x`,
      target: information,
      met: "-"
    }
  ]
}

const contenderNames: Record<Contender, string> = {
  library: "(a) library: `MasterpassClient.createSession`, defaults, `NodeHttpClient.layerUndici`",
  platform: "(b) bare @effect/platform `HttpClient` POST + `json`, same layer",
  fetch: "(c) fetch peer: `fetch` + `AbortSignal.timeout` + zod envelope and session",
  undici: "raw `undici.request` + `JSON.parse` (information)"
}

const startupCells = (times: StartupTimes) =>
  `${fixed(times.firstSession.median)} | ${spread(times.firstSession, (n) => fixed(n))} | ${
    fixed(times.loaded.median)
  } | ${fixed(times.done.median)}`

const pct = (share: number) => `${(share * 100).toFixed(1)}%`

export const report = (results: Results, options: Options, run: Run): string => {
  const l = results.loopback
  const table = rows(results, options).map((row) =>
    `| ${row.measure} | ${row.values} | ${row.ratio} | ${row.target} | ${row.met} |`
  ).join("\n")
  const contenders = (Object.keys(contenderNames) as Array<Contender>).map((name) =>
    `| ${contenderNames[name]} | ${int(l[name].throughput.median)} | ${spread(l[name].throughput, int)} | ${
      fixed(l[name].cpuPerCall.median)
    } | ${spread(l[name].cpuPerCall, (n) => fixed(n))} |`
  ).join("\n")
  const p = results.profile
  const packages = p.packages.filter((entry) => entry.share >= 0.005).map((entry) =>
    `| ${entry.name} | ${pct(entry.share)} |`
  ).join("\n")
  const functions = p.functions.map((entry) => `| \`${entry.name}\` | ${pct(entry.share)} |`).join("\n")
  const s = results.startup
  return `# Benchmarks

Issue 13, item 6: the performance of \`MasterpassClient.createSession\`, measured by \`pnpm bench\`. The earlier
targets (0.9x the bare platform call's throughput, 1.5x raw \`fetch\`'s) are withdrawn and replaced by the ones below.

${
    run.smoke
      ? "**Smoke run** (`--smoke`: a few iterations only; the figures mean nothing).\n\n"
      : ""
  }Run on ${run.date}, commit ${run.commit}.
Machine: ${run.machine}. Load average (1, 5, 15 min): ${run.load}.

## Targets

| measure | value(s) | ratio | target | met? |
| --- | --- | --- | --- | --- |
${table}

Ratios are library / other, of medians. CPU per call is the client process's \`process.cpuUsage()\` (user + system)
over a loopback round divided by the calls completed in it; the server's CPU is not counted.

## Loopback, per contender

${options.rounds} rounds of ${
    options.roundMillis / 1000
  } s per contender, ${options.concurrency} calls in flight, after one unmeasured warm-up round.

| contender | req/s median | req/s min to max | CPU µs/call median | CPU µs/call min to max |
| --- | --- | --- | --- | --- |
${contenders}

Paired within each round instead (the median of the per-round ratios, less hurt by load that drifts over the run):
throughput library / fetch peer ${fixed(l.perRound.throughputVsFetch.median, 2)}x (${
    spread(l.perRound.throughputVsFetch, (n) => `${fixed(n, 2)}x`)
  }), CPU per call library / bare platform ${fixed(l.perRound.cpuVsPlatform.median, 2)}x (${
    spread(l.perRound.cpuVsPlatform, (n) => `${fixed(n, 2)}x`)
  }).

## Startup and weight

| program | first session, ms median | min to max | modules evaluated (child) | session in (child) | bundle, min + gzip |
| --- | --- | --- | --- | --- | --- |
| library (\`@paywall-effect/http/MasterpassClient\` and siblings) | ${startupCells(s.library)} | ${
    kb(s.weight.library)
  } |
| bare @effect/platform \`HttpClient\` POST + \`json\` | ${startupCells(s.bare)} | ${kb(s.weight.bare)} |
| the same, decoding the envelope with a \`Schema\` (weight only) | - | - | - | - | ${kb(s.weight.bareSchema)} |

${options.spawns} spawns of each, alternating${
    options.spawns > 1 ? ", after one unmeasured spawn of each" : ""
  }. The first session is timed by
this process from \`spawn\`; the two columns after it are medians of the child's own \`performance.now()\` (ms from its
start) once all bundled modules are evaluated and once the session is in, which split the time into loading and the
first call.

## Where the library's time goes

V8's CPU profiler (the one behind \`node --cpu-prof\`, 200 µs sampling) on the library's loop alone, run from the
packages' \`dist\` in its own process against the same server, ${options.concurrency} calls in flight: ${
    int(p.calls)
  } calls in ${fixed(options.profileMillis / 1000)} s after a warm-up, ${
    int(p.busyMillis)
  } ms of sampled non-idle time. Self time, as a share of the non-idle time:

| package | self time |
| --- | --- |
${packages}

| function (top ${p.functions.length} by self time) | self time |
| --- | --- |
${functions}
${method(options)}`
}

const method = (options: Options) => `
## Method

- **Contenders**, over public APIs only (test/bench/clients.ts): (a) the library with its defaults (10 s attempt
  timeout, 30 s deadline, 2 retries) over \`NodeHttpClient.layerUndici\`; (b) a bare @effect/platform \`HttpClient\`
  POST + \`json\` over the same layer, no checks; (c) a careful hand-written client with global \`fetch\`, an
  \`AbortSignal.timeout\`, a status check, \`json()\`, zod validation of the envelope, \`ErrorCode\` 0 and \`Result\`
  true, zod validation of the session (Guid \`SessionId\`, ISO expiry) and a real expiry \`Date\`; raw
  \`undici.request\` + \`JSON.parse\` on a keep-alive agent, as information (the transport's floor).
- **Loopback** (test/bench/server.mjs): one Node \`http\` server in another process answering every POST with the
  documentation's success envelope. One interleaved run: every round runs every contender once, in an order rotated
  each round, with a full GC before each; the library's and the bare call's layers (and connection pools) are built
  once and kept warm; throughput is calls completed over the round's wall time.
- **Startup** (test/bench/programs.ts): two small programs, bundled and minified with esbuild (ESM, platform
  node, everything but Node's built-ins inside), each making one call to the loopback server and exiting. The time is
  from \`spawn\` of \`node\` to the program's \`session …\` line on stdout.
- **Weight**: the same bundles, gzipped. Both hold effect, @effect/platform and platform-node's undici
  \`HttpClient\` (with undici itself); the library's program imports subpaths
  (\`@paywall-effect/http/MasterpassClient\`, \`/PaywallConfig\`, \`/PaywallCredentials\`,
  \`@paywall-effect/domain/CreateSessionRequest\`).
- **Heap**: heap used after two full GCs, after ${
  int(options.memoryWarmUpCalls)
} warm-up calls and again after the measured calls, against an
  in-memory \`HttpClient\` answering the same envelope; the in-memory CPU per call is measured the same way.
- The speed targets are judged here only; the test suite runs \`pnpm bench --smoke\` and checks the report's shape.

## How to run

\`\`\`sh
pnpm bench          # builds the packages, runs everything (about 2 to 3 minutes), prints this report
pnpm bench --write  # the same, and rewrites docs/benchmarks.md
pnpm bench --smoke  # a few iterations of everything (what test/bench.test.ts runs)
\`\`\`
`
