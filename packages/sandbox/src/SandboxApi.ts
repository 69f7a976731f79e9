/**
 * Every endpoint of `PaywallApi` as an `HttpApi`, derived from its one declaration, for the
 * sandbox's OpenAPI 3.1 document.
 *
 * @since 0.1.0
 */
import * as HttpApi from "@effect/platform/HttpApi"
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import { PaywallApi, type PaywallEndpoint, PaywallEnvelope } from "@paywall-effect/domain"
import * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"

/**
 * The answer to a refused request: a failure envelope whose `Body` is unspecified.
 */
const FailureEnvelope = PaywallEnvelope.AnyEnvelope.annotations({ identifier: "FailureEnvelope" })

/** The headers of a key pair. */
const credentials = (pair: PaywallEndpoint.KeyPair) =>
  Schema.Struct({
    [PaywallApi.credentialHeaders[pair].apiKey]: Schema.String,
    [PaywallApi.credentialHeaders[pair].apiClient]: Schema.String
  })

const replyContext: PaywallEndpoint.ReplyContext = {
  expiryTimeZone: DateTime.zoneUnsafeMakeNamed(PaywallApi.defaultExpiryTimeZone)
}

const capitalised = (name: string) => `${name[0]?.toUpperCase()}${name.slice(1)}`

/**
 * One declared endpoint as an `HttpApiEndpoint`: the wire form of its request, the envelope of
 * its success around the wire form of its `Body`, and the failures the sandbox answers (HTTP 400
 * for an invalid request, 401 for wrong credentials: the sandbox's choice, as Paywall does not
 * document its statuses). Paywall's failures at HTTP 200 (an envelope with `ErrorCode` != 0)
 * are not expressible by status, so the success schema is the envelope whatever it says.
 *
 * @example
 * ```ts
 * import { PaywallApi } from "@paywall-effect/domain"
 * import { SandboxApi } from "@paywall-effect/sandbox"
 *
 * const endpoint = SandboxApi.toHttpApiEndpoint(PaywallApi.createSession)
 * ```
 *
 * @since 0.2.0
 * @category api
 */
export const toHttpApiEndpoint = (endpoint: PaywallEndpoint.Any) => {
  const headerKeys: ReadonlyArray<string> = endpoint.headers ?? []
  const request = Schema.encodedBoundSchema(endpoint.request)
  const headerFields = Schema.Struct(Object.fromEntries(headerKeys.map((key) => [key, Schema.String])))
  const declared = HttpApiEndpoint.make(endpoint.method)(endpoint.name, endpoint.path)
    .setHeaders(Schema.extend(credentials(endpoint.credentials ?? "private"), headerFields))
    .addSuccess(
      PaywallEnvelope.PaywallEnvelope(Schema.encodedBoundSchema(endpoint.reply(replyContext))).annotations({
        identifier: `${capitalised(endpoint.name)}Answer`
      })
    )
    .addError(FailureEnvelope, { status: 400 })
    .addError(FailureEnvelope.annotations({ identifier: "CredentialsFailureEnvelope" }), { status: 401 })
  return headerKeys.length > 0 && endpoint.method === "GET" ? declared : declared.setPayload(request)
}

/** The endpoints of one of Paywall's APIs as a group (an OpenAPI tag). */
const groupOf = <Name extends string>(name: Name, api: PaywallEndpoint.Api) =>
  Object.values<PaywallEndpoint.Any>(PaywallApi.endpoints)
    .filter((endpoint) => (endpoint.api ?? "payment") === api)
    .reduce<HttpApiGroup.HttpApiGroup<Name, HttpApiEndpoint.HttpApiEndpoint.Any, never>>(
      (group, endpoint) => group.add(toHttpApiEndpoint(endpoint)),
      HttpApiGroup.make(name)
    )

/**
 * Paywall's API as the sandbox serves it: every endpoint of `PaywallApi.endpoints`, the Payment
 * API's in the group `masterpass`, the Payment Private API's in the group `private`.
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
export const SandboxApi = HttpApi.make("paywall-masterpass-sandbox")
  .add(groupOf("masterpass", "payment"))
  .add(groupOf("private", "private"))
  .annotate(OpenApi.Title, "Paywall Masterpass sandbox")
  .annotate(
    OpenApi.Description,
    "Paywall's Masterpass API and Payment Private API, as the paywall-effect sandbox serves them."
  )

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
