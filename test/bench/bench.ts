/**
 * The benchmarks of `pnpm bench`: throughput on loopback against raw clients, client-side
 * CPU per call, heap growth over many calls, and bundle weight. Each returns plain numbers.
 */
import { HttpClient, HttpClientResponse } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { MasterpassClient, PaywallConfig, PaywallCredentials } from "@paywall-effect/http"
import { Effect, Layer, Redacted } from "effect"
import * as esbuild from "esbuild"
import { fork } from "node:child_process"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"
import { Agent, fetchCall, libraryCall, libraryLayer, platformCall, sessionRequest, undiciCall } from "./clients.js"

export const docsSuccess = JSON.stringify(
  JSON.parse(readFileSync(new URL("../fixtures/docs-success.json", import.meta.url), "utf8"))
)

export interface Options {
  readonly rounds: number
  readonly roundMillis: number
  readonly concurrency: number
  readonly cpuCalls: number
  readonly memoryCalls: number
}

export interface Stats {
  readonly median: number
  readonly min: number
  readonly max: number
}

const stats = (values: ReadonlyArray<number>): Stats => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! }
}

/** Starts the stand-in server in its own process, so its work does not share our event loop. */
const startServer = () =>
  new Promise<{ readonly url: string; readonly stop: () => void }>((resolve) => {
    const child = fork(fileURLToPath(new URL("server.mjs", import.meta.url)), {
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    })
    child.once("message", (message) => {
      const { port } = message as { port: number }
      resolve({ url: `http://127.0.0.1:${port}`, stop: () => child.kill() })
    })
  })

/** `concurrency` in-fiber loops calling `call` until the deadline; the count of completed calls. */
const countEffect = async <R>(
  call: Effect.Effect<unknown, unknown, R>,
  layer: Layer.Layer<R>,
  concurrency: number,
  millis: number
): Promise<number> => {
  let count = 0
  const deadline = Date.now() + millis
  const worker = call.pipe(
    Effect.tap(() => void count++),
    Effect.orDie,
    Effect.repeat({ while: () => Date.now() < deadline })
  )
  await Effect.runPromise(
    Effect.all(Array.from({ length: concurrency }, () => worker), { concurrency: "unbounded", discard: true }).pipe(
      Effect.provide(layer)
    )
  )
  return count
}

/** The same with async loops, for the promise-based clients. */
const countPromise = async (call: () => Promise<unknown>, concurrency: number, millis: number): Promise<number> => {
  let count = 0
  const deadline = Date.now() + millis
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < deadline) {
      await call()
      count++
    }
  }))
  return count
}

export type ClientName = "library" | "platform" | "undici" | "fetch"

/** Requests per second of each client, round by round, in a rotating order so noise hits all alike. */
export const throughput = async (options: Options): Promise<Record<ClientName, Stats>> => {
  const server = await startServer()
  const dispatcher = new Agent({ keepAliveTimeout: 60_000 })
  const library = libraryLayer(server.url)
  const platform = NodeHttpClient.layerUndici
  const runs: Record<ClientName, () => Promise<number>> = {
    library: () => countEffect(libraryCall, library, options.concurrency, options.roundMillis),
    platform: () => countEffect(platformCall(server.url), platform, options.concurrency, options.roundMillis),
    undici: () => countPromise(undiciCall(server.url, dispatcher), options.concurrency, options.roundMillis),
    fetch: () => countPromise(fetchCall(server.url), options.concurrency, options.roundMillis)
  }
  const names = Object.keys(runs) as Array<ClientName>
  const results: Record<ClientName, Array<number>> = { library: [], platform: [], undici: [], fetch: [] }
  try {
    for (const name of names) await runs[name]() // warm-up: JIT, connections
    for (let round = 0; round < options.rounds; round++) {
      for (let i = 0; i < names.length; i++) {
        const name = names[(round + i) % names.length]!
        const count = await runs[name]()
        results[name].push(count / (options.roundMillis / 1000))
      }
    }
  } finally {
    await dispatcher.close()
    server.stop()
  }
  return {
    library: stats(results.library),
    platform: stats(results.platform),
    undici: stats(results.undici),
    fetch: stats(results.fetch)
  }
}

const sampleHeaders = { "content-type": "application/json", "content-length": String(Buffer.byteLength(docsSuccess)) }

/** An HttpClient that answers every request with the docs' sample, in memory, with the headers a server sends. */
const memoryClient = Layer.succeed(
  HttpClient.HttpClient,
  HttpClient.make((request) =>
    Effect.sync(() =>
      HttpClientResponse.fromWeb(request, new Response(docsSuccess, { status: 200, headers: sampleHeaders }))
    )
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

/** What the library does per call, written by hand: encode, parse, check, read the expiry. */
const handWritten = () => {
  const body = JSON.stringify({
    ReferenceCode: sessionRequest.referenceCode,
    UserId: sessionRequest.userId,
    UserPhone: sessionRequest.userPhone,
    PhoneVerifiedByMerchant: true
  })
  const answer = JSON.parse(docsSuccess) as {
    ErrorCode: unknown
    Result: unknown
    Body?: { SessionId?: unknown; SessionExpiryDate?: unknown }
  }
  if (body.length === 0 || answer.ErrorCode !== 0 || answer.Result !== true) throw new Error("unexpected")
  const id = answer.Body?.SessionId
  const expiry = answer.Body?.SessionExpiryDate
  if (typeof id !== "string" || typeof expiry !== "string") throw new Error("unexpected")
  return { id, expiresAt: new Date(`${expiry}+03:00`) }
}

/** Microseconds per call of `call`, `calls` times in a row, after as many for warm-up. */
const perCall = async <R>(call: Effect.Effect<unknown, unknown, R>, layer: Layer.Layer<R>, calls: number) => {
  const run = Effect.forEach(Array.from({ length: calls }), () => call, { discard: true }).pipe(Effect.provide(layer))
  await Effect.runPromise(run)
  const started = performance.now()
  await Effect.runPromise(run)
  return ((performance.now() - started) * 1000) / calls
}

/**
 * Microseconds per call against an in-memory HttpClient: the library, the bare platform call
 * (what the library is built on), and the hand-written baseline.
 */
export const cpu = async (
  options: Options
): Promise<{ readonly library: number; readonly platform: number; readonly handWritten: number }> => {
  const calls = options.cpuCalls
  const library = await perCall(libraryCall, inMemoryLibrary, calls)
  const platform = await perCall(platformCall("http://127.0.0.1"), memoryClient, calls)
  for (let i = 0; i < calls; i++) handWritten()
  const started = performance.now()
  for (let i = 0; i < calls; i++) handWritten()
  return { library, platform, handWritten: ((performance.now() - started) * 1000) / calls }
}

/** Heap used (after a full GC) after a warm-up, and after `memoryCalls` more calls; `undefined` without --expose-gc. */
export const memory = async (
  options: Options
): Promise<{ readonly before: number; readonly after: number } | undefined> => {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) return undefined
  const heap = () => {
    gc()
    gc()
    return process.memoryUsage().heapUsed
  }
  const calls = (n: number) => Effect.forEach(Array.from({ length: n }), () => libraryCall, { discard: true })
  return Effect.runPromise(
    Effect.gen(function*() {
      yield* calls(10_000)
      const before = heap()
      yield* calls(options.memoryCalls)
      return { before, after: heap() }
    }).pipe(Effect.provide(inMemoryLibrary))
  )
}

const bundleSize = async (source: string): Promise<number> => {
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir: fileURLToPath(new URL(".", import.meta.url)), loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    write: false,
    logLevel: "silent"
  })
  return gzipSync(result.outputFiles[0]!.contents).length
}

/** Gzipped, minified sizes of a minimal program using createSession, and of one using HttpClient alone. */
export const weight = async (): Promise<
  { readonly library: number; readonly platform: number; readonly platformWithSchema: number }
> => {
  const library = await bundleSize(`
    import { FetchHttpClient } from "@effect/platform"
    import { CreateSessionRequest } from "@paywall-effect/domain"
    import { MasterpassClient, PaywallConfig, PaywallCredentials } from "@paywall-effect/http"
    import { Effect, Layer, Redacted } from "effect"
    const program = Effect.flatMap(MasterpassClient.MasterpassClient, (client) =>
      client.createSession(new CreateSessionRequest.CreateSessionRequest({ referenceCode: "r", userId: "u", userPhone: "905123456710" })))
    Effect.runPromise(program.pipe(Effect.provide(MasterpassClient.layer.pipe(Layer.provide([
      PaywallConfig.layer(),
      PaywallCredentials.layer({ apiKeyPrivate: Redacted.make("k"), apiClientPrivate: Redacted.make("c") }),
      FetchHttpClient.layer
    ])))))
  `)
  const platformProgram = (decode: string) => `
    import { FetchHttpClient, HttpClient, HttpClientRequest } from "@effect/platform"
    import { Effect, Schema } from "effect"
    const program = Effect.flatMap(HttpClient.HttpClient, (client) =>
      client.execute(HttpClientRequest.post("https://test-payment-api.itspaywall.com/api/paywall/masterpass/session").pipe(
        HttpClientRequest.setHeaders({ apikeyprivate: "k", apiclientprivate: "c" }),
        HttpClientRequest.bodyUnsafeJson({ ReferenceCode: "r", UserId: "u", UserPhone: "905123456710" })
      )).pipe(Effect.flatMap((response) => response.json), Effect.flatMap(${decode})))
    Effect.runPromise(program.pipe(Effect.provide(FetchHttpClient.layer)))
  `
  return {
    library,
    platform: await bundleSize(platformProgram("Effect.succeed")),
    // The same, decoding the answer with a Schema: what an app that already uses Schema pays anyway.
    platformWithSchema: await bundleSize(
      platformProgram(
        "Schema.decodeUnknown(Schema.Struct({ ErrorCode: Schema.Number, Result: Schema.Boolean, Body: Schema.Unknown }))"
      )
    )
  }
}
