/**
 * A hostile Paywall of our own for tests: a real `node:http` (or `node:https`, with a
 * certificate made at test time by `openssl`) server on 127.0.0.1 that answers as each test
 * scripts it, records which requests (with their headers) reached it, and counts the
 * connections open on it, so tests can see whether a client left sockets behind.
 */
import { NodeHttpClient } from "@effect/platform-node"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import { CreateSessionRequest } from "@paywall-effect/domain"
import { MasterpassClient, PaywallConfig, PaywallCredentials } from "@paywall-effect/http"
import { Effect, Layer, Redacted, Schedule } from "effect"
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import * as Http from "node:http"
import * as Https from "node:https"
import type { AddressInfo, Socket } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Undici from "undici"

/** What reached a server: method, path and headers of one request. */
export interface Received {
  readonly method: string
  readonly url: string
  readonly headers: Http.IncomingHttpHeaders
}

export type Handler = (request: Http.IncomingMessage, response: Http.ServerResponse) => void

export interface Hostile {
  /** `http://127.0.0.1:port` or `https://127.0.0.1:port`. */
  readonly url: string
  readonly received: ReadonlyArray<Received>
  /** Connections open on the server now. */
  readonly openConnections: Effect.Effect<number>
  /** Connections accepted since the server started. */
  readonly connections: Effect.Effect<number>
  /**
   * Connections open now that carried a request. undici (bundled or not) opens a fresh, idle
   * connection after each one it destroys mid-response and closes it on its own a few seconds
   * later; those carry nothing, so this count tells whether the answered ones were closed.
   */
  readonly openCarrying: Effect.Effect<number>
}

/** A self-signed certificate for 127.0.0.1, made once per test file by the `openssl` CLI. */
let certificate: { readonly key: string; readonly cert: string } | undefined
export const testCertificate = () => {
  if (certificate !== undefined) return certificate
  const dir = mkdtempSync(join(tmpdir(), "hostile-tls-"))
  try {
    execFileSync("openssl", [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-days",
      "1",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem")
    ], { stdio: "ignore" })
    certificate = { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") }
    return certificate
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A hostile server for the life of the scope; every socket still open is destroyed when it closes. */
export const hostileServer = (handler: Handler, options: { readonly tls?: boolean } = {}) =>
  Effect.acquireRelease(
    Effect.async<Hostile & { readonly server: Http.Server }>((resume) => {
      const received: Array<Received> = []
      const sockets = new Set<Socket>()
      const carrying = new Set<Socket>()
      let connections = 0
      const listener: Handler = (request, response) => {
        received.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers })
        const socket = request.socket
        if (!carrying.has(socket)) {
          carrying.add(socket)
          socket.once("close", () => carrying.delete(socket))
        }
        handler(request, response)
      }
      const server = options.tls === true
        ? Https.createServer(testCertificate(), listener)
        : Http.createServer(listener)
      // Counted on the TCP socket (before TLS), so a TLS connection is one socket too.
      server.on("connection", (socket: Socket) => {
        connections++
        sockets.add(socket)
        socket.once("close", () => sockets.delete(socket))
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({
          url: `${options.tls === true ? "https" : "http"}://127.0.0.1:${port}`,
          received,
          openConnections: Effect.sync(() => sockets.size),
          connections: Effect.sync(() => connections),
          openCarrying: Effect.sync(() => carrying.size),
          server
        }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

/**
 * `value` once `done` holds for it, read every 5 ms for at most 5 s (sockets close on the event
 * loop's time, not ours); after 5 s, its last reading, for the caller to assert on.
 */
export const settled = <A>(value: Effect.Effect<A>, done: (a: A) => boolean): Effect.Effect<A> =>
  value.pipe(
    Effect.repeat(
      Schedule.spaced("5 millis").pipe(Schedule.whileInput((a: A) => !done(a)), Schedule.upTo("5 seconds"))
    ),
    Effect.zipRight(value)
  )

/** An undici Agent trusting the test certificate, destroyed with the scope. */
const trustingAgent = Effect.acquireRelease(
  Effect.sync(() => new Undici.Agent({ connect: { ca: testCertificate().cert } })),
  (agent) => Effect.promise(() => agent.destroy())
)

/**
 * The two platform clients the library is used with, each trusting the test certificate:
 * `NodeHttpClient.layerUndici`'s client over an Agent with the CA, and `FetchHttpClient.layer`
 * with a `Fetch` that passes the same kind of Agent as dispatcher (undici's own fetch, the one
 * Node bundles, so that its Agent is understood). Over plain HTTP the stock layers are used.
 */
export const transports: ReadonlyArray<
  readonly [name: "undici" | "fetch", layer: (tls: boolean) => Layer.Layer<HttpClient.HttpClient>]
> = [
  [
    "undici",
    (tls) =>
      tls
        ? NodeHttpClient.layerUndiciWithoutDispatcher.pipe(
          Layer.provide(Layer.scoped(NodeHttpClient.Dispatcher, trustingAgent))
        )
        : NodeHttpClient.layerUndici
  ],
  [
    "fetch",
    (tls) =>
      tls
        ? FetchHttpClient.layer.pipe(Layer.provide(Layer.scoped(
          FetchHttpClient.Fetch,
          Effect.map(trustingAgent, (agent): typeof globalThis.fetch => (input, init) =>
            // undici's fetch types differ from the DOM ones only nominally; the objects are the same.
            Undici.fetch(
              input as Parameters<typeof Undici.fetch>[0],
              { ...init, dispatcher: agent } as Parameters<typeof Undici.fetch>[1]
            ) as unknown as Promise<Response>)
        )))
        : FetchHttpClient.layer
  ]
]

export const secrets = { apiKeyPrivate: "hostile-key-7f3a9c", apiClientPrivate: "hostile-client-2b8e41" } as const

export const phone = "905123456710"

export const request = new CreateSessionRequest.CreateSessionRequest({
  referenceCode: "order-hostile-1",
  userId: "72812393211",
  userPhone: phone
})

/** The real client against `baseUrl` over `http`, with the test secrets and the given settings. */
export const clientLayer = (
  baseUrl: string,
  http: Layer.Layer<HttpClient.HttpClient>,
  config: Omit<Parameters<typeof PaywallConfig.layer>[0], "baseUrl"> = {},
  credentials: PaywallCredentials.Credentials = {
    apiKeyPrivate: Redacted.make(secrets.apiKeyPrivate),
    apiClientPrivate: Redacted.make(secrets.apiClientPrivate)
  }
) =>
  MasterpassClient.layer.pipe(
    Layer.provide([
      PaywallCredentials.layer(credentials),
      PaywallConfig.layer({ maxRetries: 0, ...config, baseUrl }),
      http
    ]),
    Layer.orDie
  )

/** Runs `f` with a client built for `baseUrl`. */
export const withClient = <A, E>(
  baseUrl: string,
  http: Layer.Layer<HttpClient.HttpClient>,
  f: (client: MasterpassClient.Service) => Effect.Effect<A, E>,
  config: Omit<Parameters<typeof PaywallConfig.layer>[0], "baseUrl"> = {},
  credentials?: PaywallCredentials.Credentials
) =>
  Effect.provide(Effect.flatMap(MasterpassClient.MasterpassClient, f), clientLayer(baseUrl, http, config, credentials))

/** Answers with a JSON text. */
export const sendJson = (response: Http.ServerResponse, body: string, status = 200) =>
  response.writeHead(status, { "content-type": "application/json" }).end(body)
