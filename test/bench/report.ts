/**
 * The benchmark results as the Markdown that `pnpm bench` prints and docs/benchmarks.md keeps: one table of
 * measure, value(s), ratio, target, met?; the per-contender figures; the profile; how it was measured.
 */
import {
  type Contender,
  type LoopbackResults,
  medianInterval,
  type MemoryResult,
  type Options,
  paired,
  type ProfileResult,
  type StartupResult,
  type StartupTimes,
  type Stats,
  stats
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
const times = (n: number) => `${fixed(n, 2)}x`
/** A per-round ratio: its median, and its interval for the median (bench.ts's `medianInterval`). */
const withInterval = (s: Stats) => {
  const { high, low } = medianInterval(s)
  return `${times(s.median)} (95% interval ${times(low)} to ${times(high)})`
}

/** "yes" when the median meets the target, "yes (within noise)" when only its interval reaches it, else "no". */
const withinNoise = (median: boolean, interval: boolean) => median ? "yes" : interval ? "yes (within noise)" : "no"

/** The per-round paired ratios that issue 15's targets are judged on. */
const flowRatios = (l: LoopbackResults) => {
  const cpu = (name: Contender) => l[name].cpuPerCall
  const rps = (name: Contender) => l[name].throughput
  const flowCpu = paired(cpu("flow"), cpu("platformFlow"))
  const sessionCpu = paired(cpu("library"), cpu("platform"))
  const flowRps = paired(rps("flow"), rps("platformFlow"))
  const sessionRps = paired(rps("library"), rps("platform"))
  return {
    flowCpu,
    sessionCpu,
    /** The flow's CPU ratio over Create Session's, round by round: above 1, the flow costs more over its bare call. */
    cpuVsSession: paired(flowCpu, sessionCpu),
    flowRps,
    sessionRps,
    /** The same for throughput: below 1, the flow keeps less of its bare call's throughput. */
    rpsVsSession: paired(flowRps, sessionRps),
    walletCpu: paired(cpu("wallet"), cpu("flow")),
    walletRps: paired(rps("wallet"), rps("flow")),
    /** µs the wallet adds to a flow call, round by round. */
    walletAdded: stats(cpu("wallet").values.map((value, round) => value - cpu("flow").values[round]!)),
    walletRedisCpu: paired(cpu("walletRedis"), cpu("flow")),
    walletRedisRps: paired(rps("walletRedis"), rps("flow"))
  }
}

/** The targets of issue 13, item 6, and of issue 15 (a flow call, the wallet), and the information beside them. */
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
  const f = flowRatios(l)
  const cpuVsSession = medianInterval(f.cpuVsSession)
  const rpsVsSession = medianInterval(f.rpsVsSession)
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
      measure: "flow call's client CPU per call over its bare call's, card list / Create Session (per round)",
      values: `\`listCards\` / bare GET ${times(f.flowCpu.median)}, \`createSession\` / bare POST ${
        times(f.sessionCpu.median)
      }; per round ${withInterval(f.cpuVsSession)}`,
      ratio: times(f.cpuVsSession.median),
      target: "<= 1.00x within noise",
      met: withinNoise(f.cpuVsSession.median <= 1, cpuVsSession.low <= 1)
    },
    {
      measure: "flow call's throughput over its bare call's, card list / Create Session (per round)",
      values: `\`listCards\` / bare GET ${times(f.flowRps.median)}, \`createSession\` / bare POST ${
        times(f.sessionRps.median)
      }; per round ${withInterval(f.rpsVsSession)}`,
      ratio: times(f.rpsVsSession.median),
      target: ">= 1.00x within noise",
      met: withinNoise(f.rpsVsSession.median >= 1, rpsVsSession.high >= 1)
    },
    {
      measure: "client CPU per call, wallet (in-memory store) / flow call (per round)",
      values: `${fixed(cpu("wallet"))} / ${fixed(cpu("flow"))} µs; per round ${withInterval(f.walletCpu)}, ${
        fixed(f.walletAdded.median)
      } µs added`,
      ratio: times(f.walletCpu.median),
      target: "< 1.10x",
      met: yesNo(f.walletCpu.median < 1.1)
    },
    {
      measure: "throughput, wallet (in-memory store) / flow call (per round)",
      values: `${int(rps("wallet"))} / ${int(rps("flow"))} req/s; per round ${withInterval(f.walletRps)}`,
      ratio: times(f.walletRps.median),
      target: ">= 0.90x",
      met: yesNo(f.walletRps.median >= 0.9)
    },
    {
      measure: "client CPU per call, wallet (Redis store on loopback) / flow call (per round)",
      values: `${fixed(cpu("walletRedis"))} / ${fixed(cpu("flow"))} µs; per round ${withInterval(f.walletRedisCpu)}`,
      ratio: times(f.walletRedisCpu.median),
      target: information,
      met: "-"
    },
    {
      measure: "throughput, wallet (Redis store on loopback) / flow call (per round)",
      values: `${int(rps("walletRedis"))} / ${int(rps("flow"))} req/s; per round ${withInterval(f.walletRedisRps)}`,
      ratio: times(f.walletRedisRps.median),
      target: information,
      met: "-"
    },
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
      measure: "CPU per call in memory, flow call / bare platform GET",
      values: `${fixed(m.cpuPerCall.flow)} / ${fixed(m.cpuPerCall.platformFlow)} µs`,
      ratio: times(m.cpuPerCall.flow / m.cpuPerCall.platformFlow),
      target: information,
      met: "-"
    },
    {
      measure: "CPU per call in memory, wallet (in-memory store) / flow call",
      values: `${fixed(m.cpuPerCall.wallet)} / ${fixed(m.cpuPerCall.flow)} µs`,
      ratio: times(m.cpuPerCall.wallet / m.cpuPerCall.flow),
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
  undici: "raw `undici.request` + `JSON.parse` (information)",
  flow: "flow: `MasterpassClient.listCards`, on (a)'s client",
  platformFlow: "bare @effect/platform `HttpClient` GET + `json` of the card list, same headers, (b)'s layer",
  wallet: "wallet: `MasterpassWallet.listCards`, one user, `SessionStore.layerMemory`, on (a)'s client",
  walletRedis: "walletRedis: the same wallet over `RedisSessionStore` (a real redis-server on loopback)"
}

const startupCells = (times: StartupTimes) =>
  `${fixed(times.firstSession.median)} | ${spread(times.firstSession, (n) => fixed(n))} | ${
    fixed(times.loaded.median)
  } | ${fixed(times.done.median)}`

const pct = (share: number) => `${(share * 100).toFixed(1)}%`

const pairedCell = (s: Stats) => `${times(s.median)} (${spread(s, times)})`

export const report = (results: Results, options: Options, run: Run): string => {
  const l = results.loopback
  const f = flowRatios(l)
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
Issue 15: a Masterpass flow call (the card list) costs no more over its bare platform call than Create Session does
over its own, and \`MasterpassWallet\` adds less than 10% to the flow call it wraps.

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

Ratios are library / other, of medians, except the rows marked "per round": issue 15's, judged on the median of the
ratios paired within each round (see below). "Within noise": the flow's ratio over Create Session's is judged worse
only when the whole 95% interval for its median is (below 1.00x is better for CPU, above for throughput); the
interval is the sign test's, from the per-round ratios themselves (the 3rd to the 10th of 12), so the noise is
the run's own round-to-round spread. CPU per call is the client process's \`process.cpuUsage()\` (user + system)
over a loopback round divided by the calls completed in it; the server's CPU is not counted.

## Loopback, per contender

${options.rounds} rounds of ${
    options.roundMillis / 1000
  } s per contender, ${options.concurrency} calls in flight, after one unmeasured warm-up round.

| contender | req/s median | req/s min to max | CPU µs/call median | CPU µs/call min to max |
| --- | --- | --- | --- | --- |
${contenders}

Paired within each round instead (the median of the per-round ratios, less hurt by load that drifts over the run;
min to max): throughput library / fetch peer ${pairedCell(paired(l.library.throughput, l.fetch.throughput))},
CPU per call library / bare platform ${pairedCell(paired(l.library.cpuPerCall, l.platform.cpuPerCall))}.

The flow call against Create Session, each over its own bare call (per round; the interval is for the median):

| per-round ratio | card list (\`listCards\`) | Create Session | card list / Create Session |
| --- | --- | --- | --- |
| client CPU per call, library / bare | ${pairedCell(f.flowCpu)} | ${pairedCell(f.sessionCpu)} | ${
    withInterval(f.cpuVsSession)
  } |
| throughput, library / bare | ${pairedCell(f.flowRps)} | ${pairedCell(f.sessionRps)} | ${
    withInterval(f.rpsVsSession)
  } |

The wallet against the flow call it wraps (per round): client CPU per call ${withInterval(f.walletCpu)},
${fixed(f.walletAdded.median)} µs added (${spread(f.walletAdded, (n) => fixed(n))}); throughput ${
    withInterval(f.walletRps)
  }.

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

/** The text from a heading line (`## ...`) to the next, the first one holding the title and what precedes any. */
const sections = (text: string) => text.split(/^(?=## )/m)
const heading = (section: string) => section.slice(0, section.indexOf("\n"))

/**
 * The report with the hand-written sections of the previous docs/benchmarks.md kept (an ablation, say): each one
 * placed after the generated section it followed there, so that \`--write\` replaces only what the bench measured.
 */
export const keepHandWritten = (previous: string, generated: string): string => {
  const fresh = sections(generated)
  const generatedHeadings = new Set(fresh.map(heading))
  const following = new Map<string, Array<string>>()
  let anchor = heading(fresh[0]!)
  for (const section of sections(previous)) {
    if (generatedHeadings.has(heading(section))) anchor = heading(section)
    else following.set(anchor, [...(following.get(anchor) ?? []), section])
  }
  const all = fresh.flatMap((section) => [section, ...(following.get(heading(section)) ?? [])])
  return all.map((section, i) => i === all.length - 1 ? section : section.replace(/\n*$/, "\n\n")).join("")
}

const method = (options: Options) => `
## Method

- **Contenders**, over public APIs only (test/bench/clients.ts): (a) the library with its defaults (10 s attempt
  timeout, 30 s deadline, 2 retries) over \`NodeHttpClient.layerUndici\`; (b) a bare @effect/platform \`HttpClient\`
  POST + \`json\` over the same layer, no checks; (c) a careful hand-written client with global \`fetch\`, an
  \`AbortSignal.timeout\`, a status check, \`json()\`, zod validation of the envelope, \`ErrorCode\` 0 and \`Result\`
  true, zod validation of the session (Guid \`SessionId\`, ISO expiry) and a real expiry \`Date\`; raw
  \`undici.request\` + \`JSON.parse\` on a keep-alive agent, as information (the transport's floor). The flow call:
  \`MasterpassClient.listCards\` on (a)'s client, against a bare @effect/platform GET of the same URL with the same
  headers (key pair, \`accept\`, \`sessionid\`) + \`json\` on (b)'s layer; and \`MasterpassWallet.listCards\` for one
  user with \`SessionStore.layerMemory\`, on (a)'s client: its first call (in the warm-up) creates the user's
  session and every measured call reuses it (the run fails if the wallet created more than one).
- **Loopback** (test/bench/server.mjs): one Node \`http\` server in another process answering Create Session with
  the documentation's success envelope (its expiry moved to 2099, so that the wallet's session stays live) and the
  card list (with a \`sessionid\` header) with MASTERPASS.md's success example. One interleaved run: every round
  runs every contender once, in an order rotated each round, with a full GC before each; the layers (and connection
  pools) are built once and kept warm; throughput is calls completed over the round's wall time.
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
  in-memory \`HttpClient\` answering as the loopback server does; the in-memory CPU per call is measured the same way.
- The speed targets are judged here only; the test suite runs \`pnpm bench --smoke\` and checks the report's shape.

## How to run

\`\`\`sh
pnpm bench          # builds the packages, runs everything (about 3 to 4 minutes), prints this report
pnpm bench --write  # the same, and rewrites docs/benchmarks.md (its hand-written sections kept)
pnpm bench --smoke  # a few iterations of everything (what test/bench.test.ts runs)
\`\`\`
`
