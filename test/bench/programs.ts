/**
 * The two small programs that the startup and weight measures build with esbuild: one Create Session call with the
 * library (subpath imports), and the same call with bare @effect/platform. Both use platform-node's undici
 * `HttpClient`, take the base URL as their first argument, print `session <id>` and exit.
 */
import * as esbuild from "esbuild"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"

// `loaded`: the program's own code starts once every bundled module has been evaluated.
const print = `.then(
  (id) => console.log("session " + id + " " + loaded.toFixed(1) + " " + performance.now().toFixed(1)),
  (error) => { console.error(error); process.exitCode = 1 }
)`

export const librarySource = `
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as CreateSessionRequest from "@paywall-effect/domain/CreateSessionRequest"
import * as MasterpassClient from "@paywall-effect/http/MasterpassClient"
import * as PaywallConfig from "@paywall-effect/http/PaywallConfig"
import * as PaywallCredentials from "@paywall-effect/http/PaywallCredentials"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

const loaded = performance.now()
const program = Effect.flatMap(MasterpassClient.MasterpassClient, (client) =>
  client.createSession(new CreateSessionRequest.CreateSessionRequest({
    referenceCode: "bench-0001", userId: "72812393211", userPhone: "905123456710", phoneVerifiedByMerchant: true
  })))
const layer = MasterpassClient.layer.pipe(Layer.provide([
  PaywallConfig.layer({ baseUrl: process.argv[2] ?? PaywallConfig.testBaseUrl }),
  PaywallCredentials.layer({ apiKeyPrivate: Redacted.make("bench-key"), apiClientPrivate: Redacted.make("bench-client") }),
  NodeHttpClient.layerUndici
]))
Effect.runPromise(program.pipe(Effect.map((session) => session.sessionId), Effect.provide(layer)))${print}
`

const bareSource = (decode: string) => `
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

const loaded = performance.now()
const baseUrl = process.argv[2] ?? "https://test-payment-api.itspaywall.com"
const program = Effect.flatMap(HttpClient.HttpClient, (client) =>
  client.execute(HttpClientRequest.post(baseUrl + "/api/paywall/masterpass/session").pipe(
    HttpClientRequest.setHeaders({ apikeyprivate: "bench-key", apiclientprivate: "bench-client", accept: "application/json" }),
    HttpClientRequest.bodyUnsafeJson({
      ReferenceCode: "bench-0001", UserId: "72812393211", UserPhone: "905123456710", PhoneVerifiedByMerchant: true
    })
  )).pipe(Effect.flatMap((response) => response.json), Effect.flatMap(${decode})))
Effect.runPromise(program.pipe(
  Effect.map((answer) => (answer as { Body: { SessionId: string } }).Body.SessionId),
  Effect.provide(NodeHttpClient.layerUndici)
))${print}
`

/** The bare program: POST + `json`, nothing else. */
export const bareProgram = bareSource("Effect.succeed")

/** The bare program decoding the envelope with a `Schema` (information: what an app using Schema pays anyway). */
export const bareSchemaProgram = bareSource(
  "Schema.decodeUnknown(Schema.Struct({ ErrorCode: Schema.Number, Result: Schema.Boolean, Body: Schema.Struct({ SessionId: Schema.String, SessionExpiryDate: Schema.String }) }))"
)

export interface Built {
  /** The minified bundle, written to a temporary file, ready for `node`. */
  readonly file: string
  /** Its size, minified and gzipped. */
  readonly gzipBytes: number
}

/** Bundles a program (ESM for Node, everything but Node's built-ins inside, minified) into `dir`. */
export const build = async (dir: string, name: string, source: string): Promise<Built> => {
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir: fileURLToPath(new URL(".", import.meta.url)), loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // undici is CommonJS and calls `require` for Node's built-ins.
    banner: { js: "import{createRequire as __cr}from\"node:module\";const require=__cr(import.meta.url);" },
    write: false,
    logLevel: "silent"
  })
  const contents = result.outputFiles[0]!.contents
  const file = join(dir, `${name}.mjs`)
  writeFileSync(file, contents)
  return { file, gzipBytes: gzipSync(contents).length }
}
