import { describe, expect, it } from "@effect/vitest"
import { CreateSessionRequest, PaywallApi, PaywallEndpoint, PaywallError, SdkToken } from "@paywall-effect/domain"
import { MasterpassClient, MasterpassWallet, SessionStore } from "@paywall-effect/http"
import { Arbitraries, MasterpassClientTest, MasterpassWalletTest } from "@paywall-effect/testing"
import type { Layer } from "effect"
import { DateTime, Effect, Either, FastCheck as fc, Redacted, Schema } from "effect"
import { sized } from "../../../test/fastcheck.js"

/** What a test can give a method, whichever the layer and the method. */
type Given =
  | Either.Either<unknown, unknown>
  | fc.Arbitrary<Either.Either<unknown, unknown>>
  | ((request: never) => Effect.Effect<unknown, unknown>)

/** A method of both layers: the nine Masterpass services and `createSdkToken`. */
type Method = MasterpassClientTest.Method & MasterpassWalletTest.Method

/** A test layer, seen the same way whichever it is: how to build it, call a method, read its calls. */
interface Subject<R> {
  readonly layer: (
    options: { readonly seed?: number; readonly services?: Partial<Record<Method, Given>> }
  ) => Layer.Layer<R>
  /** Valid requests of a method. */
  readonly request: (endpoint: Arbitraries.ServiceEndpoint) => fc.Arbitrary<unknown>
  /** The request made invalid, and the error the real code gives for it. */
  readonly invalid: (
    name: Method,
    request: unknown
  ) => { readonly request: unknown; readonly endpoint: string; readonly fields: ReadonlyArray<string> }
  readonly call: (name: Method, request: unknown) => Effect.Effect<unknown, unknown, R>
  readonly callsOf: (name: Method) => Effect.Effect<ReadonlyArray<unknown>, never, R>
}

// Each method takes its own service's request and gives its reply: any of them is a function of the request.
type Call = (request: unknown) => Effect.Effect<unknown, unknown>

const client: Subject<MasterpassClient.MasterpassClient | MasterpassClientTest.MasterpassClientTest> = {
  layer: (options) => MasterpassClientTest.layer(options as MasterpassClientTest.Options),
  request: Arbitraries.requestOf,
  invalid: (name, request) => ({
    request: { ...(request as object), sessionId: " " },
    endpoint: name,
    fields: ["sessionId"]
  }),
  call: (name, request) =>
    Effect.flatMap(MasterpassClient.MasterpassClient, (client) => (client[name] as Call)(request)),
  callsOf: (name) => Effect.flatMap(MasterpassClientTest.MasterpassClientTest, (test) => test.callsOf(name))
}

const wallet: Subject<MasterpassWallet.MasterpassWallet | MasterpassWalletTest.MasterpassWalletTest> = {
  layer: (options) => MasterpassWalletTest.layer(options as MasterpassWalletTest.Options),
  request: (endpoint) =>
    fc.tuple(Arbitraries.user, Arbitraries.requestOf(endpoint)).map(([user, { sessionId: _, ...request }]) => ({
      ...request,
      user
    })),
  // A phone Create Session refuses: the real wallet could make no session for this user.
  invalid: (_, request) => ({
    request: {
      ...(request as object),
      user: { ...(request as { readonly user: MasterpassWallet.User }).user, userPhone: "12" }
    },
    endpoint: "createSession",
    fields: ["userPhone"]
  }),
  call: (name, request) =>
    Effect.flatMap(MasterpassWallet.MasterpassWallet, (wallet) => (wallet[name] as Call)(request)),
  callsOf: (name) => Effect.flatMap(MasterpassWalletTest.MasterpassWalletTest, (test) => test.callsOf(name))
}

const encodeError = Schema.encodeSync(PaywallError.PaywallError)
const decodeError = Schema.decodeUnknownSync(PaywallError.PaywallError)
const context = { expiryTimeZone: DateTime.zoneUnsafeMakeNamed("Europe/Istanbul") }

/** What a call ended in, as an Either. */
const outcomeOf = <R>(subject: Subject<R>, name: Arbitraries.Service, request: unknown) =>
  Effect.either(subject.call(name, request))

const properties = <R>(title: string, subject: Subject<R>) =>
  describe(`${title}: each method honours what it was given`, () => {
    for (
      const [name, endpoint] of Object.entries(Arbitraries.services) as ReadonlyArray<
        [Arbitraries.Service, Arbitraries.ServiceEndpoint]
      >
    ) {
      const drawnResults = Arbitraries.resultOf(endpoint)

      it.effect.prop(
        `${name}: always the reply or error given, to valid requests, every call recorded`,
        [fc.array(subject.request(endpoint), { minLength: 1, maxLength: 3 }), Arbitraries.resultOf(endpoint)],
        ([requests, given]) =>
          Effect.gen(function*() {
            for (const request of requests) {
              expect(yield* outcomeOf(subject, name, request)).toStrictEqual(given)
            }
            expect(yield* subject.callsOf(name)).toStrictEqual(requests)
          }).pipe(Effect.provide(subject.layer({ services: { [name]: given } }))),
        sized(25, 100)
      )

      it.effect.prop(
        `${name}: each call's answer drawn from the arbitrary given, or from Arbitraries.resultOf by default, the n-th with seed + n`,
        [fc.array(subject.request(endpoint), { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 1000 })],
        ([requests, seed]) =>
          Effect.gen(function*() {
            const refusals = Arbitraries.resultOf(endpoint, { success: 0 })
            const drawn = (arbitrary: fc.Arbitrary<unknown>) =>
              requests.map((_, n) => fc.sample(arbitrary, { seed: seed + n, numRuns: 1 })[0])
            const given = yield* Effect.forEach(requests, (request) => outcomeOf(subject, name, request)).pipe(
              Effect.provide(subject.layer({ seed, services: { [name]: refusals } }))
            )
            expect(given).toStrictEqual(drawn(refusals))
            const byDefault = yield* Effect.forEach(requests, (request) => outcomeOf(subject, name, request)).pipe(
              Effect.provide(subject.layer({ seed }))
            )
            expect(byDefault).toStrictEqual(drawn(Arbitraries.resultOf(endpoint)))
          }),
        sized(10, 200)
      )

      it.effect.prop(
        `${name}: the function given answers, with the request`,
        [subject.request(endpoint), Arbitraries.resultOf(endpoint)],
        ([request, given]) =>
          Effect.gen(function*() {
            const seen: Array<unknown> = []
            const answer = (request: never) =>
              Effect.suspend(() => {
                seen.push(request)
                return given
              })
            const outcome = yield* outcomeOf(subject, name, request).pipe(
              Effect.provide(subject.layer({ services: { [name]: answer } }))
            )
            expect(outcome).toStrictEqual(given)
            expect(seen).toStrictEqual([request])
          }),
        sized(10, 100)
      )

      it.effect.prop(
        `${name}: an invalid request fails as the real code fails it, and uses no answer`,
        [subject.request(endpoint), subject.request(endpoint), fc.integer({ min: 0, max: 1000 })],
        ([valid, other, seed]) =>
          Effect.gen(function*() {
            const invalid = subject.invalid(name, other)
            const refused = yield* Effect.flip(subject.call(name, invalid.request))
            expect(refused).toStrictEqual(
              new PaywallError.PaywallRequestError({ endpoint: invalid.endpoint, fields: invalid.fields })
            )
            // The valid call after it gets the first answer (n = 0).
            expect(yield* outcomeOf(subject, name, valid)).toStrictEqual(
              fc.sample(drawnResults, { seed, numRuns: 1 })[0]
            )
            expect(yield* subject.callsOf(name)).toStrictEqual([invalid.request, valid])
          }).pipe(Effect.provide(subject.layer({ seed, services: { [name]: drawnResults } }))),
        sized(10, 100)
      )
    }
  })

properties("MasterpassClientTest", client)
properties("MasterpassWalletTest", wallet)

describe("createSdkToken", () => {
  const user = { userId: "42", userPhone: "905123456710" }
  const options = { clientCardSave: true, threeDSession: false, clientSdk: true, scopeBased: false } as const
  const token = new SdkToken.SdkToken({
    token: Redacted.make("22ae3b5a-8eb0-41cc-88c7-219e25b95441"),
    tempTokenId: 14533994
  })
  const request = new SdkToken.SdkTokenRequest({
    ...options,
    masterpassSession: new CreateSessionRequest.CreateSessionRequest({ referenceCode: "r-1", ...user })
  })

  /** The first answers drawn from `Arbitraries.resultOf(createSdkToken)` with `seed`: the n-th with seed + n. */
  const drawnTokens = (seed: number, calls: number) =>
    Array.from(
      { length: calls },
      (_, n) => fc.sample(Arbitraries.resultOf(PaywallApi.createSdkToken), { seed: seed + n, numRuns: 1 })[0]
    )

  it.effect("MasterpassClientTest: answers what it was given, checks the request, and draws when given nothing", () =>
    Effect.gen(function*() {
      const given = yield* client.call("createSdkToken", request).pipe(
        Effect.provide(client.layer({ services: { createSdkToken: Either.right(token) } }))
      )
      expect(given).toBe(token)
      const invalid = new SdkToken.SdkTokenRequest({ ...options, expiryMinutes: 5000 }, true)
      const refused = yield* Effect.flip(client.call("createSdkToken", invalid)).pipe(
        Effect.provide(client.layer({ services: { createSdkToken: Either.right(token) } }))
      )
      expect(refused).toMatchObject({
        _tag: "PaywallRequestError",
        endpoint: "createSdkToken",
        fields: ["expiryMinutes"]
      })
      const drawn = yield* Effect.all([
        Effect.either(client.call("createSdkToken", request)),
        Effect.either(client.call("createSdkToken", request))
      ]).pipe(Effect.provide(client.layer({ seed: 7 })))
      expect(drawn).toStrictEqual(drawnTokens(7, 2))
    }))

  it.effect("MasterpassWalletTest: answers what it was given, checks the user and the options, and draws when given nothing", () =>
    Effect.gen(function*() {
      const given = yield* wallet.call("createSdkToken", { user, ...options }).pipe(
        Effect.provide(wallet.layer({ services: { createSdkToken: Either.right(token) } }))
      )
      expect(given).toBe(token)
      const badPhone = yield* Effect.flip(
        wallet.call("createSdkToken", { user: { ...user, userPhone: "12" }, ...options })
      )
        .pipe(Effect.provide(wallet.layer({ services: { createSdkToken: Either.right(token) } })))
      expect(badPhone).toStrictEqual(
        new PaywallError.PaywallRequestError({ endpoint: "createSession", fields: ["userPhone"] })
      )
      const badOptions = yield* Effect.flip(wallet.call("createSdkToken", { user, ...options, expiryMinutes: 5000 }))
        .pipe(Effect.provide(wallet.layer({ services: { createSdkToken: Either.right(token) } })))
      expect(badOptions).toMatchObject({ _tag: "PaywallRequestError", endpoint: "createSdkToken" })
      const drawn = yield* Effect.all([
        Effect.either(wallet.call("createSdkToken", { user, ...options })),
        Effect.either(wallet.call("createSdkToken", { user, ...options }))
      ]).pipe(Effect.provide(wallet.layer({ seed: 7 })))
      expect(drawn).toStrictEqual(drawnTokens(7, 2))
    }))
})

describe("MasterpassWalletTest", () => {
  it.effect("checks a wallet request's own fields as the service does", () =>
    Effect.gen(function*() {
      const wallet = yield* MasterpassWallet.MasterpassWallet
      const error = yield* Effect.flip(
        wallet.verifyOtp({ user: { userId: "42", userPhone: "905123456710" }, otpToken: " ", otpCode: "123456" })
      )
      expect(error).toStrictEqual(new PaywallError.PaywallRequestError({ endpoint: "verifyOtp", fields: ["otpToken"] }))
    }).pipe(Effect.provide(MasterpassWalletTest.layer())))

  const storeDown = new SessionStore.SessionStoreError({ operation: "get", description: "connection refused" })

  it.effect("answers a session store error it was given", () =>
    Effect.gen(function*() {
      const wallet = yield* MasterpassWallet.MasterpassWallet
      const error = yield* Effect.flip(wallet.listCards({ user: { userId: "42", userPhone: "905123456710" } }))
      expect(error).toBe(storeDown)
    }).pipe(Effect.provide(MasterpassWalletTest.layer({
      services: { listCards: Either.left(storeDown) }
    }))))
})

describe("Arbitraries of every endpoint", () => {
  for (const endpoint of Object.values(PaywallApi.endpoints)) {
    it.prop(
      `${endpoint.name}: valid requests, replies of the declaration's type, errors that serialise`,
      [Arbitraries.requestOf(endpoint), Arbitraries.replyOf(endpoint), Arbitraries.resultOf(endpoint)],
      ([request, reply, result]) => {
        expect(Either.isRight(PaywallEndpoint.validate(endpoint, request as never))).toBe(true)
        expect(Schema.is(Schema.typeSchema(endpoint.reply(context) as Schema.Schema<unknown, unknown>))(reply)).toBe(
          true
        )
        if (Either.isLeft(result)) {
          expect(decodeError(encodeError(result.left))).toStrictEqual(result.left)
        }
      },
      sized(40, 50)
    )
  }

  it("cover every failure form of a service, with and without a session", () => {
    const errors = fc.sample(Arbitraries.answerOf(Arbitraries.services.verifyOtp), { seed: 11, numRuns: 2000 })
      .flatMap((answer) => Either.isLeft(answer.result) ? [answer.result.left] : [])
    const forms = new Set(errors.map((error) => {
      const session = "session" in error && error.session !== undefined ? "session" : "no session"
      switch (error._tag) {
        case "PaywallMasterpassError":
          return `${
            error.exceptionCode !== undefined
              ? "exception"
              : error.responseCode !== undefined
              ? "responseCode"
              : "statusCode"
          } ErrorCode ${error.errorCode === 0 ? 0 : error.errorCode === 1 ? 1 : "other"}, ${session}`
        case "PaywallEnvelopeError":
          return `envelope ${[56, 92, 1].includes(error.errorCode) ? error.errorCode : "other"}, ${session}`
        default:
          return error._tag
      }
    }))
    const expected = [
      "exception ErrorCode 0",
      "exception ErrorCode 1",
      "exception ErrorCode other",
      "responseCode ErrorCode 0",
      "statusCode ErrorCode 0",
      "envelope 56",
      "envelope 92",
      "envelope 1",
      "envelope other"
    ].flatMap((form) => [`${form}, session`, `${form}, no session`])
    expect([...forms].filter((form) => expected.includes(form)).sort()).toStrictEqual([...expected].sort())
    expect(forms).toContain("PaywallHttpError")
    expect(forms).toContain("PaywallDecodeError")
  })

  it("cover the Private API's refusals, statuses and exact amounts, and outcomeUnknown for the calls that move money", () => {
    const queries = fc.sample(Arbitraries.answerOf(Arbitraries.privateServices.queryPayment), {
      seed: 5,
      numRuns: 1000
    })
    const payments = queries.flatMap((answer) => Either.isRight(answer.result) ? [answer.result.right] : [])
    const codes = new Set(
      queries.flatMap((answer) => Either.isLeft(answer.result) ? [answer.result.left] : [])
        .flatMap((error) => error._tag === "PaywallEnvelopeError" ? [error.errorCode] : [])
    )
    for (const code of [56, 92, 93, 94, 112]) expect(codes).toContain(code)
    const statuses = new Set(payments.map((payment) => payment.status._tag))
    for (const status of ["Pending", "Succeeded", "Cancelled", "Unknown"]) expect(statuses).toContain(status)
    // Amounts no float holds, read with every digit, and keys left out.
    expect(payments.some((payment) => payment.paymentAmount.value > 2n ** 53n)).toBe(true)
    expect(queries.some((answer) => /"PaymentAmount":\d{17,}/.test(answer.body))).toBe(true)
    expect(payments.some((payment) => payment.uniqueCode === undefined)).toBe(true)

    const refunds = fc.sample(Arbitraries.answerOf(Arbitraries.privateServices.refundPartially), {
      seed: 5,
      numRuns: 500
    })
    expect(
      refunds.some((answer) =>
        answer.body === "{\"ErrorCode\":0,\"Result\":true,\"Message\":\"Success\",\"Body\":null}"
      )
    )
      .toBe(true)
    expect(refunds.some((answer) =>
      Either.isLeft(answer.result) && "outcomeUnknown" in answer.result.left
      && answer.result.left.outcomeUnknown === true
    )).toBe(true)
  })
})
