/**
 * Create Session described once as an `HttpApi`, for its OpenAPI 3.1 document.
 *
 * @since 0.1.0
 */
import * as HttpApi from "@effect/platform/HttpApi"
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import { CreateSessionRequest, MasterpassSession, PaywallEnvelope } from "@paywall-effect/domain"
import * as Schema from "effect/Schema"

/**
 * The answer to a refused request: a failure envelope whose `Body` is unspecified.
 */
const FailureEnvelope = PaywallEnvelope.AnyEnvelope.annotations({ identifier: "FailureEnvelope" })

/**
 * Masterpass Create Session as Paywall documents it, with the failures the sandbox answers
 * (HTTP 400 for an invalid body, 401 for wrong credentials: the sandbox's choice, as Paywall
 * does not document its statuses).
 *
 * @example
 * ```ts
 * import { OpenApi } from "@effect/platform"
 * import { SandboxApi } from "@paywall-effect/sandbox"
 *
 * const spec = OpenApi.fromApi(SandboxApi.SandboxApi)
 * ```
 *
 * @since 0.1.0
 * @category api
 */
export class SandboxApi extends HttpApi.make("paywall-masterpass-sandbox").add(
  HttpApiGroup.make("masterpass").add(
    HttpApiEndpoint.post("createSession", "/api/paywall/masterpass/session")
      .setHeaders(Schema.Struct({ apikeyprivate: Schema.String, apiclientprivate: Schema.String }))
      .setPayload(CreateSessionRequest.CreateSessionRequest)
      .addSuccess(
        PaywallEnvelope.PaywallEnvelope(MasterpassSession.SessionBody).annotations({
          identifier: "CreateSessionAnswer"
        })
      )
      .addError(FailureEnvelope, { status: 400 })
      .addError(FailureEnvelope.annotations({ identifier: "CredentialsFailureEnvelope" }), { status: 401 })
  )
).annotate(OpenApi.Title, "Paywall Masterpass sandbox")
  .annotate(OpenApi.Description, "Masterpass Create Session, as the paywall-effect sandbox serves it.")
{}

/**
 * The OpenAPI 3.1 document of {@link SandboxApi}, served at `/openapi.json`.
 *
 * @example
 * ```ts
 * import { SandboxApi } from "@paywall-effect/sandbox"
 *
 * SandboxApi.openApiDocument.openapi // "3.1.0"
 * ```
 *
 * @since 0.1.0
 * @category api
 */
export const openApiDocument: OpenApi.OpenAPISpec = OpenApi.fromApi(SandboxApi, {
  additionalPropertiesStrategy: "allow"
})
