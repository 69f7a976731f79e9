/**
 * Where `MasterpassWallet` keeps each user's live Masterpass session: the session id and its
 * expiry, keyed by the merchant's user id, never a phone or a credential. An interface (get,
 * compare-and-set, delete, a short per-user lock) with an in-memory implementation as the
 * default; a shared store (Redis, a database) implements the same interface.
 *
 * @since 0.4.0
 */
import * as MasterpassSession from "@paywall-effect/domain/MasterpassSession"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

/**
 * What the store keeps for a user: the session id to use and the instant it is taken to expire.
 * Nothing else (no phone, no reference code, no credential). A schema, so that a shared store
 * can keep it as JSON (`Schema.encode` gives `{ sessionId, expiresAt }` with an ISO string).
 *
 * @example
 * ```ts
 * import { MasterpassSession } from "@paywall-effect/domain"
 * import { SessionStore } from "@paywall-effect/http"
 * import { DateTime } from "effect"
 *
 * const stored = SessionStore.StoredSession.make({
 *   sessionId: MasterpassSession.SessionId.make("9b27433e-f36b-1410-80e5-004205aa382d"),
 *   expiresAt: DateTime.unsafeMake("2025-07-27T08:24:57Z")
 * })
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export const StoredSession = Schema.Struct({
  sessionId: MasterpassSession.AnswerSessionId,
  expiresAt: Schema.DateTimeUtc
}).annotations({ identifier: "StoredSession" })

/**
 * A user's stored session: its id and expiry.
 *
 * @example
 * ```ts
 * import type { SessionStore } from "@paywall-effect/http"
 *
 * const id = (stored: SessionStore.StoredSession): string => stored.sessionId
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export type StoredSession = typeof StoredSession.Type

/**
 * The store could not be read or written (a shared store's connection failed, say). The
 * in-memory store never fails with it.
 *
 * @example
 * ```ts
 * import { SessionStore } from "@paywall-effect/http"
 *
 * const error = new SessionStore.SessionStoreError({ operation: "get", description: "connection refused" })
 * error.message // "Session store get failed: connection refused"
 * ```
 *
 * @since 0.4.0
 * @category errors
 */
export class SessionStoreError extends Schema.TaggedError<SessionStoreError>()("SessionStoreError", {
  operation: Schema.Literal("get", "compareAndSet", "delete", "lock"),
  description: Schema.String
}) {
  /**
   * @since 0.4.0
   */
  override get message(): string {
    return `Session store ${this.operation} failed: ${this.description}`
  }
}

/**
 * What a session store does. All keys are the merchant's user ids.
 *
 * @example
 * ```ts
 * import type { SessionStore } from "@paywall-effect/http"
 * import { Effect, Option } from "effect"
 *
 * const forget = (store: SessionStore.Service, userId: string) =>
 *   Effect.flatMap(store.get(userId), Option.match({
 *     onNone: () => Effect.succeed(false),
 *     onSome: (stored) => store.compareAndSet(userId, Option.some(stored.sessionId), Option.none())
 *   }))
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export interface Service {
  /** The user's stored session, if any (expired or not: the caller judges). */
  readonly get: (userId: string) => Effect.Effect<Option.Option<StoredSession>, SessionStoreError>
  /**
   * Sets (`Some`) or removes (`None`) the user's session only if the stored one's id is
   * `expected` (`None`: nothing is stored). `true` when it was written, `false` when another
   * writer got there first (the stored session is then theirs, and newer).
   */
  readonly compareAndSet: (
    userId: string,
    expected: Option.Option<MasterpassSession.SessionId>,
    next: Option.Option<StoredSession>
  ) => Effect.Effect<boolean, SessionStoreError>
  /** Removes the user's session, whatever it is. */
  readonly delete: (userId: string) => Effect.Effect<void, SessionStoreError>
  /**
   * Runs `self` holding the user's lock: at most one holder per user at a time (per process
   * for the in-memory store; a shared store should hold a short lease). The wallet holds it
   * only while it creates a session, so that concurrent calls create one.
   */
  readonly withLock: (
    userId: string
  ) => <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E | SessionStoreError, R>
}

/**
 * The session store service.
 *
 * @example
 * ```ts
 * import { SessionStore } from "@paywall-effect/http"
 * import { Effect } from "effect"
 *
 * const stored = Effect.flatMap(SessionStore.SessionStore, (store) => store.get("user-42"))
 * ```
 *
 * @since 0.4.0
 * @category tags
 */
export class SessionStore extends Context.Tag("@paywall-effect/http/SessionStore")<SessionStore, Service>() {}

/**
 * The in-memory store, with a way to look at everything it holds (for tests and diagnostics).
 *
 * @example
 * ```ts
 * import { SessionStore } from "@paywall-effect/http"
 * import { Effect } from "effect"
 *
 * const users = Effect.flatMap(SessionStore.makeMemory, (store) => store.snapshot).pipe(
 *   Effect.map((entries) => [...entries.keys()])
 * )
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export interface MemoryStore extends Service {
  /** A copy of every entry, by user id. */
  readonly snapshot: Effect.Effect<ReadonlyMap<string, StoredSession>>
}

/**
 * Builds an in-memory store: a map by user id, and a semaphore per user for the lock (removed
 * when its last holder or waiter leaves). It lives as long as the process: sessions are lost on
 * restart and not shared between processes, which costs at most one Create Session per user.
 *
 * @example
 * ```ts
 * import { SessionStore } from "@paywall-effect/http"
 * import { Effect, Option } from "effect"
 *
 * const empty = Effect.flatMap(SessionStore.makeMemory, (store) => store.get("user-42")).pipe(Effect.map(Option.isNone))
 * ```
 *
 * @since 0.4.0
 * @category constructors
 */
export const makeMemory: Effect.Effect<MemoryStore> = Effect.sync(() => {
  const sessions = new Map<string, StoredSession>()
  const locks = new Map<string, { readonly semaphore: Effect.Semaphore; holders: number }>()
  return {
    get: (userId) => Effect.sync(() => Option.fromNullable(sessions.get(userId))),
    compareAndSet: (userId, expected, next) =>
      Effect.sync(() => {
        const current = Option.map(Option.fromNullable(sessions.get(userId)), (stored) => stored.sessionId)
        const matches = Option.isNone(expected) ? Option.isNone(current) : Option.contains(current, expected.value)
        if (!matches) return false
        if (Option.isSome(next)) sessions.set(userId, next.value)
        else sessions.delete(userId)
        return true
      }),
    delete: (userId) => Effect.sync(() => void sessions.delete(userId)),
    withLock: (userId) => (self) =>
      Effect.suspend(() => {
        let entry = locks.get(userId)
        if (entry === undefined) {
          entry = { semaphore: Effect.unsafeMakeSemaphore(1), holders: 0 }
          locks.set(userId, entry)
        }
        const held = entry
        held.holders++
        return held.semaphore.withPermits(1)(self).pipe(
          Effect.ensuring(Effect.sync(() => {
            held.holders--
            if (held.holders === 0) locks.delete(userId)
          }))
        )
      }),
    snapshot: Effect.sync(() => new Map(sessions))
  }
})

/**
 * Builds the in-memory store as a plain {@link Service}.
 *
 * @example
 * ```ts
 * import { SessionStore } from "@paywall-effect/http"
 * import { Effect, Layer } from "effect"
 *
 * const StoreLive = Layer.effect(SessionStore.SessionStore, SessionStore.make)
 * ```
 *
 * @since 0.4.0
 * @category constructors
 */
export const make: Effect.Effect<Service> = makeMemory

/**
 * The in-memory store as a layer: the default for one process.
 *
 * @example
 * ```ts
 * import { MasterpassWallet, SessionStore } from "@paywall-effect/http"
 * import { Layer } from "effect"
 *
 * const WalletWithMemory = MasterpassWallet.layer().pipe(Layer.provide(SessionStore.layerMemory))
 * ```
 *
 * @since 0.4.0
 * @category layers
 */
export const layerMemory: Layer.Layer<SessionStore> = Layer.effect(SessionStore, make)
