#!/usr/bin/env node
/**
 * Starts the checkout (`pnpm start`) and prints its address. Without Paywall credentials it runs
 * against the embedded sandbox on 127.0.0.1 (no network needed); with `PAYWALL_API_KEY_PRIVATE`
 * and `PAYWALL_API_CLIENT_PRIVATE` set, against that Paywall. `--port N` or `CHECKOUT_PORT` picks
 * the port (default 3000); `CHECKOUT_PUBLIC_URL` the address the shopper's browser reaches it at
 * (the 3D callback's, default `http://127.0.0.1:<port>`); `CHECKOUT_USER_ID` / `CHECKOUT_USER_PHONE` the shopper;
 * `CHECKOUT_SANDBOX_RENEW_EVERY` how often the sandbox renews a session (default every 4th call).
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as HttpServer from "@effect/platform/HttpServer"
import { Phone } from "@paywall-effect/domain"
import { PaywallSandbox } from "@paywall-effect/sandbox"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Checkout from "./Checkout.js"

/** `--port N` on the command line, read as `CHECKOUT_PORT` (the flag wins). */
const flags = (argv: ReadonlyArray<string>) => {
  const at = argv.indexOf("--port")
  const port = at >= 0 ? argv[at + 1] : undefined
  return ConfigProvider.fromMap(new Map(port === undefined ? [] : [["CHECKOUT_PORT", port]]))
}

const settings = Config.all({
  port: Config.withDefault(Config.port("CHECKOUT_PORT"), 3000),
  publicUrl: Config.option(Config.url("CHECKOUT_PUBLIC_URL")),
  shopper: Config.all({
    userId: Config.withDefault(Config.nonEmptyString("CHECKOUT_USER_ID"), Checkout.demoShopper.userId),
    userPhone: Config.withDefault(
      Config.string("CHECKOUT_USER_PHONE").pipe(
        Config.validate({ message: "must be 10 to 15 digits, country code first", validation: Schema.is(Phone.Phone) })
      ),
      Checkout.demoShopper.userPhone
    ),
    phoneVerifiedByMerchant: Config.succeed(true)
  }),
  renewEvery: Config.withDefault(Config.integer("CHECKOUT_SANDBOX_RENEW_EVERY"), 4),
  // Either credential set means "use Paywall": a half-set pair then fails naming the other.
  paywall: Config.map(
    Config.all([
      Config.option(Config.string("PAYWALL_API_KEY_PRIVATE")),
      Config.option(Config.string("PAYWALL_API_CLIENT_PRIVATE"))
    ]),
    ([key, client]) => Option.isSome(key) || Option.isSome(client)
  )
})

const address = (server: HttpServer.HttpServer) =>
  server.address._tag === "TcpAddress" ? `http://127.0.0.1:${server.address.port}` : "an unknown address"

const main = Effect.gen(function*() {
  const { paywall, port, publicUrl, renewEvery, shopper } = yield* settings.pipe(
    Effect.withConfigProvider(ConfigProvider.orElse(flags(process.argv), () => ConfigProvider.fromEnv()))
  )
  const who = `shopper ${shopper.userId}, phone ${Phone.maskPhone(shopper.userPhone)}`
  const options = Option.match(publicUrl, {
    onNone: () => ({ port, shopper }),
    onSome: (url) => ({ port, shopper, publicUrl: url.href })
  })
  if (paywall) {
    const context = yield* Layer.build(Checkout.layerConfig(options))
    yield* Console.log(
      `checkout at ${address(Context.get(context, HttpServer.HttpServer))} (Paywall from PAYWALL_*; ${who})`
    )
  } else {
    const context = yield* Layer.build(Checkout.layerSandbox({ ...options, sandbox: { renewEvery } }))
    const sandbox = Context.get(context, PaywallSandbox.PaywallSandbox)
    yield* Console.log([
      `checkout at ${address(Context.get(context, HttpServer.HttpServer))}`,
      `  against the embedded sandbox at ${sandbox.url} (a demo, not Paywall; a session renewed every ${renewEvery} calls)`,
      `  ${who}; every OTP code is ${PaywallSandbox.otpCode}; Ctrl-C stops it`
    ].join("\n"))
  }
  return yield* Effect.never
})

NodeRuntime.runMain(Effect.scoped(main))
