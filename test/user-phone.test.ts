import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { CreateSessionRequest, PaywallApi } from "@paywall-effect/domain"
import { MasterpassClient, MasterpassWallet, PaywallClient, SessionStore } from "@paywall-effect/http"
import { Fault, PaywallSandbox } from "@paywall-effect/sandbox"
import { Effect, Layer } from "effect"

// Paywall's card list answers with the user's phone as `AccountKey`, though its request names no
// phone: what a call keeps of an answer (here the `exchange` bodies, and errors) must not show it.

const phone = "905123456710"
const user: MasterpassWallet.User = { userId: "linked", userPhone: phone }

/** The pipeline, with every `exchange` body (what records and pages show) kept aside. */
const bodies: Array<unknown> = []
const Recording = Layer.effect(
  PaywallClient.PaywallClient,
  Effect.map(PaywallClient.PaywallClient, (paywall) =>
    PaywallClient.PaywallClient.of({
      exchange: (endpoint, request) =>
        Effect.tap(paywall.exchange(endpoint, request), (done) => Effect.sync(() => bodies.push(done.body))),
      call: (endpoint, request) =>
        Effect.flatMap(paywall.exchange(endpoint, request), (done) => {
          bodies.push(done.body)
          return done.result
        })
    }))
).pipe(Layer.provide(PaywallClient.layer))

const Live = MasterpassWallet.layer().pipe(
  Layer.provideMerge(Layer.effect(MasterpassClient.MasterpassClient, MasterpassClient.make)),
  Layer.provide(SessionStore.layerMemory),
  Layer.provideMerge(Recording),
  Layer.provideMerge(PaywallSandbox.layer({ accounts: [{ userId: "linked", cards: ["card-1"] }] })),
  Layer.provide(NodeHttpClient.layerUndici)
)

describe("the user's phone in what a call keeps", () => {
  it.live("is in the card list's AccountKey, and scrubbed from every body kept of the wallet's calls", () =>
    Effect.gen(function*() {
      bodies.length = 0
      const wallet = yield* MasterpassWallet.MasterpassWallet
      const list = yield* wallet.listCards({ user })
      // The reply itself carries it (it is the answer's data); nothing kept as text does.
      expect(list.accountKey).toBe(phone)
      expect(JSON.stringify(bodies)).not.toContain("5123456710")
      expect(bodies.at(-1)).toMatchObject({ Body: { Masterpass: { Result: { AccountKey: "<phone>" } } } })
    }).pipe(Effect.provide(Live)))

  it.live("is scrubbed from a Masterpass error of the wallet's that echoes it, however formatted", () =>
    Effect.gen(function*() {
      const wallet = yield* MasterpassWallet.MasterpassWallet
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      yield* wallet.listCards({ user })
      yield* sandbox.inject(
        Fault.Fault.MasterpassError({ code: "USER_NOT_FOUND", message: "No account for +90 512 345 67 10" }),
        { endpoint: "listCards" }
      )
      const error = yield* Effect.flip(wallet.listCards({ user }))
      expect(error._tag).toBe("PaywallMasterpassError")
      expect(error.message).toContain("No account for +<phone>")
      expect(error.message).not.toContain("512 345")
    }).pipe(Effect.provide(Live)))

  it.live("is kept by a call made for nobody, and scrubbed by one made with PaywallClient.forUser", () =>
    Effect.gen(function*() {
      const paywall = yield* PaywallClient.PaywallClient
      const client = yield* MasterpassClient.MasterpassClient
      const session = yield* client.createSession(
        new CreateSessionRequest.CreateSessionRequest({ referenceCode: "ref-1", userId: "linked", userPhone: phone })
      )
      const request = { sessionId: session.sessionId }
      const bare = yield* paywall.exchange(PaywallApi.listCards, request)
      expect(JSON.stringify(bare.body)).toContain(phone)
      const scrubbed = yield* paywall.exchange(PaywallApi.listCards, request).pipe(PaywallClient.forUser(phone))
      expect(JSON.stringify(scrubbed.body)).not.toContain(phone)
    }).pipe(Effect.provide(Live)))
})
