import { NodeSdk } from "@effect/opentelemetry"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { CreateSessionRequest } from "@paywall-effect/domain"
import { MasterpassClient } from "@paywall-effect/http"
import { PaywallSandbox } from "@paywall-effect/sandbox"
import { Effect, Layer, Redacted } from "effect"

describe("OpenTelemetry export", () => {
  it.live("exports the createSession span, with its attributes and no secret, through @effect/opentelemetry", () =>
    Effect.gen(function*() {
      const exporter = new InMemorySpanExporter()
      const credentials = {
        apiKeyPrivate: Redacted.make("otel-secret-key-0001"),
        apiClientPrivate: Redacted.make("otel-secret-client-0002")
      }
      // Read the spans before the SDK shuts down: shutting down empties the in-memory exporter.
      const spans = yield* Effect.flatMap(MasterpassClient.MasterpassClient, (client) =>
        client.createSession(
          new CreateSessionRequest.CreateSessionRequest({
            referenceCode: "order-6001",
            userId: "72812393211",
            userPhone: "905123456710"
          })
        )).pipe(
          Effect.provide(
            MasterpassClient.layer.pipe(
              Layer.provideMerge(PaywallSandbox.layer({ credentials })),
              Layer.provide(NodeHttpClient.layerUndici)
            )
          ),
          Effect.andThen(Effect.sync(() => exporter.getFinishedSpans())),
          Effect.provide(NodeSdk.layer(() => ({
            resource: { serviceName: "test" },
            spanProcessor: new SimpleSpanProcessor(exporter)
          })))
        )
      const span = spans.find((span) => span.name === "Paywall.createSession")
      expect(span?.attributes).toMatchObject({
        "paywall.outcome": "succeeded",
        "paywall.attempts": 1,
        "http.response.status_code": 200
      })
      const http = spans.find((span) => span.name.startsWith("http.client"))
      expect(http?.attributes["http.request.header.apikeyprivate"]).toBe("<redacted>")
      const exported = JSON.stringify(spans.map((span) => [span.name, span.attributes, span.events]))
      expect(exported).not.toContain("otel-secret")
      expect(exported).not.toContain("905123456710")
    }))
})
