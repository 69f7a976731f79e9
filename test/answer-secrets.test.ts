import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { CreateSessionRequest, PaywallApi, SdkToken } from "@paywall-effect/domain"
import { PaywallClient } from "@paywall-effect/http"
import { PaywallSandbox } from "@paywall-effect/sandbox"
import { Effect, Either, Layer, Redacted } from "effect"

// What a reply holds as `Redacted` (the SDK temp token, the Masterpass token) stays hidden in the
// answer's JSON kept for records and pages (`exchange`'s body), as the credentials and phone do.

const Live = PaywallClient.layer.pipe(
  Layer.provideMerge(PaywallSandbox.layer({ client: { maxRetries: 0 } })),
  Layer.provide(NodeHttpClient.layerUndici)
)

describe("secrets in an answer", () => {
  it.live("the SDK token's Token and MasterpassToken are <redacted> in the exchange's body; the reply keeps them", () =>
    Effect.gen(function*() {
      const paywall = yield* PaywallClient.PaywallClient
      const exchange = yield* paywall.exchange(
        PaywallApi.createSdkToken,
        new SdkToken.SdkTokenRequest({
          clientCardSave: false,
          threeDSession: false,
          clientSdk: true,
          scopeBased: false,
          masterpassSession: new CreateSessionRequest.CreateSessionRequest({
            referenceCode: "ref-1",
            userId: "42",
            userPhone: "905123456710"
          })
        })
      )
      const reply = Either.getOrThrow(exchange.result)
      const token = Redacted.value(reply.token)
      const masterpassToken = Redacted.value(reply.masterpassToken!)
      const kept = JSON.stringify(exchange.body)
      expect(kept).not.toContain(token)
      expect(kept).not.toContain(masterpassToken)
      expect(exchange.body).toMatchObject({
        Body: {
          Token: "<redacted>",
          Masterpass: { SessionId: reply.session?.sessionId, MasterpassToken: "<redacted>" }
        }
      })
    }).pipe(Effect.provide(Live)))
})
