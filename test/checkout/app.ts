import * as HttpServer from "@effect/platform/HttpServer"
import { PaywallSandbox } from "@paywall-effect/sandbox"
import { Context, Effect, Layer, Logger } from "effect"
import { Checkout } from "example-checkout"

/** The address of the app's server, as a URL on 127.0.0.1. */
export const urlOf = (context: Context.Context<HttpServer.HttpServer>) => {
  const address = Context.get(context, HttpServer.HttpServer).address
  return address._tag === "TcpAddress" ? `http://127.0.0.1:${address.port}` : ""
}

/**
 * The demo checkout on a free loopback port with its embedded sandbox (`sandbox` its options), for
 * the scope: its address, every log line it writes (kept, none printed, so tests can read the
 * backend's typed errors), and the sandbox, to check what Paywall was sent.
 */
export const startCheckout = (sandbox: PaywallSandbox.Options) =>
  Effect.gen(function*() {
    const logs: Array<string> = []
    const collect = Logger.make(({ annotations, logLevel, message }) => {
      const fields = [...annotations].map(([key, value]) => `${key}=${String(value)}`)
      logs.push([logLevel.label, ...(Array.isArray(message) ? message : [message]).map(String), ...fields].join(" "))
    })
    const context = yield* Layer.build(
      Checkout.layerSandbox({ port: 0, sandbox }).pipe(Layer.provide(Logger.replace(Logger.defaultLogger, collect)))
    )
    return {
      context,
      url: urlOf(context),
      logs,
      sandbox: Context.get(context, PaywallSandbox.PaywallSandbox)
    }
  })
