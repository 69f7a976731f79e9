/**
 * The `paywall-masterpass` command line.
 *
 * @since 0.1.0
 */
import type * as CliApp from "@effect/cli/CliApp"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { CreateSession, CreateSessionRequest, Phone } from "@paywall-effect/domain"
import { MasterpassClient, PaywallConfig, PaywallCredentials } from "@paywall-effect/http"
import { PaywallSandbox } from "@paywall-effect/sandbox"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { randomUUID } from "node:crypto"
import * as ExitCode from "./ExitCode.js"

/**
 * A failure the command reports as one line on stderr, with its exit code.
 *
 * @example
 * ```ts
 * import { Cli, ExitCode } from "@paywall-effect/cli"
 *
 * const failure = new Cli.CliFailure({ exitCode: ExitCode.ExitCode.Transport, message: "Paywall unreachable" })
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class CliFailure extends Data.TaggedError("CliFailure")<{
  readonly exitCode: ExitCode.ExitCode
  readonly message: string
}> {}

const flags: Record<string, string> = {
  referenceCode: "--reference-code",
  userId: "--user-id",
  userPhone: "--phone"
}

/** Builds the request, failing with one line that names the flag (never echoing the phone). */
const toRequest = (fields: ConstructorParameters<typeof CreateSessionRequest.CreateSessionRequest>[0]) =>
  Either.try({
    try: () => new CreateSessionRequest.CreateSessionRequest(fields),
    catch: (error) =>
      new CliFailure({
        exitCode: ExitCode.ExitCode.BadInput,
        message: ParseResult.isParseError(error)
          ? ParseResult.ArrayFormatter.formatErrorSync(error)
            .map((issue) => `invalid ${flags[String(issue.path[0])] ?? issue.path.join(".")}: ${issue.message}`)
            .join("; ")
          : String(error)
      })
  })

/** A `ConfigError` as one readable line: each variable with what is wrong with it. */
const describeConfigError = (error: ConfigError.ConfigError): string =>
  ConfigError.reduceWithContext(error, undefined, {
    andCase: (_, left, right) => `${left}; ${right}`,
    orCase: (_, left, right) => `${left}; ${right}`,
    // Config.redacted hides the message of a missing secret; the path says all there is.
    missingDataCase: (_, path) => `${path.join(".")} is not set`,
    invalidDataCase: (_, path, message) =>
      path.length === 0 || message.startsWith(path.join(".")) ? message : `${path.join(".")}: ${message}`,
    sourceUnavailableCase: (_, path, message) => `${path.join(".")}: ${message}`,
    unsupportedCase: (_, path, message) => `${path.join(".")}: ${message}`
  })

const badConfiguration = (error: unknown) =>
  new CliFailure({
    exitCode: ExitCode.ExitCode.BadConfiguration,
    message: `bad configuration: ${ConfigError.isConfigError(error) ? describeConfigError(error) : String(error)}`
  })

/** The embedded sandbox, announced on stderr so nobody mistakes it for Paywall. */
const sandboxSettings = Layer.tap(PaywallSandbox.layer(), (context) =>
  Console.error(
    `paywall-masterpass: using the embedded sandbox at ${
      Context.get(context, PaywallSandbox.PaywallSandbox).url
    } (no Paywall credentials or base URL given)`
  ))

/**
 * Where to send the request: the embedded sandbox when no credentials and no base URL are
 * given at all, otherwise the configured Paywall (the test API unless a base URL says otherwise).
 */
const settings = (baseUrlFlag: Option.Option<string>) =>
  Effect.gen(function*() {
    // Only whether they are set matters here; the secrets are still read as Redacted.
    const [key, client, baseUrlVariable] = yield* Config.all([
      Config.option(Config.redacted("PAYWALL_API_KEY_PRIVATE")),
      Config.option(Config.redacted("PAYWALL_API_CLIENT_PRIVATE")),
      Config.option(Config.string("PAYWALL_BASE_URL"))
    ])
    if (Option.isNone(baseUrlFlag) && Option.isNone(key) && Option.isNone(client) && Option.isNone(baseUrlVariable)) {
      return sandboxSettings
    }
    // The flag is checked on its own first, so a wrong one is reported by its name.
    yield* Option.match(baseUrlFlag, {
      onNone: () => Effect.void,
      onSome: (baseUrl) =>
        Effect.mapError(
          Schema.decodeUnknown(PaywallConfig.Settings)({ baseUrl }),
          (error) =>
            ConfigError.InvalidData(
              ["--base-url"],
              ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => `--base-url ${issue.message}`).join("; ")
            )
        )
    })
    return Layer.merge(
      PaywallCredentials.layerConfig(),
      PaywallConfig.layerConfig(Option.match(baseUrlFlag, {
        onNone: () => ({}),
        onSome: (baseUrl) => ({ baseUrl: Config.succeed(baseUrl) })
      }))
    )
  }).pipe(Effect.mapError(badConfiguration))

/** Creates the session and prints it: a short summary, or with `json` the `CreateSession` record. */
const createAndPrint = (
  request: CreateSessionRequest.CreateSessionRequest,
  options: { readonly json: boolean }
) =>
  Effect.gen(function*() {
    const client = yield* MasterpassClient.MasterpassClient
    // Whatever Paywall's text says, the phone is printed masked.
    const mask = (text: string) => text.replaceAll(request.userPhone, Phone.maskPhone(request.userPhone))
    if (options.json) {
      const record = yield* client.createSessionRecord(request)
      yield* Console.log(mask(JSON.stringify(Schema.encodeSync(CreateSession.CreateSession)(record))))
      const exitCode = ExitCode.fromCode(record.code)
      if (exitCode !== ExitCode.ExitCode.Success) {
        return yield* new CliFailure({
          exitCode,
          message: `no session: ${record.code}${record.statusCode === undefined ? "" : ` (HTTP ${record.statusCode})`}`
        })
      }
      return
    }
    const session = yield* client.createSession(request).pipe(
      Effect.mapError((error) =>
        new CliFailure({
          exitCode: ExitCode.fromCode(CreateSession.codeOf(error)),
          message: mask(error.message.replaceAll("\n", " "))
        })
      )
    )
    const { expiryTimeZone } = yield* PaywallConfig.PaywallConfig
    yield* Console.log([
      `session ${session.sessionId} created for reference ${request.referenceCode}`,
      `expires ${session.expiryText} (read in ${DateTime.zoneToString(expiryTimeZone)} as ${
        DateTime.formatIso(session.expiresAt)
      })`,
      `user ${request.userId}, phone ${Phone.maskPhone(request.userPhone)}`
    ].join("\n"))
  })

/** Runs `effect` with a client over undici and the given settings; failures to build them are bad configuration. */
const withClient = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  settingsLayer: Layer.Layer<PaywallConfig.PaywallConfig | PaywallCredentials.PaywallCredentials, unknown>
) =>
  Effect.provide(
    effect,
    MasterpassClient.layer.pipe(
      Layer.provideMerge(Layer.mapError(settingsLayer, badConfiguration)),
      Layer.provide(NodeHttpClient.layerUndici)
    )
  )

const json = Options.boolean("json").pipe(
  Options.withDescription("Print the CreateSession record (Type, Status, Code, StatusCode, ResponseBody) as JSON.")
)

const createSessionCommand = Command.make(
  "create-session",
  {
    referenceCode: Options.text("reference-code").pipe(
      Options.withDescription("The unique tracking number of the session (ReferenceCode).")
    ),
    userId: Options.text("user-id").pipe(Options.withDescription("The user's id in your system (UserId).")),
    phone: Options.text("phone").pipe(
      Options.withDescription("The user's verified phone, 10 to 15 digits, country code first (UserPhone).")
    ),
    force3D: Options.boolean("force-3d").pipe(Options.withDescription("Force 3D Secure for every payment (Force3D).")),
    phoneVerified: Options.boolean("phone-verified").pipe(
      Options.withDescription("The phone was verified by you (PhoneVerifiedByMerchant).")
    ),
    baseUrl: Options.text("base-url").pipe(
      Options.withDescription("Paywall's base URL (default: PAYWALL_BASE_URL, else the test Payment API)."),
      Options.optional
    ),
    json
  },
  (options) =>
    Effect.gen(function*() {
      const request = yield* toRequest({
        referenceCode: options.referenceCode,
        userId: options.userId,
        userPhone: options.phone,
        ...(options.force3D ? { force3D: true } : {}),
        ...(options.phoneVerified ? { phoneVerifiedByMerchant: true } : {})
      })
      yield* withClient(createAndPrint(request, options), yield* settings(options.baseUrl))
    })
).pipe(
  Command.withDescription(
    "Create a Masterpass session through Paywall. Credentials come from PAYWALL_API_KEY_PRIVATE and "
      + "PAYWALL_API_CLIENT_PRIVATE; with neither them nor a base URL, the embedded sandbox is used. " + ExitCode.help
  )
)

const demoCommand = Command.make("demo", { json }, (options) =>
  Effect.gen(function*() {
    const request = yield* toRequest({
      referenceCode: `demo-${randomUUID()}`,
      userId: "72812393211",
      userPhone: "905123456710",
      phoneVerifiedByMerchant: true
    })
    yield* withClient(createAndPrint(request, options), sandboxSettings)
  })).pipe(
    Command.withDescription(
      "Create a session against the embedded sandbox, with a generated reference code and the docs' example user. "
        + ExitCode.help
    )
  )

const command = Command.make("paywall-masterpass").pipe(
  Command.withDescription(`Create Masterpass sessions through Paywall. ${ExitCode.help}`),
  Command.withSubcommands([createSessionCommand, demoCommand])
)

const cli = Command.run(command, { name: "paywall-masterpass", version: "0.1.0" })

/**
 * Runs the command line on `argv` (as `process.argv`) and returns the exit code. It never
 * fails: a failure is printed as one line on stderr (option errors by @effect/cli itself).
 *
 * @example
 * ```ts
 * import { NodeContext, NodeRuntime } from "@effect/platform-node"
 * import { Cli } from "@paywall-effect/cli"
 * import { Effect } from "effect"
 *
 * const main = Cli.run(["node", "paywall-masterpass", "demo"]).pipe(Effect.provide(NodeContext.layer))
 * // NodeRuntime.runMain(main): the exit code is main's value
 * ```
 *
 * @since 0.1.0
 * @category running
 */
export const run = (argv: ReadonlyArray<string>): Effect.Effect<ExitCode.ExitCode, never, CliApp.CliApp.Environment> =>
  cli(argv).pipe(
    Effect.as(ExitCode.ExitCode.Success),
    Effect.catchAll((error) =>
      error._tag === "CliFailure"
        ? Effect.as(Console.error(`paywall-masterpass: ${error.message}`), error.exitCode)
        : Effect.succeed(ExitCode.ExitCode.BadInput)
    )
  )
