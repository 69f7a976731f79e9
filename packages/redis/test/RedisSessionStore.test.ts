import { describe, expect, it, layer } from "@effect/vitest"
import { MasterpassSession } from "@paywall-effect/domain"
import { SessionStore } from "@paywall-effect/http"
import { RedisSessionStore } from "@paywall-effect/redis"
import {
  Cause,
  ConfigProvider,
  DateTime,
  Deferred,
  Effect,
  Exit,
  Fiber,
  Layer,
  Option,
  Redacted,
  Ref,
  Schedule
} from "effect"
import { Redis } from "ioredis"
import { randomUUID } from "node:crypto"
import { inspect } from "node:util"
import { eventually } from "../../../test/loopback.js"
import * as RedisServer from "../../../test/redis-server.js"

const sessionId = (id: string) => MasterpassSession.AnswerSessionId.make(id)
const stored = (id: string, expiresAt: DateTime.Utc) =>
  SessionStore.StoredSession.make({ sessionId: sessionId(id), expiresAt })
const inAnHour = Effect.map(DateTime.now, (now) => DateTime.add(now, { hours: 1 }))

/** A key prefix of its own for each test, so the tests of a file share one server and nothing else. */
const prefix = () => `test-${randomUUID()}:`

/** A store with its own connection to the file's server. */
const storeOn = (server: RedisServer.RedisServer, settings: RedisSessionStore.Settings) =>
  RedisSessionStore.make({ url: server.url, ...settings })

const server = RedisServer.RedisServerTag

/** The failure of `self`, which must fail (not die, not be interrupted). */
const failure = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.exit(self), (exit) => {
    expect(Exit.isFailure(exit) && Cause.isFailType(exit.cause)).toBe(true)
    return Exit.isFailure(exit) ? Option.getOrThrow(Cause.failureOption(exit.cause)) : undefined
  })

layer(RedisServer.layer, { excludeTestServices: true })("RedisSessionStore against redis-server", (it) => {
  it.scoped("get, compare-and-set and delete: set when absent, replace only the expected id, remove", () =>
    Effect.gen(function*() {
      const store = yield* storeOn(yield* server, { keyPrefix: prefix() })
      const later = yield* inAnHour
      const first = stored("11111111-1111-1111-1111-111111111111", later)
      const second = stored("22222222-2222-2222-2222-222222222222", DateTime.add(later, { minutes: 5 }))

      expect(yield* store.get("user")).toStrictEqual(Option.none())
      expect(yield* store.compareAndSet("user", Option.none(), Option.some(first))).toBe(true)
      expect(yield* store.get("user")).toStrictEqual(Option.some(first))
      // Something is stored now: "expected nothing" and a wrong id both lose, and change nothing.
      expect(yield* store.compareAndSet("user", Option.none(), Option.some(second))).toBe(false)
      expect(yield* store.compareAndSet("user", Option.some(second.sessionId), Option.some(second))).toBe(false)
      expect(yield* store.get("user")).toStrictEqual(Option.some(first))
      // The expected id wins: replace, then remove.
      expect(yield* store.compareAndSet("user", Option.some(first.sessionId), Option.some(second))).toBe(true)
      expect(yield* store.get("user")).toStrictEqual(Option.some(second))
      expect(yield* store.compareAndSet("user", Option.some(first.sessionId), Option.none())).toBe(false)
      expect(yield* store.compareAndSet("user", Option.some(second.sessionId), Option.none())).toBe(true)
      expect(yield* store.get("user")).toStrictEqual(Option.none())
      // Users are apart; delete removes whatever is stored, and is fine with nothing.
      yield* store.compareAndSet("user", Option.none(), Option.some(first))
      yield* store.compareAndSet("other", Option.none(), Option.some(second))
      yield* store.delete("user")
      yield* store.delete("user")
      expect(yield* store.get("user")).toStrictEqual(Option.none())
      expect(yield* store.get("other")).toStrictEqual(Option.some(second))
    }))

  it.scoped("compare-and-set is lost to another writer, on another connection; of 20 racing writers one wins", () =>
    Effect.gen(function*() {
      const redis = yield* server
      const keyPrefix = prefix()
      const [a, b] = [yield* storeOn(redis, { keyPrefix }), yield* storeOn(redis, { keyPrefix })]
      const later = yield* inAnHour
      const first = stored("11111111-1111-1111-1111-111111111111", later)
      yield* a.compareAndSet("user", Option.none(), Option.some(first))
      // Both read the first session; a renews it first, b's renewal of the same session then loses.
      const seenByB = yield* b.get("user")
      expect(yield* a.compareAndSet("user", Option.some(first.sessionId), Option.some(stored("a", later)))).toBe(true)
      expect(
        yield* b.compareAndSet("user", Option.map(seenByB, (s) => s.sessionId), Option.some(stored("b", later)))
      ).toBe(false)
      expect(Option.map(yield* b.get("user"), (s) => s.sessionId)).toStrictEqual(Option.some("a"))

      const results = yield* Effect.all(
        Array.from(
          { length: 20 },
          (_, i) =>
            (i % 2 === 0 ? a : b).compareAndSet("race", Option.none(), Option.some(stored(`writer-${i}`, later)))
        ),
        { concurrency: "unbounded" }
      )
      expect(results.filter(Boolean)).toHaveLength(1)
      const winner = results.indexOf(true)
      expect(Option.map(yield* a.get("race"), (s) => s.sessionId)).toStrictEqual(Option.some(`writer-${winner}`))
    }))

  it.scoped("an entry expires with its session (Redis's clock); an expired session is not stored", () =>
    Effect.gen(function*() {
      const redis = yield* server
      const keyPrefix = prefix()
      const store = yield* storeOn(redis, { keyPrefix })
      const now = yield* DateTime.now
      yield* store.compareAndSet("hour", Option.none(), Option.some(stored("h", DateTime.add(now, { hours: 1 }))))
      const ttl = yield* Effect.promise(() => redis.client.pttl(`${keyPrefix}session:hour`))
      expect(ttl).toBeGreaterThan(0)
      expect(ttl).toBeLessThanOrEqual(3_600_000)

      yield* store.compareAndSet("short", Option.none(), Option.some(stored("s", DateTime.add(now, { seconds: 1 }))))
      yield* Effect.sleep("1500 millis")
      expect(yield* store.get("short")).toStrictEqual(Option.none())
      expect(yield* Effect.promise(() => redis.client.exists(`${keyPrefix}session:short`))).toBe(0)

      expect(
        yield* store.compareAndSet(
          "past",
          Option.none(),
          Option.some(stored("p", DateTime.subtract(now, { seconds: 1 })))
        )
      ).toBe(true)
      expect(yield* store.get("past")).toStrictEqual(Option.none())
      expect(yield* Effect.promise(() => redis.client.exists(`${keyPrefix}session:past`))).toBe(0)
    }))

  it.scoped("an unreadable entry is a typed error that does not show it; delete still removes it", () =>
    Effect.gen(function*() {
      const redis = yield* server
      const keyPrefix = prefix()
      const store = yield* storeOn(redis, { keyPrefix })
      const later = yield* inAnHour
      for (const junk of ["not json 905123456710", "{\"sessionId\":5}", "[]", "{\"sessionId\":\"x\"}"]) {
        yield* Effect.promise(() => redis.client.set(`${keyPrefix}session:user`, junk))
        const read = yield* failure(store.get("user"))
        expect(read).toMatchObject({ _tag: "SessionStoreError", operation: "get" })
        expect(inspect(read)).not.toContain("905123456710")
        if (junk !== "{\"sessionId\":\"x\"}") {
          // The script reads the id only: an entry with an id but no expiry is readable there.
          const written = yield* failure(store.compareAndSet("user", Option.none(), Option.some(stored("a", later))))
          expect(written).toMatchObject({
            _tag: "SessionStoreError",
            operation: "compareAndSet",
            description: "the stored entry is not a session (a session id and an expiry, as JSON)"
          })
        }
      }
      yield* store.delete("user")
      expect(yield* store.get("user")).toStrictEqual(Option.none())
    }))

  it.scoped("the lock: one holder at a time across two connections, the next one in once it is released", () =>
    Effect.gen(function*() {
      const redis = yield* server
      const keyPrefix = prefix()
      const [a, b] = [yield* storeOn(redis, { keyPrefix }), yield* storeOn(redis, { keyPrefix })]
      const log = yield* Ref.make<ReadonlyArray<string>>([])
      const note = (line: string) => Ref.update(log, (lines) => [...lines, line])
      const bTried = yield* Deferred.make<void>()
      const aHolds = yield* Deferred.make<void>()
      const holderA = yield* Effect.fork(
        a.withLock("user")(
          Effect.gen(function*() {
            yield* note("a in")
            yield* Deferred.succeed(aHolds, undefined)
            // b has found the lock taken at least once, while a holds it.
            yield* Deferred.await(bTried)
            yield* note("a out")
          })
        )
      )
      yield* Deferred.await(aHolds)
      const waiting = Schedule.spaced("5 millis").pipe(Schedule.tapInput(() => Deferred.succeed(bTried, undefined)))
      const bStore = yield* storeOn(redis, { keyPrefix, lockRetry: waiting })
      yield* bStore.withLock("user")(Effect.zipRight(note("b in"), note("b out")))
      yield* Fiber.join(holderA)
      expect(yield* Ref.get(log)).toStrictEqual(["a in", "a out", "b in", "b out"])
      // And b's store took it at once afterwards (nothing left behind).
      yield* b.withLock("user")(note("b again"))
      expect(yield* Effect.promise(() => redis.client.exists(`${keyPrefix}lock:user`))).toBe(0)
    }))

  it.scoped("the lock is released when the work fails, dies or is interrupted; an interrupted waiter takes nothing", () =>
    Effect.gen(function*() {
      const redis = yield* server
      const keyPrefix = prefix()
      const store = yield* storeOn(redis, { keyPrefix })
      const lockKey = `${keyPrefix}lock:user`
      const held = Effect.promise(() => redis.client.exists(lockKey))
      // No retries: each of these must find the lock free at once.
      const once = yield* storeOn(redis, { keyPrefix, lockMaxWait: 0 })

      expect(yield* Effect.flip(store.withLock("user")(Effect.fail("boom" as const)))).toBe("boom")
      expect(yield* held).toBe(0)
      yield* once.withLock("user")(Effect.void)

      const died = yield* Effect.exit(store.withLock("user")(Effect.die("bug")))
      expect(Exit.isFailure(died) && Cause.isDie(died.cause)).toBe(true)
      expect(yield* held).toBe(0)

      const started = yield* Deferred.make<void>()
      const holder = yield* Effect.fork(
        store.withLock("user")(Effect.zipRight(Deferred.succeed(started, undefined), Effect.never))
      )
      yield* Deferred.await(started)
      expect(yield* held).toBe(1)
      // A waiter interrupted while it waits (it found the lock taken) leaves the holder's lock alone.
      const tried = yield* Deferred.make<void>()
      const waiting = yield* storeOn(redis, {
        keyPrefix,
        lockRetry: Schedule.spaced("5 millis").pipe(Schedule.tapInput(() => Deferred.succeed(tried, undefined)))
      })
      const waiter = yield* Effect.fork(waiting.withLock("user")(Effect.void))
      yield* Deferred.await(tried)
      yield* Fiber.interrupt(waiter)
      expect(yield* held).toBe(1)
      yield* Fiber.interrupt(holder)
      expect(yield* held).toBe(0)
      yield* once.withLock("user")(Effect.void)
    }))

  it.scoped("a lock held past lockMaxWait fails with a typed error and the work does not run", () =>
    Effect.gen(function*() {
      const redis = yield* server
      const keyPrefix = prefix()
      yield* Effect.promise(() => redis.client.set(`${keyPrefix}lock:user`, "another-instance", "PX", 60_000))
      const store = yield* storeOn(redis, { keyPrefix, lockMaxWait: "200 millis" })
      const ran = yield* Ref.make(false)
      const error = yield* failure(store.withLock("user")(Ref.set(ran, true)))
      expect(error).toMatchObject({
        _tag: "SessionStoreError",
        operation: "lock",
        description: "another holder kept the user's lock for more than 200ms"
      })
      expect(yield* Ref.get(ran)).toBe(false)
      // The other holder's lock is untouched.
      expect(yield* Effect.promise(() => redis.client.get(`${keyPrefix}lock:user`))).toBe("another-instance")
    }))

  it.scoped("a holder that died leaves a lock its lease ends: the waiter gets in", () =>
    Effect.gen(function*() {
      const redis = yield* server
      const keyPrefix = prefix()
      yield* Effect.promise(() => redis.client.set(`${keyPrefix}lock:user`, "crashed-instance", "PX", 300))
      const store = yield* storeOn(redis, { keyPrefix, lockMaxWait: "10 seconds" })
      expect(yield* store.withLock("user")(Effect.succeed("in"))).toBe("in")
    }))

  it.scoped("on the app's own client: works, and the client stays open after the scope", () =>
    Effect.gen(function*() {
      const redis = yield* server
      const client = new Redis(Redacted.value(redis.url), { enableOfflineQueue: true })
      yield* Effect.addFinalizer(() => Effect.sync(() => client.disconnect()))
      const later = yield* inAnHour
      yield* Effect.scoped(Effect.gen(function*() {
        const store = yield* RedisSessionStore.fromClient(client, { keyPrefix: "app:" })
        yield* store.withLock("user")(store.compareAndSet("user", Option.none(), Option.some(stored("a", later))))
      }))
      expect(yield* Effect.promise(() => client.get("app:session:user"))).toContain("\"sessionId\":\"a\"")
    }))
})

describe("RedisSessionStore when Redis is down", () => {
  it.scopedLive("every operation fails with a SessionStoreError (no defect), never showing the URL's password", () =>
    Effect.gen(function*() {
      const port = yield* RedisServer.freePort
      const url = Redacted.make(`redis://paywall:s3cret-redis-pass@127.0.0.1:${port}/0`)
      const store = yield* RedisSessionStore.make({ url, lockMaxWait: "1 second" })
      const later = yield* inAnHour
      const errors = [
        yield* failure(store.get("user")),
        yield* failure(store.compareAndSet("user", Option.none(), Option.some(stored("a", later)))),
        yield* failure(store.delete("user")),
        yield* failure(store.withLock("user")(Effect.void))
      ]
      expect(errors.map((error) => error?._tag)).toStrictEqual(Array.from({ length: 4 }, () => "SessionStoreError"))
      expect(errors.map((error) => error?.operation)).toStrictEqual(["get", "compareAndSet", "delete", "lock"])
      for (const error of errors) {
        expect(error?.description).toMatch(/^not connected to Redis/)
        expect(inspect(error, { depth: 10 }) + JSON.stringify(error) + String(error?.message)).not.toContain(
          "s3cret-redis-pass"
        )
      }
    }))

  it.scopedLive("a server that goes away: typed errors; back on the same port: calls work again", () =>
    Effect.gen(function*() {
      const first = yield* RedisServer.startRedis()
      const store = yield* RedisSessionStore.make({ url: first.url, keyPrefix: prefix() })
      const later = yield* inAnHour
      yield* store.compareAndSet("user", Option.none(), Option.some(stored("a", later)))
      yield* first.stop
      const error = yield* failure(store.get("user"))
      expect(error).toMatchObject({ _tag: "SessionStoreError", operation: "get" })
      // A new, empty server on the same port: the client reconnects by itself.
      yield* RedisServer.startRedis(first.port)
      yield* eventually(Effect.either(store.get("user")), (result) => result._tag === "Right")
      expect(yield* store.get("user")).toStrictEqual(Option.none())
    }))
})

describe("RedisSessionStore.layerConfig", () => {
  const build = (env: Record<string, string>) =>
    Effect.scoped(Layer.build(RedisSessionStore.layerConfig())).pipe(
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
    )

  it.scopedLive("reads PAYWALL_REDIS_* and builds a working store", () =>
    Effect.gen(function*() {
      const redis = yield* RedisServer.startRedis()
      const keyPrefix = prefix()
      yield* Effect.flatMap(SessionStore.SessionStore, (store) =>
        store.withLock("user")(Effect.gen(function*() {
          const ttl = yield* Effect.promise(() => redis.client.pttl(`${keyPrefix}lock:user`))
          expect(ttl).toBeGreaterThan(0)
          expect(ttl).toBeLessThanOrEqual(3_000)
        }))).pipe(
          Effect.provide(RedisSessionStore.layerConfig()),
          Effect.withConfigProvider(ConfigProvider.fromMap(
            new Map([
              ["PAYWALL_REDIS_URL", Redacted.value(redis.url)],
              ["PAYWALL_REDIS_KEY_PREFIX", keyPrefix],
              ["PAYWALL_REDIS_LOCK_LEASE", "3 seconds"],
              ["PAYWALL_REDIS_LOCK_MAX_WAIT", "4 seconds"],
              ["PAYWALL_REDIS_COMMAND_TIMEOUT", "1 second"],
              ["PAYWALL_REDIS_CONNECT_TIMEOUT", "1 second"]
            ])
          ))
        )
    }))

  it.effect("names the variable that is missing or invalid, without its value", () =>
    Effect.gen(function*() {
      const missing = yield* Effect.flip(build({}))
      expect(String(missing)).toContain("PAYWALL_REDIS_URL")
      const scheme = yield* Effect.flip(build({ PAYWALL_REDIS_URL: "http://user:pw-in-url@127.0.0.1:1" }))
      expect(String(scheme)).toContain("PAYWALL_REDIS_URL must be a redis:// or rediss:// URL")
      expect(String(scheme)).not.toContain("pw-in-url")
      const lease = yield* Effect.flip(
        build({ PAYWALL_REDIS_URL: "redis://127.0.0.1:1", PAYWALL_REDIS_LOCK_LEASE: "0 seconds" })
      )
      expect(String(lease)).toContain("PAYWALL_REDIS_LOCK_LEASE must be a positive, finite duration")
    }))
})
