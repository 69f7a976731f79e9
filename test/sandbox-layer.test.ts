import { NodeHttpClient } from "@effect/platform-node"
import { expect, it } from "@effect/vitest"
import { CreateSessionRequest } from "@paywall-effect/domain"
import { MasterpassClient } from "@paywall-effect/http"
import { PaywallSandbox } from "@paywall-effect/sandbox"
import { Effect, Layer } from "effect"

// The real client, over a real socket, against a sandbox that lives as long as the layer.
const TestMasterpass = MasterpassClient.layer.pipe(
  Layer.provideMerge(PaywallSandbox.layer()),
  Layer.provide(NodeHttpClient.layerUndici)
)

it.live("creates a session the sandbox keeps", () =>
  Effect.gen(function*() {
    const masterpass = yield* MasterpassClient.MasterpassClient
    const session = yield* masterpass.createSession(
      new CreateSessionRequest.CreateSessionRequest({
        referenceCode: "order-1",
        userId: "42",
        userPhone: "905123456710"
      })
    )
    const sandbox = yield* PaywallSandbox.PaywallSandbox
    expect((yield* sandbox.sessions).map((kept) => kept.body.SessionId)).toStrictEqual([session.sessionId])
  }).pipe(Effect.provide(TestMasterpass)))
