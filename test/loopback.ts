import type { HttpApp } from "@effect/platform"
import { NodeHttpClient, NodeHttpServer } from "@effect/platform-node"
import { PaywallConfig, PaywallCredentials } from "@paywall-effect/http"
import { PaywallSandbox } from "@paywall-effect/sandbox"
import { Effect, Layer, Redacted, Schedule } from "effect"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"

/**
 * A bare `node:http` server on 127.0.0.1 and a free port, for the life of the scope. It
 * counts the requests it receives, and destroys every open socket when the scope closes.
 */
export const loopbackServer = (handler: (request: Http.IncomingMessage, response: Http.ServerResponse) => void) =>
  Effect.acquireRelease(
    Effect.async<{ readonly url: string; readonly requests: () => number; readonly server: Http.Server }>((resume) => {
      let requests = 0
      const server = Http.createServer((request, response) => {
        requests++
        handler(request, response)
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({ url: `http://127.0.0.1:${port}`, requests: () => requests, server }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

/** A port on 127.0.0.1 where nothing listens: one a server held and released. */
export const closedPort = Effect.scoped(
  Effect.map(loopbackServer(() => undefined), ({ url }) => url)
)

/**
 * `client` (a Paywall client's layer) with both base URLs at a {@link closedPort}, two retries 1 ms apart,
 * throwaway credentials and undici: for tests of a refused connection, whose every attempt fails to connect.
 */
export const refusedClient = <A, E, R>(client: Layer.Layer<A, E, R>) =>
  Effect.map(closedPort, (url) =>
    client.pipe(
      Layer.provide([
        PaywallConfig.layer({ baseUrl: url, privateBaseUrl: url, maxRetries: 2, retryBaseDelay: "1 millis" }),
        PaywallCredentials.layer({
          apiKeyPrivate: Redacted.make("refused-key-0001"),
          apiClientPrivate: Redacted.make("refused-client-0002")
        }),
        NodeHttpClient.layerUndici
      ]),
      Layer.orDie
    ))

/**
 * Reads `value` every 5 ms until `done` holds or 5 s pass: for counts that another process's
 * events update (sockets closing, requests arriving). The caller asserts on the value after.
 */
export const eventually = <A>(value: Effect.Effect<A>, done: (a: A) => boolean) =>
  value.pipe(
    Effect.repeat(Schedule.spaced("5 millis").pipe(Schedule.whileInput((a: A) => !done(a)), Schedule.upTo("5 seconds")))
  )

/** The environment that points a program at `sandbox`, with its credentials. */
export const sandboxEnvironment = (sandbox: PaywallSandbox.Service): NodeJS.ProcessEnv => ({
  ...process.env,
  ...PaywallSandbox.environment(sandbox)
})

/**
 * Serves `app` with @effect/platform-node's `HttpServer` on 127.0.0.1 and a free port, for the life of
 * the scope: the application side of a test (a merchant's routes), reached over a real socket.
 */
export const serveApp = <E, R>(app: HttpApp.Default<E, R>) =>
  Effect.gen(function*() {
    const server = yield* NodeHttpServer.make(() => Http.createServer(), { port: 0, host: "127.0.0.1" })
    yield* server.serve(app)
    return `http://127.0.0.1:${server.address._tag === "TcpAddress" ? server.address.port : 0}`
  })
