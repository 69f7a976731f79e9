import type { Scope } from "effect"
import { Context, Data, Effect, Layer, Redacted, Schedule } from "effect"
import { Redis } from "ioredis"
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { closedPort } from "./loopback.js"

/**
 * A real `redis-server` on 127.0.0.1 for the tests: started on a free port in a temporary
 * directory, without persistence, and killed (its directory removed) when the scope closes.
 */
export interface RedisServer {
  readonly port: number
  /** `redis://127.0.0.1:<port>`. */
  readonly url: Redacted.Redacted<string>
  /** A plain client for the test's own looks at the keys (closed with the scope). */
  readonly client: Redis
  /** Kills the server now (to test a Redis that went down); the scope's end then does nothing more. */
  readonly stop: Effect.Effect<void>
}

export class RedisServerError extends Data.TaggedError("RedisServerError")<{ readonly message: string }> {}

/** A port on 127.0.0.1 that nothing listens on (`closedPort`'s URL is `http://127.0.0.1:<port>`). */
export const freePort = Effect.map(closedPort, (url) => Number(new URL(url).port))

const exited = (child: ChildProcess) =>
  Effect.async<void>((resume) => {
    if (child.exitCode !== null || child.signalCode !== null) return resume(Effect.void)
    child.once("exit", () => resume(Effect.void))
  })

/** Starts `redis-server` on `port` (default: a free one) for the life of the scope. */
export const startRedis = (
  port?: number
): Effect.Effect<RedisServer, RedisServerError, Scope.Scope> =>
  Effect.gen(function*() {
    const chosen = port ?? (yield* freePort)
    const dir = yield* Effect.acquireRelease(
      Effect.sync(() => mkdtempSync(join(tmpdir(), "paywall-effect-redis-"))),
      (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
    )
    let output = ""
    const child = yield* Effect.acquireRelease(
      Effect.async<ChildProcess, RedisServerError>((resume) => {
        const child = spawn(
          "redis-server",
          ["--port", String(chosen), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
          { stdio: ["ignore", "pipe", "pipe"] }
        )
        child.stdout?.on("data", (chunk) => output += chunk)
        child.stderr?.on("data", (chunk) => output += chunk)
        child.once("error", (error: NodeJS.ErrnoException) =>
          resume(Effect.fail(
            new RedisServerError({
              message: error.code === "ENOENT"
                ? "redis-server is not installed: these tests need a real one (apt-get install redis-server; .ci/run installs it)"
                : `redis-server could not start: ${error.message}`
            })
          )))
        child.once("spawn", () => resume(Effect.succeed(child)))
      }),
      (child) => Effect.zipRight(Effect.sync(() => child.kill("SIGKILL")), exited(child))
    )
    const client = yield* Effect.acquireRelease(
      Effect.sync(() =>
        new Redis({
          port: chosen,
          host: "127.0.0.1",
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => 50
        })
      ),
      (client) => Effect.sync(() => client.disconnect())
    )
    client.on("error", () => undefined)
    // Ready when it answers PING; a server that exits first (port taken, bad flag) says why.
    yield* Effect.tryPromise(() => client.ping()).pipe(
      Effect.filterOrFail((reply) => reply === "PONG"),
      Effect.retry(Schedule.spaced("20 millis").pipe(Schedule.upTo("10 seconds"))),
      Effect.mapError(() =>
        new RedisServerError({
          message: `redis-server on port ${chosen} did not answer PING (exit code ${child.exitCode}): ${output}`
        })
      )
    )
    return {
      port: chosen,
      url: Redacted.make(`redis://127.0.0.1:${chosen}`),
      client,
      stop: Effect.zipRight(Effect.sync(() => child.kill("SIGKILL")), exited(child))
    }
  })

/** The server as a service, so that one server serves every test of a file (`layer(RedisServer.layer)`). */
export class RedisServerTag extends Context.Tag("test/redis/RedisServer")<RedisServerTag, RedisServer>() {}

export const layer = Layer.scoped(RedisServerTag, Effect.orDie(startRedis()))

/** Every key the server holds (found with SCAN) with its value: all of them are strings here. */
export const dump = (client: Redis) =>
  Effect.promise(async () => {
    const keys: Array<string> = []
    let cursor = "0"
    do {
      const [next, found] = await client.scan(cursor, "COUNT", 100)
      keys.push(...found)
      cursor = next
    } while (cursor !== "0")
    return Object.fromEntries(await Promise.all(keys.map(async (key) => [key, await client.get(key)] as const)))
  })
