// The library's loop that `pnpm bench` profiles, in a child process:
// `node --import tsx loop.ts <base URL> <warm-up ms> <ms> <calls in flight> <profile file>`. The library comes from
// the packages' dist (their exports), so the profile names each package; contender (a), its layer and its call,
// come from clients.ts, the one definition the loopback runs use too. V8's CPU profiler (the one behind
// `node --cpu-prof`) is started after the warm-up, so the profile holds the steady loop only, not loading or JIT.
import { Effect, ManagedRuntime } from "effect"
import { writeFileSync } from "node:fs"
import { Session } from "node:inspector/promises"
import { libraryCall, libraryLayer } from "./clients.js"

const [baseUrl = "", warmUp, millis, concurrency, profileFile = ""] = process.argv.slice(2)
const runtime = ManagedRuntime.make(libraryLayer(baseUrl))
const loop = (ms: number) => {
  const deadline = performance.now() + ms
  let calls = 0
  const worker = Effect.whileLoop({
    while: () => performance.now() < deadline,
    body: () => Effect.orDie(libraryCall),
    step: () => void calls++
  })
  return runtime.runPromise(
    Effect.all(Array.from({ length: Number(concurrency) }, () => worker), { concurrency: "unbounded", discard: true })
  ).then(() => calls)
}
await loop(Number(warmUp))
const session = new Session()
session.connect()
await session.post("Profiler.enable")
await session.post("Profiler.setSamplingInterval", { interval: 200 })
await session.post("Profiler.start")
const calls = await loop(Number(millis))
const { profile } = await session.post("Profiler.stop")
session.disconnect()
writeFileSync(profileFile, JSON.stringify(profile))
await runtime.dispose()
console.log(JSON.stringify({ calls }))
