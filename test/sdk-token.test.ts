import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { CreateSessionRequest, PaywallApi, SdkToken } from "@paywall-effect/domain"
import { MasterpassClient, MasterpassWallet, PaywallCredentials, SessionStore } from "@paywall-effect/http"
import { Fault, PaywallSandbox } from "@paywall-effect/sandbox"
import { ConfigProvider, Effect, Either, Layer, Option, Redacted, Schema } from "effect"
import { inspect } from "node:util"

// The SDK temp token over real sockets on 127.0.0.1, against the sandbox, which accepts it only
// with its public pair (and the Masterpass services only with the private one).
const sandboxed = (options: PaywallSandbox.Options = {}) =>
  Layer.provideMerge(
    MasterpassWallet.layer(),
    Layer.merge(MasterpassClient.layer, SessionStore.layerMemory)
  ).pipe(
    Layer.provideMerge(PaywallSandbox.layer({
      accounts: [{ userId: "linked", cards: ["card-1"] }],
      client: { maxRetries: 0 },
      ...options
    })),
    Layer.provide(NodeHttpClient.layerUndici)
  )

const phone = "905123456710"
const tokenRequest = (masterpassSession?: CreateSessionRequest.CreateSessionRequest) =>
  new SdkToken.SdkTokenRequest({
    clientCardSave: true,
    threeDSession: false,
    clientSdk: true,
    scopeBased: false,
    ...(masterpassSession === undefined ? {} : { masterpassSession })
  })

describe("SDK temp token", () => {
  it.live("with a Masterpass session: a redacted token and a session the server-side services accept", () =>
    Effect.gen(function*() {
      const client = yield* MasterpassClient.MasterpassClient
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      const token = yield* client.createSdkToken(tokenRequest(
        new CreateSessionRequest.CreateSessionRequest({ referenceCode: "sdk-1", userId: "linked", userPhone: phone })
      ))
      expect(Redacted.isRedacted(token.token)).toBe(true)
      expect(Redacted.value(token.token)).toMatch(/^[0-9a-f-]{36}$/)
      expect(String(token.token)).toBe("<redacted>")
      expect(inspect(token)).not.toContain(Redacted.value(token.token))
      expect(token.session).toBeDefined()
      expect(token.expiresAt).toBeDefined()
      const [created] = yield* sandbox.sessions
      expect(created?.request.userId).toBe("linked")
      expect(created?.body.SessionId).toBe(token.session?.sessionId)
      const cards = yield* client.listCards({ sessionId: token.session!.sessionId })
      expect(cards.cards.map((card) => card.alias)).toStrictEqual(["card-1"])
    }).pipe(Effect.provide(sandboxed())))

  it.live("without one: a token alone, and no session made", () =>
    Effect.gen(function*() {
      const client = yield* MasterpassClient.MasterpassClient
      const token = yield* client.createSdkToken(tokenRequest())
      expect(token.session).toBeUndefined()
      expect(yield* Effect.flatMap(PaywallSandbox.PaywallSandbox, (sandbox) => sandbox.sessions)).toHaveLength(0)
    }).pipe(Effect.provide(sandboxed())))

  it("writes IncludeMasterpassSession from the presence of a session, and the scope as its number", () => {
    const encode = Schema.encodeSync(PaywallApi.createSdkToken.request)
    const session = new CreateSessionRequest.CreateSessionRequest({ referenceCode: "r", userId: "u", userPhone: phone })
    expect(encode(tokenRequest())).toStrictEqual({
      ClientCardSave: true,
      ThreeDSession: false,
      ClientSdk: true,
      ScopeBased: false,
      Scope: 0,
      ExpiryMin: 30,
      IncludeMasterpassSession: false
    })
    expect(encode(tokenRequest(session))).toMatchObject({
      IncludeMasterpassSession: true,
      MasterpassSession: { ReferenceCode: "r", UserId: "u", UserPhone: phone }
    })
  })

  it.live("an invalid request fails naming the field, before any I/O", () =>
    Effect.gen(function*() {
      const client = yield* MasterpassClient.MasterpassClient
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      const before = yield* sandbox.requests
      const error = yield* Effect.flip(client.createSdkToken(
        new SdkToken.SdkTokenRequest({ ...tokenRequest(), expiryMinutes: 5000 }, true)
      ))
      expect(error).toMatchObject({ _tag: "PaywallRequestError", fields: ["expiryMinutes"] })
      expect(yield* sandbox.requests).toBe(before)
    }).pipe(Effect.provide(sandboxed())))

  it.live("without a public pair configured: a PaywallRequestError, nothing sent", () =>
    Effect.gen(function*() {
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      const error = yield* Effect.flip(
        Effect.flatMap(
          MasterpassClient.MasterpassClient,
          (client) => client.createSdkToken(tokenRequest())
        ).pipe(
          Effect.provide(MasterpassClient.layer.pipe(
            Layer.provide(PaywallCredentials.layer({
              apiKeyPrivate: sandbox.credentials.apiKeyPrivate,
              apiClientPrivate: sandbox.credentials.apiClientPrivate
            })),
            Layer.provide(NodeHttpClient.layerUndici),
            Layer.orDie
          )),
          Effect.provide(PaywallSandbox.layer().pipe(Layer.orDie))
        )
      )
      expect(error).toMatchObject({ _tag: "PaywallRequestError", reason: "the public key pair is not configured" })
    }).pipe(Effect.provide(sandboxed())))

  it.live("a failure of the token service is a typed error whatever the fault", () =>
    Effect.gen(function*() {
      const client = yield* MasterpassClient.MasterpassClient
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      yield* sandbox.inject(Fault.Fault.EnvelopeError({ errorCode: 77, message: "invalid credentials" }), {
        endpoint: "createSdkToken"
      })
      expect(yield* Effect.flip(client.createSdkToken(tokenRequest()))).toMatchObject({
        _tag: "PaywallEnvelopeError",
        errorCode: 77
      })
      yield* sandbox.inject(Fault.Fault.SuccessWithoutBody(), { endpoint: "createSdkToken" })
      expect((yield* Effect.flip(client.createSdkToken(tokenRequest())))._tag).toBe("PaywallDecodeError")
    }).pipe(Effect.provide(sandboxed())))

  it.live("the wallet's token carries a new session, which becomes the user's: later calls use it", () =>
    Effect.gen(function*() {
      const wallet = yield* MasterpassWallet.MasterpassWallet
      const sandbox = yield* PaywallSandbox.PaywallSandbox
      const user = { userId: "linked", userPhone: phone }
      yield* wallet.listCards({ user })
      const token = yield* wallet.createSdkToken({
        user,
        clientCardSave: true,
        threeDSession: true,
        clientSdk: true,
        scopeBased: false
      })
      const cards = yield* wallet.listCards({ user })
      expect(cards.session.sessionId).toBe(token.session?.sessionId)
      // One Create Session for the first call, one session with the token; none after.
      expect(yield* Effect.map(sandbox.sessions, (sessions) => sessions.length)).toBe(2)
      const stored = yield* Effect.flatMap(SessionStore.SessionStore, (store) => store.get("linked"))
      expect(Option.map(stored, (session) => session.sessionId)).toStrictEqual(Option.some(token.session?.sessionId))
    }).pipe(Effect.provide(sandboxed())))
})

describe("PaywallCredentials: the public pair", () => {
  const read = (variables: Record<string, string>) =>
    Effect.either(Effect.provide(
      PaywallCredentials.PaywallCredentials,
      PaywallCredentials.layerConfig().pipe(
        Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(variables)))))
      )
    ))
  const privatePair = { PAYWALL_API_KEY_PRIVATE: "key-private", PAYWALL_API_CLIENT_PRIVATE: "client-private" }

  it.effect("is optional, read as Redacted when both halves are set, and one half alone names the other", () =>
    Effect.gen(function*() {
      const without = yield* read(privatePair)
      expect(Either.isRight(without) && without.right.apiKeyPublic).toBe(undefined)
      const both = yield* read({ ...privatePair, PAYWALL_API_KEY_PUBLIC: "kp", PAYWALL_API_CLIENT_PUBLIC: "cp" })
      expect(Either.isRight(both) && both.right.apiKeyPublic && Redacted.value(both.right.apiKeyPublic)).toBe("kp")
      const half = yield* read({ ...privatePair, PAYWALL_API_KEY_PUBLIC: "kp-secret" })
      expect(Either.isLeft(half) && String(half.left)).toContain("PAYWALL_API_CLIENT_PUBLIC is not set")
      expect(String(Either.isLeft(half) && half.left)).not.toContain("kp-secret")
      const invalid = yield* read({ ...privatePair, PAYWALL_API_KEY_PUBLIC: "k p", PAYWALL_API_CLIENT_PUBLIC: "cp" })
      expect(Either.isLeft(invalid) && String(invalid.left)).toContain("PAYWALL_API_KEY_PUBLIC must be non-empty")
    }))
})
