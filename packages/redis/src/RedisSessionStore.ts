/**
 * A `SessionStore` in Redis, for merchant apps that run many instances: every instance finds the
 * user's Masterpass session where another stored it, and the per-user lock is a Redis lease, so
 * concurrent calls on different instances create one session between them.
 *
 * What it keeps: `<keyPrefix>session:<userId>` holds the `StoredSession` as JSON (the session id and
 * its expiry, nothing else: no phone, no credential) and expires with the session;
 * `<keyPrefix>lock:<userId>` holds a random token while an instance creates the user's session.
 * Every script touches one key. Needs Redis 6.2 or newer (`SET ... PXAT`).
 *
 * @since 0.4.0
 */
import { SessionStore } from "@paywall-effect/http"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Data from "effect/Data"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import { Redis } from "ioredis"
import { createHash, randomUUID } from "node:crypto"

/**
 * How the store names its keys and holds its locks. Every setting is optional.
 *
 * - `keyPrefix` (default `"paywall-effect:"`): put before `session:<userId>` and `lock:<userId>`.
 *   The default names the library that owns the keys; apps (or environments) that share a Redis
 *   and must not share sessions set their own.
 * - `lockLease` (default 35 seconds): how long a lock lives if its holder never releases it (a
 *   crashed instance). The wallet holds the lock while it makes one Create Session, which the
 *   client bounds by `PaywallConfig`'s `deadline` (default 30 seconds, retries included); the
 *   lease is that plus 5 seconds for the store's own round trips, so a slow but live holder keeps
 *   the lock and instances never create two sessions at once. Raise it with the deadline.
 * - `lockMaxWait` (default 40 seconds): how long a caller waits for another holder before it fails
 *   with a `SessionStoreError`. A little over the lease, so that a waiter outlasts a holder that
 *   died holding the lock and then takes it.
 * - `lockRetry` (default: 10 ms growing by half each time up to 100 ms, jittered): when a waiter
 *   tries again. A holder normally releases within one Create Session (tens to hundreds of
 *   milliseconds): a gentle growth finds the lock free soon after (at most about half the wait
 *   so far, or 100 ms, later), and the cap keeps a long wait to about ten tries a second per
 *   instance (only one call per user and instance waits: the others join its creation).
 *
 * @example
 * ```ts
 * import type { RedisSessionStore } from "@paywall-effect/redis"
 * import { Schedule } from "effect"
 *
 * const settings: RedisSessionStore.Settings = {
 *   keyPrefix: "shop-eu:paywall:",
 *   lockLease: "70 seconds",
 *   lockMaxWait: "75 seconds",
 *   lockRetry: Schedule.spaced("50 millis")
 * }
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export interface Settings {
  readonly keyPrefix?: string
  readonly lockLease?: Duration.DurationInput
  readonly lockMaxWait?: Duration.DurationInput
  readonly lockRetry?: Schedule.Schedule<unknown, unknown>
}

/**
 * The store's own Redis connection: its URL (`redis://` or `rediss://`, `Redacted` because it may
 * carry a password; never shown in errors or logs) and its timeouts, with the store's settings.
 *
 * - `commandTimeout` (default 2 seconds): the longest one Redis command may take. A healthy Redis
 *   answers these one-key commands in a millisecond; past this the call fails with a
 *   `SessionStoreError` instead of waiting on a stalled server.
 * - `connectTimeout` (default 5 seconds): the longest a connection attempt may take (an address
 *   that drops packets fails here instead of hanging).
 *
 * The client is set to fail fast when Redis is down: no offline queue (`enableOfflineQueue:
 * false`: a command sent while disconnected fails at once instead of waiting for a reconnection
 * that may never come), `maxRetriesPerRequest: 0` and no resending of commands in flight when a
 * connection drops (a compare-and-set or a lock sent twice could apply twice; such a command
 * fails instead, within `commandTimeout`). It keeps reconnecting in the background (ioredis'
 * default backoff, at most 2 seconds apart), so calls work again as soon as Redis is back.
 *
 * @example
 * ```ts
 * import type { RedisSessionStore } from "@paywall-effect/redis"
 * import { Redacted } from "effect"
 *
 * const options: RedisSessionStore.Options = {
 *   url: Redacted.make("redis://127.0.0.1:6379/0"),
 *   commandTimeout: "1 second",
 *   keyPrefix: "shop:paywall:"
 * }
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export interface Options extends Settings {
  readonly url: Redacted.Redacted<string>
  readonly commandTimeout?: Duration.DurationInput
  readonly connectTimeout?: Duration.DurationInput
}

/**
 * The environment variable of each setting read by {@link layerConfig}: `PAYWALL_REDIS_` and the
 * option's name in capitals. Only `PAYWALL_REDIS_URL` is required; durations read as Effect reads
 * them (`"35 seconds"`, `"500 millis"`).
 *
 * @example
 * ```ts
 * import { RedisSessionStore } from "@paywall-effect/redis"
 *
 * RedisSessionStore.variables.url // "PAYWALL_REDIS_URL"
 * ```
 *
 * @since 0.4.0
 * @category constants
 */
export const variables = {
  url: "PAYWALL_REDIS_URL",
  keyPrefix: "PAYWALL_REDIS_KEY_PREFIX",
  lockLease: "PAYWALL_REDIS_LOCK_LEASE",
  lockMaxWait: "PAYWALL_REDIS_LOCK_MAX_WAIT",
  commandTimeout: "PAYWALL_REDIS_COMMAND_TIMEOUT",
  connectTimeout: "PAYWALL_REDIS_CONNECT_TIMEOUT"
} as const

/** The settings with their defaults, checked. */
interface Resolved {
  readonly keyPrefix: string
  readonly lockLease: Duration.Duration
  readonly lockMaxWait: Duration.Duration
  readonly lockRetry: Schedule.Schedule<unknown, unknown>
  readonly commandTimeout: Duration.Duration
  readonly connectTimeout: Duration.Duration
}

type Name = keyof typeof variables

/** {@link Options} as the constructors read them: a setting left out or `undefined` takes its default. */
type Input = { readonly [K in keyof Options]?: Options[K] | undefined }

/** A duration option, checked: finite, and positive unless `zero` is allowed. */
const duration = (
  name: Name,
  label: (name: Name) => string,
  input: Duration.DurationInput | undefined,
  fallback: Duration.Duration,
  allowZero = false
): Either.Either<Duration.Duration, ConfigError.ConfigError> => {
  if (input === undefined) return Either.right(fallback)
  const valid = Option.filter(
    Duration.decodeUnknown(input),
    (decoded) =>
      Duration.isFinite(decoded)
      && (allowZero ? !Duration.lessThan(decoded, Duration.zero) : Duration.greaterThan(decoded, Duration.zero))
  )
  return Either.fromOption(valid, () =>
    ConfigError.InvalidData(
      [label(name)],
      `${label(name)} must be a ${allowZero ? "" : "positive, "}finite duration such as "10 seconds"`
    ))
}

const resolve = (
  options: Input,
  label: (name: Name) => string
): Either.Either<Resolved, ConfigError.ConfigError> => {
  const durations = {
    lockLease: duration("lockLease", label, options.lockLease, Duration.seconds(35)),
    lockMaxWait: duration("lockMaxWait", label, options.lockMaxWait, Duration.seconds(40), true),
    commandTimeout: duration("commandTimeout", label, options.commandTimeout, Duration.seconds(2)),
    connectTimeout: duration("connectTimeout", label, options.connectTimeout, Duration.seconds(5))
  }
  const invalid = Object.values(durations).flatMap((checked) => Either.isLeft(checked) ? [checked.left] : [])
  return Either.map(
    invalid.length > 0 ? Either.left(invalid.slice(1).reduce(ConfigError.And, invalid[0]!)) : Either.all(durations),
    (checked) => ({
      ...checked,
      keyPrefix: options.keyPrefix ?? "paywall-effect:",
      lockRetry: options.lockRetry ?? Schedule.exponential("10 millis", 1.5).pipe(
        Schedule.union(Schedule.spaced("100 millis")),
        Schedule.jittered
      )
    })
  )
}

/**
 * Compares the stored session's id with the expected one ("" for none) and, if they match,
 * stores the next entry until its expiry (Unix milliseconds; a time already past stores nothing)
 * or removes it (""). 1 when it wrote, 0 when the stored session is another's.
 */
const compareAndSetScript = `
local current = redis.call("GET", KEYS[1])
local id = ""
if current then
  local ok, stored = pcall(cjson.decode, current)
  if not ok or type(stored) ~= "table" or type(stored.sessionId) ~= "string" or stored.sessionId == "" then
    return redis.error_reply("UNREADABLE the stored entry is not a session")
  end
  id = stored.sessionId
end
if id ~= ARGV[1] then return 0 end
if ARGV[2] == "" then
  redis.call("DEL", KEYS[1])
else
  redis.call("SET", KEYS[1], ARGV[2], "PXAT", ARGV[3])
end
return 1
`

/** Deletes the lock only if it still holds this holder's token (its lease may have ended and another holds it). */
const releaseScript = `
if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("DEL", KEYS[1])
end
return 0
`

const SessionStoreError = SessionStore.SessionStoreError

/** A one-key Lua script, sent by its SHA1 and loaded again when Redis does not have it (after a restart). */
const script = (lua: string) => {
  const sha = createHash("sha1").update(lua).digest("hex")
  return (client: Redis, key: string, ...args: ReadonlyArray<string>): Promise<unknown> =>
    client.evalsha(sha, 1, key, ...args).catch((error: unknown) =>
      error instanceof Error && error.message.startsWith("NOSCRIPT")
        ? client.eval(lua, 1, key, ...args)
        : Promise.reject(error)
    )
}
const compareAndSet = script(compareAndSetScript)
const release = script(releaseScript)

const StoredJson = Schema.parseJson(SessionStore.StoredSession)
const decodeStored = Schema.decodeUnknown(StoredJson)
const encodeStored = Schema.encode(StoredJson)

/** Another holder has the lock (internal: the lock retries on it, then reports a `SessionStoreError`). */
class LockBusy extends Data.TaggedError("LockBusy") {}

/** What a failed command says, in words, and never with the connection's password. */
interface Describe {
  (error: unknown): string
}

/**
 * Words for an ioredis failure. ioredis' own texts name the cause but not always the reason:
 * "Stream isn't writeable" and "Connection is closed." mean not connected, so the last connection
 * error is added.
 */
const describer = (options: {
  readonly commandTimeout?: Duration.Duration
  readonly lastConnectionError?: () => string | undefined
  readonly secrets?: ReadonlyArray<string>
}): Describe =>
(error) => {
  const message = error instanceof Error ? error.message : String(error)
  const last = options.lastConnectionError?.()
  const text = message.startsWith("Stream isn't writeable") || message === "Connection is closed."
    ? `not connected to Redis${last === undefined ? "" : ` (${last})`}`
    : message === "Command timed out" && options.commandTimeout !== undefined
    ? `Redis did not answer within ${Duration.format(options.commandTimeout)}`
    : message.startsWith("UNREADABLE")
    ? "the stored entry is not a session (a session id and an expiry, as JSON)"
    : message
  return (options.secrets ?? []).reduce((scrubbed, secret) => scrubbed.replaceAll(secret, "<redacted>"), text)
}

/** The store over a connected client. */
const makeService = (client: Redis, settings: Resolved, describe: Describe): SessionStore.Service => {
  const sessionKey = (userId: string) => `${settings.keyPrefix}session:${userId}`
  const lockKey = (userId: string) => `${settings.keyPrefix}lock:${userId}`
  const leaseMillis = String(Math.max(1, Math.ceil(Duration.toMillis(settings.lockLease))))

  const run = <A>(operation: SessionStore.SessionStoreError["operation"], command: () => Promise<A>) =>
    Effect.tryPromise({
      try: command,
      catch: (error) => new SessionStoreError({ operation, description: describe(error) })
    })

  /** One try for the lock: its token set with the lease, only if no one holds it. */
  const tryLock = (key: string, token: string) =>
    Effect.flatMap(
      run("lock", () => client.set(key, token, "PX", leaseMillis, "NX")),
      (reply) => reply === "OK" ? Effect.void : Effect.fail(new LockBusy())
    )

  /** The lock, tried on `lockRetry` until it is free or `lockMaxWait` has passed. */
  const acquire = (key: string, token: string) =>
    tryLock(key, token).pipe(
      Effect.retry({
        schedule: settings.lockRetry.pipe(Schedule.upTo(settings.lockMaxWait)),
        while: (error) => error._tag === "LockBusy"
      }),
      Effect.catchTag("LockBusy", () =>
        Effect.fail(
          new SessionStoreError({
            operation: "lock",
            description: `another holder kept the user's lock for more than ${Duration.format(settings.lockMaxWait)}`
          })
        )),
      Effect.withSpan("RedisSessionStore.acquireLock")
    )

  /**
   * Releases the lock if it is still this holder's. A failure is logged, not returned: the work
   * under the lock is done, and the lease ends the lock anyway.
   */
  const unlock = (key: string, token: string) =>
    run("lock", () => release(client, key, token)).pipe(
      Effect.catchAll((error) =>
        Effect.logWarning("RedisSessionStore: a lock could not be released; its lease will end it", error)
      ),
      Effect.withSpan("RedisSessionStore.releaseLock")
    )

  return {
    get: (userId) =>
      run("get", () => client.get(sessionKey(userId))).pipe(
        Effect.flatMap((text) =>
          text === null ? Effect.succeedNone : decodeStored(text).pipe(
            Effect.asSome,
            Effect.mapError(() =>
              new SessionStoreError({
                operation: "get",
                description: "the stored entry is not a session (a session id and an expiry, as JSON)"
              })
            )
          )
        ),
        Effect.withSpan("RedisSessionStore.get")
      ),
    compareAndSet: (userId, expected, next) =>
      Option.match(next, {
        // "" removes the entry (the expiry is then unused).
        onNone: (): Effect.Effect<readonly [string, string], SessionStore.SessionStoreError> =>
          Effect.succeed(["", "0"]),
        onSome: (stored) =>
          encodeStored(stored).pipe(
            // Redis refuses an expiry at or before 1970; any time in the past stores nothing.
            Effect.map((json) => [json, String(Math.max(1, DateTime.toEpochMillis(stored.expiresAt)))] as const),
            Effect.mapError(() =>
              new SessionStoreError({ operation: "compareAndSet", description: "the session could not be encoded" })
            )
          )
      }).pipe(
        Effect.flatMap(([json, expiry]) =>
          run(
            "compareAndSet",
            () => compareAndSet(client, sessionKey(userId), Option.getOrElse(expected, () => ""), json, expiry)
          )
        ),
        Effect.map((written) => written === 1),
        Effect.withSpan("RedisSessionStore.compareAndSet")
      ),
    delete: (userId) =>
      run("delete", () => client.del(sessionKey(userId))).pipe(
        Effect.asVoid,
        Effect.withSpan("RedisSessionStore.delete")
      ),
    withLock: (userId) => (self) =>
      Effect.suspend(() => {
        const key = lockKey(userId)
        const token = randomUUID()
        // Released once the lock may be held: after it was taken, and also when the caller was
        // interrupted while taking it (the SET may have reached Redis; the token makes that safe).
        return Effect.uninterruptibleMask((restore) =>
          Effect.flatMap(Effect.exit(restore(acquire(key, token))), (acquired) =>
            Exit.isFailure(acquired) && !Exit.isInterrupted(acquired)
              ? Effect.failCause(acquired.cause)
              : restore(Effect.zipRight(acquired, self)).pipe(Effect.ensuring(unlock(key, token))))
        )
      })
  }
}

/**
 * The password of a Redis URL as written and decoded (to scrub both from error texts), or a
 * `ConfigError` naming the option.
 */
const passwordOf = (url: string, name: string): Either.Either<ReadonlyArray<string>, ConfigError.ConfigError> => {
  try {
    const parsed = new URL(url)
    if (parsed.protocol === "redis:" || parsed.protocol === "rediss:") {
      return Either.right([parsed.password, decodeURIComponent(parsed.password)].filter((secret) => secret !== ""))
    }
  } catch {
    // Not a URL at all: the same answer as a wrong scheme, without the text (it may hold a password).
  }
  return Either.left(ConfigError.InvalidData([name], `${name} must be a redis:// or rediss:// URL`))
}

/** Closes a client: `quit` (pending replies first), else a hard disconnect, which also stops reconnecting. */
const close = (client: Redis) =>
  Effect.tryPromise(() => client.quit()).pipe(
    Effect.ignore,
    Effect.ensuring(Effect.sync(() => client.disconnect()))
  )

const build = (options: Input & Pick<Options, "url">, label: (name: Name) => string) =>
  Effect.gen(function*() {
    const settings = yield* resolve(options, label)
    const url = Redacted.value(options.url)
    const secrets = yield* passwordOf(url, label("url"))
    let lastConnectionError: string | undefined
    const describe = describer({
      commandTimeout: settings.commandTimeout,
      lastConnectionError: () => lastConnectionError,
      secrets
    })
    const client = yield* Effect.acquireRelease(
      Effect.sync(() => {
        const client = new Redis(url, {
          lazyConnect: true,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 0,
          autoResendUnfulfilledCommands: false,
          commandTimeout: Duration.toMillis(settings.commandTimeout),
          connectTimeout: Duration.toMillis(settings.connectTimeout)
        })
        // Connection errors reach callers as the typed failures of their commands; the last one is
        // kept to explain them (without a listener ioredis would print every reconnection failure).
        client.on("error", (error: Error) => {
          lastConnectionError = describer({ secrets })(error)
        })
        client.on("ready", () => {
          lastConnectionError = undefined
        })
        return client
      }),
      close
    )
    // The first connection is awaited, so the first calls do not fail while it is being made. If
    // Redis is down the store starts all the same: calls fail fast until a reconnection succeeds.
    yield* Effect.tryPromise(() => client.connect()).pipe(
      Effect.catchAll((error) =>
        Effect.logWarning(`RedisSessionStore: ${describe(error.cause)}; calls fail until Redis answers`)
      )
    )
    return makeService(client, settings, describe)
  })

/**
 * Connects to Redis for the life of the scope (the client is closed with `quit` when the scope
 * closes) and builds the store. Invalid options fail with a `ConfigError` naming the option; an
 * unreachable Redis does not fail it (calls fail with `SessionStoreError` until Redis answers).
 *
 * @example
 * ```ts
 * import { RedisSessionStore } from "@paywall-effect/redis"
 * import { Effect, Option, Redacted } from "effect"
 *
 * const hasSession = Effect.scoped(
 *   Effect.gen(function*() {
 *     const store = yield* RedisSessionStore.make({ url: Redacted.make("redis://127.0.0.1:6379") })
 *     return Option.isSome(yield* store.get("user-42"))
 *   })
 * )
 * ```
 *
 * @since 0.4.0
 * @category constructors
 */
export const make = (
  options: Options
): Effect.Effect<SessionStore.Service, ConfigError.ConfigError, Scope.Scope> => build(options, (name) => name)

/**
 * Builds the store on an ioredis client the app already has (and keeps: the store never closes
 * it). Its connection options are the app's: `enableOfflineQueue: false`, `commandTimeout` and
 * `autoResendUnfulfilledCommands: false` make it fail fast as {@link make}'s client does.
 *
 * @example
 * ```ts
 * import { SessionStore } from "@paywall-effect/http"
 * import { RedisSessionStore } from "@paywall-effect/redis"
 * import { Layer } from "effect"
 * import type { Redis } from "ioredis"
 *
 * // The app's client, made with `enableOfflineQueue: false, commandTimeout: 2_000`, say.
 * const storeOn = (redis: Redis) =>
 *   Layer.effect(SessionStore.SessionStore, RedisSessionStore.fromClient(redis, { keyPrefix: "shop:" }))
 * ```
 *
 * @since 0.4.0
 * @category constructors
 */
export const fromClient = (
  client: Redis,
  settings: Settings = {}
): Effect.Effect<SessionStore.Service, ConfigError.ConfigError> =>
  Effect.map(resolve(settings, (name) => name), (resolved) => makeService(client, resolved, describer({})))

/**
 * The store as the wallet's `SessionStore`, with its own connection for the life of the layer.
 *
 * @example
 * ```ts
 * import { MasterpassWallet } from "@paywall-effect/http"
 * import { RedisSessionStore } from "@paywall-effect/redis"
 * import { Layer, Redacted } from "effect"
 *
 * const WalletShared = MasterpassWallet.layer().pipe(
 *   Layer.provide(RedisSessionStore.layer({ url: Redacted.make("redis://127.0.0.1:6379"), keyPrefix: "shop:" }))
 * )
 * ```
 *
 * @since 0.4.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<SessionStore.SessionStore, ConfigError.ConfigError> =>
  Layer.scoped(SessionStore.SessionStore, make(options))

/**
 * The store as a layer configured with `Config`: the URL from `PAYWALL_REDIS_URL` (read as
 * `Redacted`) and each other setting from its {@link variables} when set, or from the `Config`
 * given for it instead. `lockRetry` is a `Schedule`, given as a value.
 *
 * @example
 * ```ts
 * import { RedisSessionStore } from "@paywall-effect/redis"
 * import { Config, Schedule } from "effect"
 *
 * const StoreLive = RedisSessionStore.layerConfig({
 *   url: Config.redacted("REDIS_URL"),
 *   lockRetry: Schedule.spaced("25 millis")
 * })
 * ```
 *
 * @since 0.4.0
 * @category layers
 */
export const layerConfig = (
  options: {
    readonly url?: Config.Config<Redacted.Redacted<string>>
    readonly keyPrefix?: Config.Config<string>
    readonly lockLease?: Config.Config<Duration.Duration>
    readonly lockMaxWait?: Config.Config<Duration.Duration>
    readonly commandTimeout?: Config.Config<Duration.Duration>
    readonly connectTimeout?: Config.Config<Duration.Duration>
    readonly lockRetry?: Schedule.Schedule<unknown, unknown>
  } = {}
): Layer.Layer<SessionStore.SessionStore, ConfigError.ConfigError> =>
  Layer.scoped(
    SessionStore.SessionStore,
    Effect.flatMap(
      Config.all({
        url: options.url ?? Config.redacted(variables.url),
        keyPrefix: Config.option(options.keyPrefix ?? Config.string(variables.keyPrefix)),
        lockLease: Config.option(options.lockLease ?? Config.duration(variables.lockLease)),
        lockMaxWait: Config.option(options.lockMaxWait ?? Config.duration(variables.lockMaxWait)),
        commandTimeout: Config.option(options.commandTimeout ?? Config.duration(variables.commandTimeout)),
        connectTimeout: Config.option(options.connectTimeout ?? Config.duration(variables.connectTimeout))
      }),
      ({ commandTimeout, connectTimeout, keyPrefix, lockLease, lockMaxWait, url }) =>
        build(
          {
            url,
            keyPrefix: Option.getOrUndefined(keyPrefix),
            lockLease: Option.getOrUndefined(lockLease),
            lockMaxWait: Option.getOrUndefined(lockMaxWait),
            commandTimeout: Option.getOrUndefined(commandTimeout),
            connectTimeout: Option.getOrUndefined(connectTimeout),
            lockRetry: options.lockRetry
          },
          (name) => variables[name]
        )
    )
  )
