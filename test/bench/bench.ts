/**
 * The measures of `pnpm bench`. Each returns plain numbers; report.ts judges them against the targets.
 *
 * - `loopback`: throughput and client CPU per call of every contender (Create Session's and the card list's, see
 *   clients.ts), in one interleaved run against a loopback server in another process (rounds rotate the contenders'
 *   order, so noise hits all alike);
 * - `startup`: time from spawning `node` to the first session, for a library program and a bare platform program,
 *   spawned alternately; and the same programs' bundle weight;
 * - `memory`: heap growth over many library calls against an in-memory `HttpClient` (and CPU per call there);
 * - `profile`: where the library's loop spends its time, from V8's CPU profiler.
 */
import { HttpClient, HttpClientResponse } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { MasterpassClient, PaywallConfig, PaywallCredentials, SessionStore } from "@paywall-effect/http"
import { RedisSessionStore } from "@paywall-effect/redis"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { execFile, fork, spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { docsSuccess } from "../fixtures/docs.js"
import { startRedis } from "../redis-server.js"
import {
  Agent,
  cardListPath,
  fetchCall,
  flowCall,
  libraryCall,
  libraryLayer,
  makeWallet,
  path,
  platformCall,
  platformFlowCall,
  undiciCall,
  type WalletCall
} from "./clients.js"
import { bareProgram, bareSchemaProgram, build, librarySource } from "./programs.js"

/**
 * Create Session's answer: the docs' success example with its expiry moved to 2099 (same length and form), so that
 * the wallet's session stays live; the docs' date is in the past, and a wallet replaces an expired session.
 */
const sessionAnswer = JSON.stringify({
  ...docsSuccess,
  Body: { ...docsSuccess.Body, SessionExpiryDate: docsSuccess.Body.SessionExpiryDate.replace(/^\d{4}/, "2099") }
})

/** The card list's answer: MASTERPASS.md's success example, from the repository's one copy of its examples. */
const cardListAnswer = JSON.stringify(
  (JSON.parse(readFileSync(new URL("../fixtures/masterpass/examples.json", import.meta.url), "utf8")) as Record<
    string,
    unknown
  >)["cardList.success"]
)

/** What the stand-in server answers (server.mjs), by `METHOD path`, and the header a request must carry. */
const routes: Record<string, { readonly body: string; readonly header?: string }> = {
  [`POST ${path}`]: { body: sessionAnswer },
  [`GET ${cardListPath}`]: { body: cardListAnswer, header: "sessionid" }
}

export interface Options {
  /** Measured rounds per contender (each contender once per round). */
  readonly rounds: number
  readonly roundMillis: number
  readonly concurrency: number
  /** Spawns of each startup program. */
  readonly spawns: number
  readonly memoryCalls: number
  readonly memoryWarmUpCalls: number
  readonly inMemoryCpuCalls: number
  readonly profileMillis: number
}

export interface Stats {
  readonly median: number
  readonly min: number
  readonly max: number
  readonly values: ReadonlyArray<number>
}

export const stats = (values: ReadonlyArray<number>): Stats => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, values }
}

/** `a` over `b` round by round (both in round order): the paired ratios, less hurt by load that drifts. */
export const paired = (a: Stats, b: Stats): Stats => stats(a.values.map((value, round) => value / b.values[round]!))

/**
 * A distribution-free interval of at least 95% for the median (the sign test's): the k-th smallest and k-th largest
 * values, k the largest with P(Binomial(n, 1/2) < k) <= 2.5%; [min, max] below 6 values, where no k qualifies. With
 * 12 rounds it is the 3rd to the 10th value (96.1%).
 */
export const medianInterval = (s: Stats): { readonly low: number; readonly high: number } => {
  const sorted = [...s.values].sort((a, b) => a - b)
  const n = sorted.length
  let k = 0
  let below = 0 // P(X < k + 1) as k grows, X ~ Binomial(n, 1/2)
  let term = 0.5 ** n // P(X = i), from i = 0
  for (let i = 0; i < n; i++) {
    below += term
    if (below > 0.025) break
    k = i + 1
    term = term * (n - i) / (i + 1)
  }
  return k === 0 ? { low: sorted[0]!, high: sorted[n - 1]! } : { low: sorted[k - 1]!, high: sorted[n - k]! }
}

const gc = () => (globalThis as { gc?: () => void }).gc?.()

export interface Server {
  readonly url: string
  readonly stop: () => void
}

/** Starts the stand-in server in its own process, so its work does not share our event loop or our CPU count. */
export const startServer = () =>
  new Promise<Server>((resolve) => {
    const child = fork(fileURLToPath(new URL("server.mjs", import.meta.url)), [JSON.stringify(routes)], {
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    })
    child.once("message", (message) => {
      const { port } = message as { port: number }
      resolve({ url: `http://127.0.0.1:${port}`, stop: () => child.kill() })
    })
  })

/** `concurrency` fiber loops calling `call` until the deadline; the count of completed calls. */
const countEffect = async <R>(
  runtime: ManagedRuntime.ManagedRuntime<R, never>,
  call: Effect.Effect<unknown, unknown, R>,
  concurrency: number,
  millis: number
): Promise<number> => {
  let count = 0
  const deadline = performance.now() + millis
  const worker = Effect.whileLoop({
    while: () => performance.now() < deadline,
    body: () => Effect.orDie(call),
    step: () => void count++
  })
  await runtime.runPromise(
    Effect.all(Array.from({ length: concurrency }, () => worker), { concurrency: "unbounded", discard: true })
  )
  return count
}

/** The same with async loops, for the promise-based clients. */
const countPromise = async (call: () => Promise<unknown>, concurrency: number, millis: number): Promise<number> => {
  let count = 0
  const deadline = performance.now() + millis
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) {
      await call()
      count++
    }
  }))
  return count
}

export const contenders = [
  "library",
  "platform",
  "fetch",
  "undici",
  "flow",
  "platformFlow",
  "wallet",
  "walletRedis"
] as const
export type Contender = typeof contenders[number]

export interface LoopbackResult {
  /** Requests per second, one value per round (in round order: see {@link paired}). */
  readonly throughput: Stats
  /** Client CPU (user + system, `process.cpuUsage()`) over the round divided by the calls completed, in µs. */
  readonly cpuPerCall: Stats
}

export type LoopbackResults = Record<Contender, LoopbackResult>

/** Fails the run unless the wallet created one session: else its calls measured Create Sessions too. */
const reusedOneSession = (name: Contender, wallet: WalletCall) => {
  if (wallet.created() !== 1) {
    throw new Error(`the ${name} contender created ${wallet.created()} sessions: its calls did not reuse the first one`)
  }
}

/**
 * Every contender, `rounds` times, in an order rotated each round; the layers (and so the connection pools) are
 * built once and kept warm: the library, its flow call and the wallet share one client, the bare calls one layer.
 * One warm-up round first (JIT, connections, the wallet's session), not counted. A full GC before each round, so
 * one contender's garbage is not collected on another's time.
 */
export const loopback = async (server: Server, options: Options): Promise<LoopbackResults> => {
  const dispatcher = new Agent({ keepAliveTimeout: 60_000 })
  const library = ManagedRuntime.make(libraryLayer(server.url))
  const platform = ManagedRuntime.make(NodeHttpClient.layerUndici)
  const platformCallToServer = platformCall(server.url)
  const platformFlowCallToServer = platformFlowCall(server.url)
  const { concurrency } = options
  // A real redis-server on a free loopback port, and the Redis store over it, for the life of the run.
  const redis = ManagedRuntime.make(
    Layer.unwrapScoped(
      Effect.map(Effect.orDie(startRedis()), (server) => RedisSessionStore.layer({ url: server.url }).pipe(Layer.orDie))
    )
  )
  try {
    const wallet = await library.runPromise(Effect.provide(makeWallet, SessionStore.layerMemory))
    const redisStore = await redis.runPromise(SessionStore.SessionStore)
    const walletRedis = await library.runPromise(
      Effect.provideService(makeWallet, SessionStore.SessionStore, redisStore)
    )
    const runs: Record<Contender, (millis: number) => Promise<number>> = {
      library: (millis) => countEffect(library, libraryCall, concurrency, millis),
      platform: (millis) => countEffect(platform, platformCallToServer, concurrency, millis),
      fetch: (millis) => countPromise(fetchCall(server.url), concurrency, millis),
      undici: (millis) => countPromise(undiciCall(server.url, dispatcher), concurrency, millis),
      flow: (millis) => countEffect(library, flowCall, concurrency, millis),
      platformFlow: (millis) => countEffect(platform, platformFlowCallToServer, concurrency, millis),
      wallet: (millis) => countEffect(library, wallet.call, concurrency, millis),
      walletRedis: (millis) => countEffect(library, walletRedis.call, concurrency, millis)
    }
    const rps = Object.fromEntries(contenders.map((name) => [name, [] as Array<number>])) as Record<
      Contender,
      Array<number>
    >
    const cpu = Object.fromEntries(contenders.map((name) => [name, [] as Array<number>])) as Record<
      Contender,
      Array<number>
    >
    for (const name of contenders) await runs[name](Math.min(1_000, options.roundMillis))
    for (let round = 0; round < options.rounds; round++) {
      for (let i = 0; i < contenders.length; i++) {
        const name = contenders[(round + i) % contenders.length]!
        gc()
        const cpuBefore = process.cpuUsage()
        const started = performance.now()
        const calls = await runs[name](options.roundMillis)
        const elapsed = performance.now() - started
        const used = process.cpuUsage(cpuBefore)
        rps[name].push(calls / (elapsed / 1000))
        cpu[name].push((used.user + used.system) / calls)
      }
    }
    reusedOneSession("wallet", wallet)
    reusedOneSession("walletRedis", walletRedis)
    return Object.fromEntries(
      contenders.map((name) => [name, { throughput: stats(rps[name]), cpuPerCall: stats(cpu[name]) }])
    ) as LoopbackResults
  } finally {
    await library.dispose()
    await platform.dispose()
    await redis.dispose()
    await dispatcher.close()
  }
}

interface Spawned {
  /** Milliseconds from spawning `node file url` to its `session …` line (the parent's clock). */
  readonly firstSession: number
  /** The child's own clock: when its bundled modules were all evaluated, and when the session was in. */
  readonly loaded: number
  readonly done: number
}

/** Spawns one program, with an empty environment (no NODE_OPTIONS or tsx from this process). */
const spawnOnce = (file: string, url: string) =>
  new Promise<Spawned>((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [file, url], { stdio: ["ignore", "pipe", "inherit"], env: {} })
    let elapsed: number | undefined
    let output = ""
    child.stdout.setEncoding("utf8")
    child.stdout.on("data", (chunk: string) => {
      output += chunk
      if (elapsed === undefined && output.includes("\n")) elapsed = performance.now() - started
    })
    child.once("error", reject)
    child.once("exit", (code) => {
      const [word, , loaded, done] = output.trim().split(" ")
      if (code === 0 && elapsed !== undefined && word === "session") {
        resolve({ firstSession: elapsed, loaded: Number(loaded), done: Number(done) })
      } else reject(new Error(`${file} exited with ${code}: ${output}`))
    })
  })

export interface StartupTimes {
  /** Milliseconds from spawn to the first session, one value per spawn. */
  readonly firstSession: Stats
  /** The child's clock: all modules evaluated, and the session in. */
  readonly loaded: Stats
  readonly done: Stats
}

export interface StartupResult {
  readonly library: StartupTimes
  readonly bare: StartupTimes
  /** Minified, gzipped bundle sizes in bytes. */
  readonly weight: { readonly library: number; readonly bare: number; readonly bareSchema: number }
}

/**
 * Bundles the two programs with esbuild (the same bundles are weighed), then spawns them alternately, starting with
 * a different one each pair, after one unmeasured spawn of each (disk cache; not in a smoke run).
 */
export const startup = async (server: Server, options: Options): Promise<StartupResult> => {
  const dir = mkdtempSync(join(tmpdir(), "paywall-programs-"))
  try {
    const [library, bare, bareSchema] = await Promise.all([
      build(dir, "library", librarySource),
      build(dir, "bare", bareProgram),
      build(dir, "bare-schema", bareSchemaProgram)
    ])
    if (options.spawns > 1) {
      await spawnOnce(library.file, server.url)
      await spawnOnce(bare.file, server.url)
    }
    const times = { library: [] as Array<Spawned>, bare: [] as Array<Spawned> }
    for (let i = 0; i < options.spawns; i++) {
      const order = i % 2 === 0 ? (["library", "bare"] as const) : (["bare", "library"] as const)
      for (const name of order) {
        times[name].push(await spawnOnce(name === "library" ? library.file : bare.file, server.url))
      }
    }
    const summary = (spawned: ReadonlyArray<Spawned>): StartupTimes => ({
      firstSession: stats(spawned.map((one) => one.firstSession)),
      loaded: stats(spawned.map((one) => one.loaded)),
      done: stats(spawned.map((one) => one.done))
    })
    return {
      library: summary(times.library),
      bare: summary(times.bare),
      weight: { library: library.gzipBytes, bare: bare.gzipBytes, bareSchema: bareSchema.gzipBytes }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** An HttpClient that answers as the stand-in server does, in memory, with the headers a server sends. */
const memoryClient = Layer.succeed(
  HttpClient.HttpClient,
  HttpClient.make((request) =>
    Effect.sync(() => {
      const route = routes[`${request.method} ${new URL(request.url).pathname}`]
      const response =
        route === undefined || (route.header !== undefined && request.headers[route.header] === undefined)
          ? new Response(null, { status: 404 })
          : new Response(route.body, {
            status: 200,
            headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(route.body)) }
          })
      return HttpClientResponse.fromWeb(request, response)
    })
  )
)

const inMemoryLibrary = MasterpassClient.layer.pipe(
  Layer.provide([
    PaywallConfig.layer(),
    PaywallCredentials.layer({
      apiKeyPrivate: Redacted.make("bench-key"),
      apiClientPrivate: Redacted.make("bench-client")
    }),
    memoryClient
  ]),
  Layer.orDie
)

/** CPU µs (`process.cpuUsage()`) per call of `calls` sequential calls, after as many for warm-up. */
const cpuPerCallInMemory = <R>(call: Effect.Effect<unknown, unknown, R>, layer: Layer.Layer<R>, calls: number) => {
  const run = Effect.forEach(Array.from({ length: calls }), () => call, { discard: true })
  return Effect.runPromise(
    Effect.gen(function*() {
      yield* run
      gc()
      const before = process.cpuUsage()
      yield* run
      const used = process.cpuUsage(before)
      return (used.user + used.system) / calls
    }).pipe(Effect.orDie, Effect.provide(layer))
  )
}

/** The same for the wallet's call, on the in-memory client and store (checked to have created one session). */
const walletCpuPerCallInMemory = async (calls: number) => {
  const library = ManagedRuntime.make(inMemoryLibrary)
  try {
    const wallet = await library.runPromise(Effect.provide(makeWallet, SessionStore.layerMemory))
    const cpuPerCall = await cpuPerCallInMemory(wallet.call, Layer.empty, calls)
    reusedOneSession("wallet", wallet)
    return cpuPerCall
  } finally {
    await library.dispose()
  }
}

export interface MemoryResult {
  /** Heap used (after full GCs) after the warm-up calls, and after `memoryCalls` more; `undefined` without --expose-gc. */
  readonly heap: { readonly before: number; readonly after: number } | undefined
  /** CPU µs per call against the in-memory `HttpClient` (information). */
  readonly cpuPerCall: {
    readonly library: number
    readonly platform: number
    readonly flow: number
    readonly platformFlow: number
    readonly wallet: number
  }
}

export const memory = async (options: Options): Promise<MemoryResult> => {
  const cpuCalls = options.inMemoryCpuCalls
  const cpuPerCall = {
    library: await cpuPerCallInMemory(libraryCall, inMemoryLibrary, cpuCalls),
    platform: await cpuPerCallInMemory(platformCall("http://127.0.0.1"), memoryClient, cpuCalls),
    flow: await cpuPerCallInMemory(flowCall, inMemoryLibrary, cpuCalls),
    platformFlow: await cpuPerCallInMemory(platformFlowCall("http://127.0.0.1"), memoryClient, cpuCalls),
    wallet: await walletCpuPerCallInMemory(cpuCalls)
  }
  const collect = (globalThis as { gc?: () => void }).gc
  if (collect === undefined) return { heap: undefined, cpuPerCall }
  const heap = () => {
    collect()
    collect()
    return process.memoryUsage().heapUsed
  }
  const calls = (n: number) => Effect.forEach(Array.from({ length: n }), () => libraryCall, { discard: true })
  return Effect.runPromise(
    Effect.gen(function*() {
      yield* calls(options.memoryWarmUpCalls)
      const before = heap()
      yield* calls(options.memoryCalls)
      return { heap: { before, after: heap() }, cpuPerCall }
    }).pipe(Effect.orDie, Effect.provide(inMemoryLibrary))
  )
}

interface ProfileNode {
  readonly id: number
  readonly callFrame: {
    readonly functionName: string
    readonly url: string
    readonly lineNumber: number
  }
}
interface Profile {
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

export interface ProfileEntry {
  readonly name: string
  /** Share of the sampled non-idle time. */
  readonly share: number
}

export interface ProfileResult {
  readonly calls: number
  /** Sampled non-idle milliseconds. */
  readonly busyMillis: number
  readonly functions: ReadonlyArray<ProfileEntry>
  readonly packages: ReadonlyArray<ProfileEntry>
}

/** Which package a script belongs to, from its URL. */
const packageOf = (url: string, functionName: string): string => {
  if (url === "") return functionName.startsWith("(") ? functionName : "(native code and V8 builtins)"
  if (url.startsWith("node:")) return "node (internals)"
  if (url.startsWith("wasm://")) return "undici (llhttp, wasm)"
  if (url.includes("/test/bench/")) return "(the bench loop)"
  const workspace = url.match(/\/packages\/([^/]+)\/dist\//)
  if (workspace) return `@paywall-effect/${workspace[1]}`
  const modules = url.match(/.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//)
  if (modules) return modules[1]!
  return "(other)"
}

const shortUrl = (url: string) =>
  url.replace(/^file:\/\/.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?:dist\/(?:esm|cjs)\/)?/, "$1/")
    .replace(/^file:\/\/.*\/packages\/([^/]+)\/dist\//, "@paywall-effect/$1/")

/** Self time by function and by package, from a V8 CPU profile. */
export const summarise = (profile: Profile, calls: number, top: number): ProfileResult => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const self = new Map<number, number>()
  // The first and last samples hold the profiler's own start and stop.
  for (let i = 1; i < profile.samples.length - 1; i++) {
    const id = profile.samples[i]!
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
  }
  const functions = new Map<string, number>()
  const packages = new Map<string, number>()
  let busy = 0
  for (const [id, micros] of self) {
    const { functionName, lineNumber, url } = byId.get(id)!.callFrame
    if (functionName === "(idle)") continue
    busy += micros
    const name = url === ""
      ? functionName
      : `${functionName || "(anonymous)"} ${shortUrl(url)}:${lineNumber + 1}`
    functions.set(name, (functions.get(name) ?? 0) + micros)
    const pkg = packageOf(url, functionName)
    packages.set(pkg, (packages.get(pkg) ?? 0) + micros)
  }
  const ranked = (map: Map<string, number>) =>
    [...map].sort((a, b) => b[1] - a[1]).map(([name, micros]) => ({ name, share: micros / busy }))
  return { calls, busyMillis: busy / 1000, functions: ranked(functions).slice(0, top), packages: ranked(packages) }
}

/** Profiles the library's loop in a child process (loop.ts, the library from the packages' dist) against the server. */
export const profile = async (server: Server, options: Options): Promise<ProfileResult> => {
  const dir = mkdtempSync(join(tmpdir(), "paywall-profile-"))
  const file = join(dir, "library.cpuprofile")
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [
      "--import",
      "tsx",
      fileURLToPath(new URL("loop.ts", import.meta.url)),
      server.url,
      String(Math.min(1_000, options.profileMillis)),
      String(options.profileMillis),
      String(options.concurrency),
      file
    ])
    const { calls } = JSON.parse(stdout) as { calls: number }
    return summarise(JSON.parse(readFileSync(file, "utf8")) as Profile, calls, 15)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
