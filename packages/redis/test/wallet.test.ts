import { describe, expect, it } from "@effect/vitest"
import { PaywallSandbox } from "@paywall-effect/sandbox"
import { Data, Duration, Effect, Queue, Redacted } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"
import { sandboxEnvironment } from "../../../test/loopback.js"
import * as RedisServer from "../../../test/redis-server.js"

// Two instances of a merchant app, each its own Node process with the README's `WalletShared`,
// share one redis-server and one sandbox on 127.0.0.1.

const root = fileURLToPath(new URL("../../..", import.meta.url))
const childPath = fileURLToPath(new URL("walletChild.ts", import.meta.url))

class ChildError extends Data.TaggedError("ChildError")<{ readonly message: string }> {}

type Listed =
  | { readonly sessionId: string; readonly renewed: boolean; readonly cards: number }
  | { readonly error: string; readonly message: string }

/** A running `walletChild.ts`: send it a line, read its next JSON line (or fail with what it printed on stderr). */
const startChild = (env: NodeJS.ProcessEnv) =>
  Effect.gen(function*() {
    const lines = yield* Queue.unbounded<string>()
    let stderr = ""
    const child = yield* Effect.acquireRelease(
      Effect.sync(() => {
        const child = spawn(process.execPath, ["--import", "tsx", childPath], { cwd: root, env })
        createInterface({ input: child.stdout }).on("line", (line) => Queue.unsafeOffer(lines, line))
        child.stderr.on("data", (chunk) => stderr += chunk)
        return child
      }),
      (child: ChildProcess) =>
        Effect.async<void>((resume) => {
          if (child.exitCode !== null || child.signalCode !== null) return resume(Effect.void)
          child.once("exit", () => resume(Effect.void))
          child.kill("SIGKILL")
        })
    )
    const next = Queue.take(lines).pipe(
      Effect.timeoutFail({
        duration: Duration.minutes(2),
        onTimeout: () => new ChildError({ message: `no answer from the child (exit ${child.exitCode}): ${stderr}` })
      }),
      Effect.map((line): unknown => JSON.parse(line))
    )
    const send = (line: string) => Effect.sync(() => child.stdin?.write(`${line}\n`))
    expect(yield* next).toStrictEqual({ ready: true })
    return { next, send }
  })

describe("MasterpassWallet over RedisSessionStore, in two processes", { timeout: 300_000 }, () => {
  it.scopedLive(
    "50 concurrent calls for a new user: one Create Session; every later call, in either process, uses the renewed id",
    () =>
      Effect.gen(function*() {
        const redis = yield* RedisServer.startRedis()
        const userId = "shared-user"
        const userPhone = "905123456710"
        // Renewal on the 50th use: the concurrent phase ends with one, so that no call is in flight
        // with the old id when it is replaced (a renewal during concurrent calls refuses theirs).
        const sandbox = yield* PaywallSandbox.make({ accounts: [{ userId, cards: ["card-1"] }], renewEvery: 50 })
        const env = {
          ...sandboxEnvironment(sandbox),
          PAYWALL_REDIS_URL: Redacted.value(redis.url),
          PAYWALL_REDIS_KEY_PREFIX: "shop:",
          CHILD_USER_ID: userId,
          CHILD_USER_PHONE: userPhone,
          CHILD_CALLS: "25",
          // Far beyond any call, so that a loaded machine cannot add a retry (and a second Create Session).
          PAYWALL_MAX_RETRIES: "0",
          PAYWALL_ATTEMPT_TIMEOUT: "60 seconds",
          PAYWALL_DEADLINE: "60 seconds",
          PAYWALL_REDIS_LOCK_LEASE: "90 seconds",
          PAYWALL_REDIS_LOCK_MAX_WAIT: "90 seconds"
        }
        const [a, b] = yield* Effect.all([startChild(env), startChild(env)], { concurrency: "unbounded" })

        // Both start together, once both are ready.
        yield* Effect.all([a.send("go"), b.send("go")])
        const phase = (yield* Effect.all([a.next, b.next], { concurrency: "unbounded" })) as ReadonlyArray<
          { readonly results: ReadonlyArray<Listed>; readonly millis: number }
        >
        const results = phase.flatMap((answer) => answer.results)
        expect(results).toHaveLength(50)
        const sessions = yield* sandbox.sessions
        expect(sessions).toHaveLength(1)
        expect(sessions[0]!.request.userId).toBe(userId)
        const created = sessions[0]!.body.SessionId
        // 49 answers named the created session; the 50th use renewed it.
        const named = results.map((result) => "sessionId" in result ? result : undefined)
        expect(named.filter((result) => result?.sessionId === created && !result.renewed)).toHaveLength(49)
        const renewal = named.filter((result) => result?.renewed === true)
        expect(renewal).toHaveLength(1)
        const renewed = renewal[0]!.sessionId
        expect(renewed).not.toBe(created)
        expect(results.every((result) => "cards" in result && result.cards === 1)).toBe(true)

        // Sequential calls from both processes, starting with the one that did not see the renewal
        // (it reads it from Redis). The sandbox refuses the old id: a call with it would fail and
        // create a second session.
        const sawIt = phase[0]!.results.some((result) => "renewed" in result && result.renewed)
        const order = sawIt ? [b, a, b, a] : [a, b, a, b]
        for (const instance of order) {
          yield* instance.send("call")
          expect(yield* instance.next).toStrictEqual({ sessionId: renewed, renewed: false, cards: 1 })
        }
        expect(yield* sandbox.sessions).toHaveLength(1)
        // One Create Session and 54 card lists: no call was refused and tried again.
        expect(yield* sandbox.requests).toBe(55)

        // Redis holds the user's session (id and expiry only), no lock, and no phone anywhere.
        const entries = yield* RedisServer.dump(redis.client)
        expect(Object.keys(entries)).toStrictEqual([`shop:session:${userId}`])
        const entry = JSON.parse(entries[`shop:session:${userId}`]!)
        expect(Object.keys(entry).sort()).toStrictEqual(["expiresAt", "sessionId"])
        expect(entry.sessionId).toBe(renewed)
        for (const digits of [userPhone, userPhone.slice(2)]) {
          expect(JSON.stringify(entries)).not.toContain(digits)
        }
      })
  )
})
