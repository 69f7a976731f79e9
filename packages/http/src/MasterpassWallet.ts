/**
 * The user-level Masterpass service: `MasterpassClient`'s nine services with a `user` in place
 * of the session id. The wallet finds the user's live session in a {@link SessionStore.SessionStore}
 * or creates one, keeps every renewal Paywall reports (on replies and on failures), replaces a
 * session about to expire before using it, and, when Paywall says the session is unknown or
 * expired, creates a new one and tries once more. Concurrent calls for one user create one session.
 *
 * @since 0.4.0
 */
import * as CreateSessionRequest from "@paywall-effect/domain/CreateSessionRequest"
import * as MasterpassSession from "@paywall-effect/domain/MasterpassSession"
import * as PaywallApi from "@paywall-effect/domain/PaywallApi"
import type * as PaywallEndpoint from "@paywall-effect/domain/PaywallEndpoint"
import type * as PaywallError from "@paywall-effect/domain/PaywallError"
import * as SdkToken from "@paywall-effect/domain/SdkToken"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberId from "effect/FiberId"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { MasterpassClient } from "./MasterpassClient.js"
import * as PaywallClient from "./PaywallClient.js"
import * as SessionStore from "./SessionStore.js"

/**
 * The merchant's user, as Create Session needs it. Only `userId` is stored (it keys the
 * session store); the phone is sent to Paywall when a session is created and kept nowhere.
 *
 * @example
 * ```ts
 * import type { MasterpassWallet } from "@paywall-effect/http"
 *
 * const user: MasterpassWallet.User = { userId: "42", userPhone: "905123456710", phoneVerifiedByMerchant: true }
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export interface User {
  readonly userId: string
  readonly userPhone: string
  readonly phoneVerifiedByMerchant?: boolean
}

/**
 * A Masterpass service as a wallet method: the client's request with `user` in place of
 * `sessionId`; its reply, or a typed Paywall error, or a {@link SessionStore.SessionStoreError}
 * when the store could not be read.
 *
 * @example
 * ```ts
 * import type { PaywallApi } from "@paywall-effect/domain"
 * import type { MasterpassWallet } from "@paywall-effect/http"
 *
 * type DeleteCard = MasterpassWallet.Call<typeof PaywallApi.deleteCard>
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export type Call<E extends PaywallEndpoint.Any> = (
  request: Omit<PaywallEndpoint.Request<E>, "sessionId"> & { readonly user: User }
) => Effect.Effect<PaywallEndpoint.Reply<E>, PaywallError.PaywallError | SessionStore.SessionStoreError>

/**
 * What the wallet does: the nine Masterpass services, by user.
 *
 * @example
 * ```ts
 * import type { MasterpassWallet } from "@paywall-effect/http"
 *
 * const forget = (wallet: MasterpassWallet.Service, cardAlias: string) =>
 *   wallet.deleteCard({ user: { userId: "42", userPhone: "905123456710" }, cardAlias })
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export interface Service {
  /**
   * A temp token for Paywall's browser SDK with a new Masterpass session for the user, which
   * becomes the user's session from then on (the browser's SDK and the backend must use the same
   * one). Give the browser only `token`.
   */
  readonly createSdkToken: (
    request: Omit<ConstructorParameters<typeof SdkToken.SdkTokenRequest>[0], "masterpassSession"> & {
      readonly user: User
    }
  ) => Effect.Effect<SdkToken.SdkToken, PaywallError.PaywallError | SessionStore.SessionStoreError>
  /** The user's Masterpass account and saved cards. */
  readonly listCards: Call<typeof PaywallApi.listCards>
  /** Deletes a saved card by its alias. */
  readonly deleteCard: Call<typeof PaywallApi.deleteCard>
  /** Links the user's account to the merchant (normally an OTP step). */
  readonly linkToMerchant: Call<typeof PaywallApi.linkToMerchant>
  /** Unlinks the user's account from the merchant. */
  readonly unlinkFromMerchant: Call<typeof PaywallApi.unlinkFromMerchant>
  /** Verifies the OTP of a card or link step. */
  readonly verifyOtp: Call<typeof PaywallApi.verifyOtp>
  /** Sends a step's OTP again. */
  readonly resendOtp: Call<typeof PaywallApi.resendOtp>
  /** Verifies a payment's OTP. */
  readonly verifyPayment: Call<typeof PaywallApi.verifyPayment>
  /** Commits a payment (never sent twice by the client once it may have reached Paywall). */
  readonly commitPayment: Call<typeof PaywallApi.commitPayment>
  /** Commits a payment by Paywall's payment id. */
  readonly commitPaymentById: Call<typeof PaywallApi.commitPaymentById>
}

/**
 * The wallet service.
 *
 * @example
 * ```ts
 * import { MasterpassWallet } from "@paywall-effect/http"
 * import { Effect } from "effect"
 *
 * const cards = Effect.flatMap(MasterpassWallet.MasterpassWallet, (wallet) =>
 *   wallet.listCards({ user: { userId: "42", userPhone: "905123456710" } }))
 * ```
 *
 * @since 0.4.0
 * @category tags
 */
export class MasterpassWallet extends Context.Tag("@paywall-effect/http/MasterpassWallet")<
  MasterpassWallet,
  Service
>() {}

/**
 * The envelope `ErrorCode` taken by default to mean "this session is unknown or expired": 1,
 * with no `Body.Session`. Paywall does not document its answer for an unknown session; this is
 * what `@paywall-effect/sandbox` answers (its `SandboxErrorCode.SessionNotFound`, `Message`
 * "Masterpass session not found or expired", `Body` null).
 *
 * @example
 * ```ts
 * import { MasterpassWallet } from "@paywall-effect/http"
 *
 * MasterpassWallet.sessionUnknownErrorCode // 1
 * ```
 *
 * @since 0.4.0
 * @category constants
 */
export const sessionUnknownErrorCode = 1

/**
 * The default test for "Paywall does not know this session (any more)": a `PaywallEnvelopeError`
 * with ErrorCode {@link sessionUnknownErrorCode} whose answer named no session (an answer that
 * names a session shows Paywall knows it; ErrorCode 1 with a `Body.Masterpass` is a
 * `PaywallMasterpassError`, such as an OTP's `TOKEN_HAS_EXPIRED`, and does not match).
 *
 * @example
 * ```ts
 * import { PaywallError } from "@paywall-effect/domain"
 * import { MasterpassWallet } from "@paywall-effect/http"
 *
 * MasterpassWallet.isSessionUnknown(new PaywallError.PaywallEnvelopeError({ errorCode: 1, status: 200 })) // true
 * ```
 *
 * @since 0.4.0
 * @category predicates
 */
export const isSessionUnknown = (error: PaywallError.PaywallError): boolean =>
  error._tag === "PaywallEnvelopeError" && error.errorCode === sessionUnknownErrorCode && error.session === undefined

/**
 * How the wallet manages sessions.
 *
 * @example
 * ```ts
 * import { MasterpassWallet } from "@paywall-effect/http"
 * import { Effect } from "effect"
 *
 * let order = 0
 * const options: MasterpassWallet.Options = {
 *   referenceCode: Effect.sync(() => `wallet-${++order}`),
 *   renewalMargin: "2 minutes",
 *   isSessionUnknown: (error) => error._tag === "PaywallEnvelopeError" && error.errorCode === 1
 * }
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export interface Options {
  /** A fresh `ReferenceCode` for each Create Session; default a random UUID. */
  readonly referenceCode?: Effect.Effect<string>
  /**
   * A session that expires within this margin is replaced before it is used; default 1 minute.
   * The expiry is the created session's `expiresAt`. A renewal keeps the expiry last known for
   * the session it replaces, unless its answer carries a `SessionExpiryDate` (Paywall's docs
   * promise one, no example has it): Paywall does not document a renewed session's lifetime,
   * so the wallet never assumes it is longer.
   */
  readonly renewalMargin?: Duration.DurationInput
  /** Whether a failure means the session is unknown or expired; default {@link isSessionUnknown}. */
  readonly isSessionUnknown?: (error: PaywallError.PaywallError) => boolean
  /**
   * The zone a renewal's bare `SessionExpiryDate` is read in; default Europe/Istanbul (as
   * `PaywallConfig`'s `expiryTimeZone`; set both alike).
   */
  readonly expiryTimeZone?: string
}

/** The session an error's answer named, if any. */
const sessionOfError = (error: PaywallError.PaywallError): MasterpassSession.SessionState | undefined =>
  error._tag === "PaywallEnvelopeError" || error._tag === "PaywallMasterpassError" ? error.session : undefined

/**
 * Builds the wallet on the `MasterpassClient` and `SessionStore` in context.
 *
 * @example
 * ```ts
 * import { MasterpassWallet } from "@paywall-effect/http"
 *
 * const wallet = MasterpassWallet.make({ renewalMargin: "90 seconds" })
 * ```
 *
 * @since 0.4.0
 * @category constructors
 */
export const make = (
  options: Options = {}
): Effect.Effect<Service, never, MasterpassClient | SessionStore.SessionStore> =>
  Effect.gen(function*() {
    const client = yield* MasterpassClient
    const store = yield* SessionStore.SessionStore
    const margin = Duration.decode(options.renewalMargin ?? Duration.minutes(1))
    const referenceCode = options.referenceCode ?? Effect.sync(() => crypto.randomUUID())
    const unknown = options.isSessionUnknown ?? isSessionUnknown
    const readExpiry = MasterpassSession.expiryReader(
      DateTime.zoneUnsafeMakeNamed(options.expiryTimeZone ?? PaywallApi.defaultExpiryTimeZone)
    )

    /** The stored session if it is live beyond the margin. */
    const live = (stored: Option.Option<SessionStore.StoredSession>) =>
      Effect.map(
        DateTime.now,
        (now) =>
          Option.filter(
            stored,
            (session) => DateTime.lessThan(now, DateTime.subtractDuration(session.expiresAt, margin))
          )
      )

    /** Create Session's request for `user`, with a fresh reference code. */
    const sessionRequest = (user: User) =>
      Effect.flatMap(referenceCode, (code) =>
        CreateSessionRequest.make({
          referenceCode: code,
          userId: user.userId,
          userPhone: user.userPhone,
          ...(user.phoneVerifiedByMerchant === undefined
            ? {}
            : { phoneVerifiedByMerchant: user.phoneVerifiedByMerchant })
        }))

    /** Creates a session for `user` and stores it in place of `replacing`. */
    const create = (user: User, replacing: Option.Option<MasterpassSession.SessionId>) =>
      Effect.gen(function*() {
        const session = yield* client.createSession(yield* sessionRequest(user))
        const stored = SessionStore.StoredSession.make({ sessionId: session.sessionId, expiresAt: session.expiresAt })
        // Under the user's lock only a renewal seen by a call in flight can have got there first;
        // this session is valid all the same, so it is used either way.
        yield* store.compareAndSet(user.userId, replacing, Option.some(stored))
        return stored
      })

    /** The creations in flight in this process, by user id: later callers join them. */
    const creating = new Map<
      string,
      Deferred.Deferred<SessionStore.StoredSession, PaywallError.PaywallError | SessionStore.SessionStoreError>
    >()

    /**
     * Creates the user's session under the store's lock (so that processes sharing a store create
     * one), unless a session was stored meanwhile by whoever held the lock before.
     */
    const createLocked = (user: User) =>
      store.withLock(user.userId)(
        Effect.flatMap(store.get(user.userId), (stored) =>
          Effect.flatMap(live(stored), (again) =>
            Option.isSome(again)
              ? Effect.succeed(again.value)
              : create(user, Option.map(stored, (session) => session.sessionId))))
      )

    /**
     * The user's live session: the stored one, else one created once for every concurrent caller
     * in this process (single-flight: they share its result, failure included). A caller whose
     * creation was interrupted by its first caller starts over.
     */
    const acquire = (user: User): Effect.Effect<
      SessionStore.StoredSession,
      PaywallError.PaywallError | SessionStore.SessionStoreError
    > => {
      const join = (
        running: Deferred.Deferred<
          SessionStore.StoredSession,
          PaywallError.PaywallError | SessionStore.SessionStoreError
        >
      ) =>
        Effect.catchAllCause(
          Deferred.await(running),
          (cause) => Cause.isInterruptedOnly(cause) ? acquire(user) : Effect.failCause(cause)
        )
      return Effect.flatMap(Effect.flatMap(store.get(user.userId), live), (found) => {
        if (Option.isSome(found)) return Effect.succeed(found.value)
        const running = creating.get(user.userId)
        if (running !== undefined) return join(running)
        const deferred = Deferred.unsafeMake<
          SessionStore.StoredSession,
          PaywallError.PaywallError | SessionStore.SessionStoreError
        >(FiberId.none)
        creating.set(user.userId, deferred)
        return createLocked(user).pipe(
          Effect.onExit((exit) =>
            Effect.suspend(() => {
              creating.delete(user.userId)
              return Deferred.done(deferred, exit)
            })
          )
        )
      })
    }

    /**
     * Stores the session an answer named when it differs from the one used (a renewal). A store
     * failure here is logged, not returned: the answer stands, and a lost renewal costs at most
     * one new session later.
     */
    const record = (
      userId: string,
      used: SessionStore.StoredSession,
      named: MasterpassSession.SessionState | undefined
    ): Effect.Effect<void> => {
      if (named === undefined || (named.sessionId === used.sessionId && named.expiryText === undefined)) {
        return Effect.void
      }
      const expiresAt = named.expiryText === undefined
        ? used.expiresAt
        : Option.getOrElse(readExpiry(named.expiryText), () => used.expiresAt)
      return store.compareAndSet(
        userId,
        Option.some(used.sessionId),
        Option.some(SessionStore.StoredSession.make({ sessionId: named.sessionId, expiresAt }))
      ).pipe(
        Effect.asVoid,
        Effect.catchAll((error) => Effect.logWarning("MasterpassWallet: a renewed session could not be stored", error))
      )
    }

    /** One call with `stored`, its named session recorded whether it succeeded or failed. */
    const attempt = <A extends { readonly session: MasterpassSession.SessionState }>(
      user: User,
      run: (sessionId: MasterpassSession.SessionId) => Effect.Effect<A, PaywallError.PaywallError>,
      stored: SessionStore.StoredSession
    ) =>
      run(stored.sessionId).pipe(
        Effect.tap((reply) => record(user.userId, stored, reply.session)),
        Effect.tapError((error) => record(user.userId, stored, sessionOfError(error)))
      )

    /**
     * A call with the user's session; on "unknown session", one new session and one more try.
     * The user's phone is scrubbed from all the calls keep (an answer may echo it: `AccountKey`).
     */
    const withSession = <A extends { readonly session: MasterpassSession.SessionState }>(
      user: User,
      run: (sessionId: MasterpassSession.SessionId) => Effect.Effect<A, PaywallError.PaywallError>
    ): Effect.Effect<A, PaywallError.PaywallError | SessionStore.SessionStoreError> =>
      Effect.flatMap(acquire(user), (stored) =>
        attempt(user, run, stored).pipe(
          Effect.catchIf(unknown, () =>
            // Forget it unless another call already replaced it, then use the live one (or a new one).
            Effect.zipRight(
              store.compareAndSet(user.userId, Option.some(stored.sessionId), Option.none()),
              Effect.flatMap(acquire(user), (fresh) => attempt(user, run, fresh))
            ))
        )).pipe(PaywallClient.forUser(user.userPhone))

    return MasterpassWallet.of({
      createSdkToken: ({ user, ...options }) =>
        Effect.gen(function*() {
          // Unchecked here: the client checks the whole request before sending, as a typed error.
          const request = new SdkToken.SdkTokenRequest(
            { ...options, masterpassSession: yield* sessionRequest(user) },
            true
          )
          const token = yield* client.createSdkToken(request)
          const session = token.session
          if (session === undefined) return token
          // Under the user's lock, so that it replaces whatever a creation in flight would store.
          yield* store.withLock(user.userId)(
            Effect.flatMap(store.get(user.userId), (stored) =>
              store.compareAndSet(
                user.userId,
                Option.map(stored, (current) => current.sessionId),
                Option.some(
                  SessionStore.StoredSession.make({ sessionId: session.sessionId, expiresAt: session.expiresAt })
                )
              ))
          )
          return token
        }),
      listCards: ({ user }) => withSession(user, (sessionId) => client.listCards({ sessionId })),
      deleteCard: ({ user, ...request }) =>
        withSession(user, (sessionId) => client.deleteCard({ ...request, sessionId })),
      linkToMerchant: ({ user }) => withSession(user, (sessionId) => client.linkToMerchant({ sessionId })),
      unlinkFromMerchant: ({ user }) => withSession(user, (sessionId) => client.unlinkFromMerchant({ sessionId })),
      verifyOtp: ({ user, ...request }) =>
        withSession(user, (sessionId) => client.verifyOtp({ ...request, sessionId })),
      resendOtp: ({ user, ...request }) =>
        withSession(user, (sessionId) => client.resendOtp({ ...request, sessionId })),
      verifyPayment: ({ user, ...request }) =>
        withSession(user, (sessionId) => client.verifyPayment({ ...request, sessionId })),
      commitPayment: ({ user, ...request }) =>
        withSession(user, (sessionId) => client.commitPayment({ ...request, sessionId })),
      commitPaymentById: ({ user, ...request }) =>
        withSession(user, (sessionId) => client.commitPaymentById({ ...request, sessionId }))
    })
  })

/**
 * The wallet as a layer, needing a `MasterpassClient` and a `SessionStore`. Compose it with
 * `SessionStore.layerMemory` (one process) or a shared store, and the client's layer.
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { MasterpassClient, MasterpassWallet, SessionStore } from "@paywall-effect/http"
 * import { Layer } from "effect"
 *
 * const WalletLive = MasterpassWallet.layer({ renewalMargin: "2 minutes" }).pipe(
 *   Layer.provide([MasterpassClient.layerConfig, SessionStore.layerMemory]),
 *   Layer.provide(NodeHttpClient.layerUndici)
 * )
 * ```
 *
 * @since 0.4.0
 * @category layers
 */
export const layer = (
  options?: Options
): Layer.Layer<MasterpassWallet, never, MasterpassClient | SessionStore.SessionStore> =>
  Layer.effect(MasterpassWallet, make(options))
