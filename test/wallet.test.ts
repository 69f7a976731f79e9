import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { MasterpassSession, type PaywallError } from "@paywall-effect/domain"
import { MasterpassClient, MasterpassWallet, SessionStore } from "@paywall-effect/http"
import { Fault, PaywallSandbox } from "@paywall-effect/sandbox"
import { Clock, Context, DateTime, Duration, Effect, FastCheck as fc, Layer, Option } from "effect"
import { inspect } from "node:util"
import { sized } from "./fastcheck.js"
import { cardsOf, completePayment, NoMasterpassAccount } from "./fixtures/masterpass-flow.js"
import { removeCard, WalletLive } from "./fixtures/wallet.js"

// The wallet over the real client, over real sockets on 127.0.0.1, against the sandbox. A spy
// around the client records, in order, every session created, every session id a request
// used and every session id an answer (reply or failure) named.

type Event =
  | { readonly _tag: "Created"; readonly sessionId: string }
  | { readonly _tag: "Used"; readonly sessionId: string }
  | { readonly _tag: "Named"; readonly sessionId: string; readonly renewed: boolean }

class Spy extends Context.Tag("test/wallet/Spy")<Spy, { readonly events: Array<Event> }>() {}
class Memory extends Context.Tag("test/wallet/Memory")<Memory, SessionStore.MemoryStore>() {}

const spyClient = Layer.effect(
  MasterpassClient.MasterpassClient,
  Effect.gen(function*() {
    const real = yield* MasterpassClient.MasterpassClient
    const { events } = yield* Spy
    const named = (session: MasterpassSession.SessionState | undefined) =>
      Effect.sync(() => {
        if (session !== undefined) {
          events.push({ _tag: "Named", sessionId: session.sessionId, renewed: session.renewed })
        }
      })
    const call = <
      R extends { readonly sessionId: string },
      A extends { readonly session: MasterpassSession.SessionState }
    >(f: (request: R) => Effect.Effect<A, PaywallError.PaywallError>) =>
    (request: R) =>
      Effect.suspend(() => {
        events.push({ _tag: "Used", sessionId: request.sessionId })
        return f(request)
      }).pipe(
        Effect.tap((reply) => named(reply.session)),
        Effect.tapError((error) =>
          named(
            error._tag === "PaywallEnvelopeError" || error._tag === "PaywallMasterpassError" ? error.session : undefined
          )
        )
      )
    return MasterpassClient.MasterpassClient.of({
      ...real,
      createSession: (request) =>
        real.createSession(request).pipe(
          Effect.tap((session) => Effect.sync(() => events.push({ _tag: "Created", sessionId: session.sessionId })))
        ),
      listCards: call(real.listCards),
      deleteCard: call(real.deleteCard),
      linkToMerchant: call(real.linkToMerchant),
      unlinkFromMerchant: call(real.unlinkFromMerchant),
      verifyOtp: call(real.verifyOtp),
      resendOtp: call(real.resendOtp),
      verifyPayment: call(real.verifyPayment),
      commitPayment: call(real.commitPayment),
      commitPaymentById: call(real.commitPaymentById)
    })
  })
)

const harness = (sandbox: PaywallSandbox.Options = {}, wallet: MasterpassWallet.Options = {}) => {
  const client = spyClient.pipe(Layer.provide(MasterpassClient.layer), Layer.provide(NodeHttpClient.layerUndici))
  const store = Layer.effect(SessionStore.SessionStore, Memory)
  return MasterpassWallet.layer(wallet).pipe(
    Layer.provideMerge(Layer.merge(client, store)),
    Layer.provideMerge(Layer.mergeAll(
      Layer.effect(Memory, SessionStore.makeMemory),
      Layer.sync(Spy, () => ({ events: [] })),
      PaywallSandbox.layer({
        accounts: [{ userId: "linked", cards: ["card-1", "card-2"] }],
        client: { maxRetries: 0 },
        ...sandbox
      })
    ))
  )
}

const phone = "905123456710"
const linked: MasterpassWallet.User = { userId: "linked", userPhone: phone }
const stranger: MasterpassWallet.User = { userId: "stranger", userPhone: "905321234567" }

const wallet = MasterpassWallet.MasterpassWallet
const sessionCount = Effect.flatMap(PaywallSandbox.PaywallSandbox, (sandbox) => sandbox.sessions).pipe(
  Effect.map((sessions) => sessions.length)
)
const events = Effect.map(Spy, (spy) => spy.events)

/**
 * Every request used the id Paywall gave last (by Create Session or by an answer's session);
 * the events are in order because the calls checked with it are sequential.
 */
const usedLatest = (log: ReadonlyArray<Event>) => {
  let latest: string | undefined
  const stale: Array<string> = []
  for (const event of log) {
    if (event._tag === "Used") {
      if (event.sessionId !== latest) stale.push(event.sessionId)
    } else {
      latest = event.sessionId
    }
  }
  return stale
}

/** A clock `offset` ahead of `clock` (only the wallet reads it: the sandbox keeps the real one). */
const ahead = (clock: Clock.Clock, offset: Duration.DurationInput): Clock.Clock => {
  const millis = Duration.toMillis(offset)
  return {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: () => clock.unsafeCurrentTimeMillis() + millis,
    currentTimeMillis: Effect.sync(() => clock.unsafeCurrentTimeMillis() + millis),
    unsafeCurrentTimeNanos: () => clock.unsafeCurrentTimeNanos() + BigInt(millis) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => clock.unsafeCurrentTimeNanos() + BigInt(millis) * 1_000_000n),
    sleep: (duration) => clock.sleep(duration)
  }
}
const later = (offset: Duration.DurationInput) => <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.flatMap(Effect.clock, (clock) => Effect.withClock(self, ahead(clock, offset)))

describe("MasterpassWallet against the sandbox", () => {
  it.live("(a) 50 concurrent calls for a new user create exactly one session, and all use it", () =>
    Effect.gen(function*() {
      const masterpass = yield* wallet
      const lists = yield* Effect.all(
        Array.from({ length: 50 }, () => masterpass.listCards({ user: linked })),
        { concurrency: "unbounded" }
      )
      expect(lists.map((list) => list.cards.length)).toStrictEqual(Array.from({ length: 50 }, () => 2))
      expect(yield* sessionCount).toBe(1)
      const log = yield* events
      expect(log.filter((event) => event._tag === "Created")).toHaveLength(1)
      expect(usedLatest(log)).toStrictEqual([])
    }).pipe(Effect.provide(harness())))

  it.live("(a) concurrent calls share one failed Create Session: one request, every caller gets its error", () =>
    Effect.gen(function*() {
      const masterpass = yield* wallet
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      yield* sandbox.inject(Fault.Fault.Status({ status: 503 }), { endpoint: "createSession" })
      const failures = yield* Effect.all(
        Array.from({ length: 10 }, () => Effect.flip(masterpass.listCards({ user: linked }))),
        { concurrency: "unbounded" }
      )
      expect(failures.map((error) => error._tag)).toStrictEqual(Array.from({ length: 10 }, () => "PaywallHttpError"))
      expect(yield* sandbox.requests).toBe(1)
      // Nothing was stored: the next call creates a session.
      expect((yield* masterpass.listCards({ user: linked })).cards).toHaveLength(2)
      expect(yield* sessionCount).toBe(1)
    }).pipe(Effect.provide(harness())))

  it.live("(b) with renewals every 3 calls, every call uses the latest id (old ids are refused)", () =>
    Effect.gen(function*() {
      const masterpass = yield* wallet
      for (let i = 0; i < 10; i++) {
        yield* masterpass.listCards({ user: linked })
      }
      const log = yield* events
      expect(usedLatest(log)).toStrictEqual([])
      expect(log.filter((event) => event._tag === "Named" && event.renewed)).toHaveLength(3)
      expect(yield* sessionCount).toBe(1)

      // A stale id would have failed: the sandbox refuses the first session after its renewal.
      const first = log[0]!.sessionId
      const refused = yield* Effect.flip(
        Effect.flatMap(
          MasterpassClient.MasterpassClient,
          (client) => client.listCards({ sessionId: MasterpassSession.AnswerSessionId.make(first) })
        )
      )
      expect(refused).toMatchObject({
        _tag: "PaywallEnvelopeError",
        errorCode: PaywallSandbox.SandboxErrorCode.SessionNotFound
      })
    }).pipe(Effect.provide(harness({ renewEvery: 3 }))))

  it.live("(c) a renewal carried on a failure is stored and used next", () =>
    Effect.gen(function*() {
      const masterpass = yield* wallet
      const store = yield* SessionStore.SessionStore
      // The stranger has no Masterpass account: every card list fails with USER_NOT_FOUND.
      const first = yield* Effect.flip(masterpass.listCards({ user: stranger }))
      expect(first).toMatchObject({ exceptionCode: "USER_NOT_FOUND", session: { renewed: false } })
      const second = yield* Effect.flip(masterpass.listCards({ user: stranger }))
      expect(second).toMatchObject({ exceptionCode: "USER_NOT_FOUND", session: { renewed: true } })
      const renewed = second._tag === "PaywallMasterpassError" ? second.session?.sessionId : undefined
      expect(renewed).toBeDefined()
      expect(Option.map(yield* store.get("stranger"), (stored) => stored.sessionId)).toStrictEqual(
        Option.some(renewed)
      )
      const third = yield* Effect.flip(masterpass.listCards({ user: stranger }))
      expect(third).toMatchObject({ exceptionCode: "USER_NOT_FOUND" })
      const log = yield* events
      expect(log.filter((event) => event._tag === "Used").at(-1)?.sessionId).toBe(renewed)
      expect(usedLatest(log)).toStrictEqual([])
      expect(yield* sessionCount).toBe(1)
    }).pipe(Effect.provide(harness({ renewEvery: 2 }))))

  it.live("(d) an unknown session: one new session and one more try; a second refusal is returned", () =>
    Effect.gen(function*() {
      const masterpass = yield* wallet
      const store = yield* SessionStore.SessionStore
      const unknown = MasterpassSession.AnswerSessionId.make("00000000-0000-0000-0000-000000000000")
      const farAway = DateTime.add(yield* DateTime.now, { hours: 1 })
      yield* store.compareAndSet(
        "linked",
        Option.none(),
        Option.some(SessionStore.StoredSession.make({ sessionId: unknown, expiresAt: farAway }))
      )
      const list = yield* masterpass.listCards({ user: linked })
      expect(list.cards).toHaveLength(2)
      const log = yield* events
      const created = log.filter((event) => event._tag === "Created")
      expect(created).toHaveLength(1)
      expect(log.map((event) => event._tag)).toStrictEqual(["Used", "Created", "Used", "Named"])
      expect(log[0]!.sessionId).toBe(unknown)
      expect(log[2]!.sessionId).toBe(created[0]!.sessionId)
      expect(yield* sessionCount).toBe(1)
    }).pipe(Effect.provide(harness())))

  it.live("(d) the retry happens once: a refusal on the retry is returned, with the configured predicate", () =>
    Effect.gen(function*() {
      const masterpass = yield* wallet
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      yield* masterpass.listCards({ user: linked })
      yield* sandbox.inject(Fault.Fault.EnvelopeError({ errorCode: 1, message: "session expired" }), {
        endpoint: "listCards",
        times: 5
      })
      const error = yield* Effect.flip(masterpass.listCards({ user: linked }))
      expect(error).toMatchObject({ _tag: "PaywallEnvelopeError", errorCode: 1 })
      const log = yield* events
      expect(log.filter((event) => event._tag === "Used")).toHaveLength(3)
      expect(log.filter((event) => event._tag === "Created")).toHaveLength(2)
      expect(yield* sessionCount).toBe(2)
    }).pipe(Effect.provide(harness({}, {
      // The fault names the session it was sent with: this predicate ignores that.
      isSessionUnknown: (error) => error._tag === "PaywallEnvelopeError" && error.errorCode === 1
    }))))

  it.live("(e) a session about to expire is replaced before the call, not before", () =>
    Effect.gen(function*() {
      const masterpass = yield* wallet
      yield* masterpass.listCards({ user: linked })
      // 15-minute sessions, 1-minute margin: at +13 minutes the session is still used...
      yield* later("13 minutes")(masterpass.listCards({ user: linked }))
      expect(yield* sessionCount).toBe(1)
      // ...at +14.5 minutes it is replaced before the call, which uses the new one.
      yield* later("14.5 minutes")(masterpass.listCards({ user: linked }))
      expect(yield* sessionCount).toBe(2)
      const log = yield* events
      expect(log.map((event) => event._tag)).toStrictEqual([
        "Created",
        "Used",
        "Named",
        "Used",
        "Named",
        "Created",
        "Used",
        "Named"
      ])
      expect(usedLatest(log)).toStrictEqual([])
    }).pipe(Effect.provide(harness({ sessionLifetime: "15 minutes" }, { renewalMargin: "1 minute" }))))

  it.live("(f) the store holds session ids and expiries by user id, never a phone", () =>
    Effect.gen(function*() {
      const masterpass = yield* wallet
      yield* masterpass.listCards({ user: linked })
      yield* Effect.flip(masterpass.listCards({ user: stranger }))
      const entries = yield* Effect.flatMap(Memory, (memory) => memory.snapshot)
      expect([...entries.keys()].sort()).toStrictEqual(["linked", "stranger"])
      for (const stored of entries.values()) {
        expect(Object.keys(stored).sort()).toStrictEqual(["expiresAt", "sessionId"])
      }
      const shown = inspect(entries, { depth: 10 }) + JSON.stringify([...entries])
      for (const digits of [phone, stranger.userPhone, phone.slice(2), stranger.userPhone.slice(2)]) {
        expect(shown).not.toContain(digits)
      }
    }).pipe(Effect.provide(harness())))
})

/** One step of a random session's life: a wallet call, possibly after a fault injected for it. */
const step = fc.record({
  call: fc.constantFrom(...(["listCards", "deleteCard", "linkToMerchant", "unlinkFromMerchant"] as const)),
  fault: fc.option(
    fc.constantFrom(
      Fault.Fault.EnvelopeError({ errorCode: 56, message: "Masterpass payment not found" }),
      Fault.Fault.MasterpassError({ code: "TOKEN_IS_NOT_VALID" }),
      Fault.Fault.Status({ status: 503 })
    ),
    { nil: undefined }
  )
})

describe("The README's wallet", () => {
  it.live("walks the Masterpass flow: cards (linking first, with its OTP), then a payment's OTP and commit", () =>
    Effect.gen(function*() {
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      const asked: Array<string> = []
      const askOtp = (source: "bank" | "masterpass") =>
        Effect.sync(() => {
          asked.push(source)
          return PaywallSandbox.otpCode
        })
      const shopper: MasterpassWallet.User = { userId: "unlinked", userPhone: phone }
      expect((yield* cardsOf(shopper, askOtp)).map((card) => card.alias)).toStrictEqual(["card-9"])
      expect(asked).toHaveLength(1)
      // Linked now: no OTP asked again.
      expect((yield* cardsOf(shopper, askOtp)).map((card) => card.alias)).toStrictEqual(["card-9"])
      expect(asked).toHaveLength(1)

      // The browser's SDK starts the payment in the user's session (the sandbox stands in for it).
      const [session] = yield* sandbox.sessions
      const started = yield* sandbox.startPayment({ sessionId: session!.body.SessionId, otp: true })
      const committed = yield* completePayment(shopper, started, askOtp)
      expect(committed.paymentId).toBe(started.paymentId)
      expect(asked).toHaveLength(2)
      expect(yield* sessionCount).toBe(1)

      expect(yield* Effect.flip(cardsOf({ userId: "nobody", userPhone: phone }, askOtp))).toBeInstanceOf(
        NoMasterpassAccount
      )
    }).pipe(
      Effect.provide(WalletLive.pipe(
        Layer.provideMerge(MasterpassClient.layer),
        Layer.provideMerge(
          PaywallSandbox.layer({ accounts: [{ userId: "unlinked", linked: false, cards: ["card-9"] }] })
        ),
        Layer.provide(NodeHttpClient.layerUndici)
      ))
    ))

  it.live("deletes a card with the user alone, over one session", () =>
    Effect.gen(function*() {
      expect(yield* removeCard(linked, "card-1")).toStrictEqual(["card-2"])
      expect(yield* sessionCount).toBe(1)
    }).pipe(
      Effect.provide(WalletLive.pipe(
        Layer.provideMerge(MasterpassClient.layer),
        Layer.provideMerge(PaywallSandbox.layer({ accounts: [{ userId: "linked", cards: ["card-1", "card-2"] }] })),
        Layer.provide(NodeHttpClient.layerUndici)
      ))
    ))
})

describe("MasterpassWallet property", () => {
  it.live.prop(
    "every call uses the latest id Paywall gave; no session is created while a live one exists",
    [fc.integer({ min: 1, max: 4 }), fc.array(step, { minLength: 1, maxLength: 12 })],
    ([renewEvery, steps]) =>
      Effect.gen(function*() {
        const masterpass = yield* wallet
        const sandbox = yield* PaywallSandbox.PaywallSandbox
        // One user: the sandbox's own state adds failures (CARD_NOT_FOUND, ACCOUNT_NOT_LINKED_TO_MERCHANT, ...).
        const user = linked
        for (const { call, fault } of steps) {
          if (fault !== undefined) yield* sandbox.inject(fault, { endpoint: call })
          const run: Effect.Effect<unknown, unknown> = call === "deleteCard"
            ? masterpass.deleteCard({ user, cardAlias: "card-1" })
            : masterpass[call]({ user })
          yield* Effect.either(run)
        }
        const log = yield* events
        expect(usedLatest(log)).toStrictEqual([])
        expect(log.filter((event) => event._tag === "Used")).toHaveLength(steps.length)
        // Sessions live 15 minutes: the first call creates one, and no other is ever needed.
        expect(yield* sessionCount).toBe(1)
      }).pipe(Effect.provide(harness({ renewEvery }))),
    sized(20, 1500)
  )
})
