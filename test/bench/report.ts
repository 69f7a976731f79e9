/**
 * The benchmark results as the Markdown table `pnpm bench` prints and docs/benchmarks.md keeps.
 */
import type { ClientName, cpu, memory, Options, Stats, weight } from "./bench.js"

export interface Results {
  readonly throughput: Record<ClientName, Stats>
  readonly cpu: Awaited<ReturnType<typeof cpu>>
  readonly memory: Awaited<ReturnType<typeof memory>>
  readonly weight: Awaited<ReturnType<typeof weight>>
}

const int = (n: number) => Math.round(n).toLocaleString("en-US")
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

export const report = (results: Results, options: Options, machine: string): string => {
  const t = results.throughput
  const row = (name: string, s: Stats) => `| ${name} | ${int(s.median)} | ${int(s.min)} to ${int(s.max)} |`
  const memoryLine = results.memory === undefined
    ? "| heap growth | n/a (run with `node --expose-gc`) |"
    : `| heap growth over ${int(options.memoryCalls)} calls | ${kb(results.memory.after - results.memory.before)} (${
      kb(results.memory.before)
    } after warm-up, ${kb(results.memory.after)} after) |`
  return `# Benchmarks

Measured on ${machine}, loopback, ${options.concurrency} requests in flight with keep-alive, ${options.rounds} rounds of
${
    options.roundMillis / 1000
  } s per client in rotating order. Reproduce with \`pnpm bench\` (\`pnpm bench --write\` rewrites
this file).

## Throughput (requests/s)

| client | median | spread (min to max) |
| --- | --- | --- |
${row("\`MasterpassClient.createSession\` (NodeHttpClient.layerUndici)", t.library)}
${row("bare @effect/platform \`HttpClient\` POST + \`json\` (same layer)", t.platform)}
${row("raw \`undici.request\` + \`JSON.parse\`", t.undici)}
${row("raw \`fetch\` + \`json()\`", t.fetch)}

| ratio (medians) | value | target |
| --- | --- | --- |
| library / bare platform | ${ratio(t.library.median, t.platform.median)} | at least 0.90x |
| library / fetch | ${ratio(t.library.median, t.fetch.median)} | at least 1.50x |
| library / undici | ${ratio(t.library.median, t.undici.median)} | (the practical limit) |

## Client-side cost

| measure | value |
| --- | --- |
| CPU per call, \`createSession\` against an in-memory \`HttpClient\` | ${results.cpu.library.toFixed(1)} µs |
| CPU per call, hand-written (JSON.stringify, JSON.parse, checks) | ${results.cpu.handWritten.toFixed(1)} µs |
${memoryLine}

## Weight (esbuild, minified, gzipped)

| program | size |
| --- | --- |
| minimal \`createSession\` program | ${kb(results.weight.library)} |
| minimal \`HttpClient\` POST + \`json\` program | ${kb(results.weight.platform)} |
| the same, decoding the answer with a \`Schema\` | ${kb(results.weight.platformWithSchema)} |
| the library's added weight (over \`HttpClient\` alone) | ${kb(results.weight.library - results.weight.platform)} |
| the library's added weight (over \`HttpClient\` + \`Schema\`) | ${
    kb(results.weight.library - results.weight.platformWithSchema)
  } |
${profileNotes}`
}

/** What profiling showed of the remaining cost, kept with the table (measured by hand, dated). */
const profileNotes = `
## Where the time goes (profiled 2026-11-21)

Measured with \`--cpu-prof\` and by removing one piece at a time from the built client, in memory (per call):

| piece | cost | whose |
| --- | --- | --- |
| the platform's own request, response and client span (\`execute\` + \`text\`) | ~150 µs | the platform's |
| the per-attempt timeout (\`Effect.timeoutTo\` races the call with a timer fiber) | ~57 µs | ours (required: issue 4) |
| the \`MasterpassClient.createSession\` span, its attributes, the call timer and counter | ~59 µs | ours (required observability) |
| checking whether debug logs are on, twice | ~13 µs | ours |
| encoding the request, decoding envelope and session | ~15 µs | ours |

Fixed along the way: the redacted header names set per call (~23 µs; now once, by the layer), an \`Intl\` offset
computation per expiry (now once per wall-clock hour), a stack trace captured per span, tagged metrics rebuilt per
call, a second timer for the deadline, the retry schedule's driver set up on every call, and small bodies streamed
through \`Stream\` (~300 µs) when their \`content-length\` is known (bodies without one still take that path, to
enforce the size limit while reading).
`
