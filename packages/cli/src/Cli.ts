/**
 * The `paywall-masterpass` command line.
 *
 * @since 0.1.0
 */
import type * as CliApp from "@effect/cli/CliApp"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import {
  Amount,
  CreateSession,
  CreateSessionRequest,
  type MasterpassAnswer,
  MasterpassService,
  type MasterpassSession,
  PaywallApi,
  type PaywallEndpoint,
  PaywallError,
  Phone,
  PrivateService,
  type Reconciliation,
  SdkToken
} from "@paywall-effect/domain"
import {
  MasterpassClient,
  MasterpassWallet,
  PaywallConfig,
  PaywallCredentials,
  PaywallPrivateClient,
  SessionStore
} from "@paywall-effect/http"
import { PaywallSandbox } from "@paywall-effect/sandbox"
import * as BigDecimal from "effect/BigDecimal"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import { identity } from "effect/Function"
import * as HashSet from "effect/HashSet"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
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
  userPhone: "--user-phone"
}

/** The phone masked wherever it occurs in `text`. */
const masking = (phone: string) => (text: string) => text.replaceAll(phone, Phone.maskPhone(phone))

/**
 * Each issue of a failed validation as `invalid <option>: <what is wrong>`, the option named by
 * `flags` from the field; the issue of a `hidden` field says nothing of its value.
 */
const describeIssues = (
  error: ParseResult.ParseError,
  flags: Record<string, string>,
  hidden: ReadonlyArray<string> = []
): string =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => {
    const field = String(issue.path[0])
    const flag = flags[field] ?? issue.path.join(".")
    return hidden.includes(field) ? `invalid ${flag} (its value is not shown)` : `invalid ${flag}: ${issue.message}`
  }).join("; ")

/**
 * Builds the request, failing with one line that names the flag (never echoing the phone). With
 * `json`, an invalid request first prints its `INVALID_REQUEST` record, as every `--json` run prints one.
 */
const toRequest = (
  fields: ConstructorParameters<typeof CreateSessionRequest.CreateSessionRequest>[0],
  options: { readonly json: boolean }
) =>
  Effect.try({
    try: () => new CreateSessionRequest.CreateSessionRequest(fields),
    catch: (error) => error
  }).pipe(
    Effect.catchAll((error) =>
      Effect.zipRight(
        options.json && ParseResult.isParseError(error)
          ? Console.log(
            masking(fields.userPhone)(JSON.stringify(
              Schema.encodeSync(CreateSession.CreateSession)(
                CreateSession.fromResult(
                  Either.left(PaywallError.PaywallRequestError.fromParseError(PaywallApi.createSession.name, error)),
                  {}
                )
              )
            ))
          )
          : Effect.void,
        new CliFailure({
          exitCode: ExitCode.ExitCode.BadInput,
          message: masking(fields.userPhone)(
            ParseResult.isParseError(error) ? describeIssues(error, flags) : String(error)
          )
        })
      )
    )
  )

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

/** The embedded sandbox (`demo` only), announced on stderr so nobody mistakes it for Paywall. */
const sandboxSettings = Layer.tap(PaywallSandbox.layer(), (context) =>
  Console.error(
    `paywall-masterpass: using the embedded sandbox at ${
      Context.get(context, PaywallSandbox.PaywallSandbox).url
    } (a demo, not Paywall)`
  ))

/**
 * Where to send the request: the configured Paywall (the test API unless a base URL says
 * otherwise). Missing credentials fail the layer, naming the variables: never the sandbox.
 */
const settings = (baseUrlFlag: Option.Option<string>) =>
  Effect.gen(function*() {
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
    const mask = masking(request.userPhone)
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

/**
 * Runs `effect` with a client over undici and the given settings, and a wallet keeping sessions in
 * memory (for `--user-id`: a one-shot process has no session stored, so it creates one each run);
 * failures to build them are bad configuration.
 */
const withClient = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  settingsLayer: Layer.Layer<PaywallConfig.PaywallConfig | PaywallCredentials.PaywallCredentials, unknown>
) =>
  Effect.provide(
    effect,
    MasterpassWallet.layer().pipe(
      Layer.provide(SessionStore.layerMemory),
      Layer.provideMerge(MasterpassClient.layer),
      Layer.provideMerge(Layer.mapError(settingsLayer, badConfiguration)),
      Layer.provide(NodeHttpClient.layerUndici)
    )
  )

/** A command's description, then the table of exit codes, one per line. */
const describe = (text: string) => HelpDoc.blocks([HelpDoc.p(text), HelpDoc.p(ExitCode.help)])

const json = Options.boolean("json").pipe(
  Options.withDescription("Print the CreateSession record (Type, Status, Code, StatusCode, ResponseBody) as JSON.")
)

const baseUrl = Options.text("base-url").pipe(
  Options.withDescription("Paywall's base URL (default: PAYWALL_BASE_URL, else the test Payment API)."),
  Options.optional
)

const configurationHelp = "Credentials come from PAYWALL_API_KEY_PRIVATE and PAYWALL_API_CLIENT_PRIVATE (required: "
  + "without them it exits 3; `demo` uses the embedded sandbox), the base URL from --base-url or PAYWALL_BASE_URL "
  + "(default: Paywall's test Payment API)."

const createSessionCommand = Command.make(
  "create-session",
  {
    referenceCode: Options.text("reference-code").pipe(
      Options.withDescription("The unique tracking number of the session (ReferenceCode).")
    ),
    userId: Options.text("user-id").pipe(Options.withDescription("The user's id in your system (UserId).")),
    // Named as in the flow commands; `--phone`, its first name, still works.
    phone: Options.text("user-phone").pipe(
      Options.withAlias("phone"),
      Options.withDescription("The user's verified phone, 10 to 15 digits, country code first (UserPhone).")
    ),
    force3D: Options.boolean("force-3d").pipe(Options.withDescription("Force 3D Secure for every payment (Force3D).")),
    phoneVerified: Options.boolean("phone-verified").pipe(
      Options.withDescription("The phone was verified by you (PhoneVerifiedByMerchant).")
    ),
    baseUrl,
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
      }, options)
      yield* withClient(createAndPrint(request, options), yield* settings(options.baseUrl))
    })
).pipe(
  Command.withDescription(
    describe(`Create a Masterpass session through Paywall. ${configurationHelp}`)
  )
)

const demoCommand = Command.make("demo", { json }, (options) =>
  Effect.gen(function*() {
    const request = yield* toRequest({
      referenceCode: `demo-${randomUUID()}`,
      userId: "72812393211",
      userPhone: "905123456710",
      phoneVerifiedByMerchant: true
    }, options)
    yield* withClient(createAndPrint(request, options), sandboxSettings)
  })).pipe(
    Command.withDescription(
      describe(
        "Create a session against the embedded sandbox, with a generated reference code and the docs' example user."
      )
    )
  )

// ---------------------------------------------------------------------------------------------
// The Masterpass flow: a command per service, each a `FlowCall` built from its own options, all
// validated, run and printed by `runFlow`
// ---------------------------------------------------------------------------------------------

/**
 * The Masterpass services and the SDK temp token, by the name `MasterpassClient`, `MasterpassWallet` and
 * `PaywallApi.endpoints` share.
 */
type FlowName = keyof MasterpassWallet.Service
type FlowEndpoint<N extends FlowName> = typeof PaywallApi.endpoints[N]
type FlowRequest<N extends FlowName> = PaywallEndpoint.Request<FlowEndpoint<N>>
type FlowReply<N extends FlowName> = PaywallEndpoint.Reply<FlowEndpoint<N>>
type FlowEncoded<N extends FlowName> = FlowEndpoint<N> extends
  PaywallEndpoint.PaywallEndpoint<string, infer _R, infer I, infer _A, infer _B> ? I : never
/** A request without its session: what a command's own options give. */
type Fields<N extends FlowName> = Omit<FlowRequest<N>, "sessionId">

/**
 * The call a command makes: a service and its fields, and whether the reply's secrets are printed
 * (`sdk-token --reveal`). Written as a mapped type indexed by its own keys (and the tables below as
 * mapped types too), so that code generic in `N` sees the name, the fields, the request schema, the
 * method and the reply of one service together.
 */
type FlowCall<N extends FlowName = FlowName> = {
  readonly [K in N]: { readonly name: K; readonly fields: Fields<K>; readonly reveal?: boolean }
}[N]

/** The request schemas, by service. */
const requests: {
  readonly [N in FlowName]: { readonly request: Schema.Schema<FlowRequest<N>, FlowEncoded<N>> }
} = PaywallApi.endpoints

/** `MasterpassClient` seen as its services by name. */
type BySession = {
  readonly [N in FlowName]: (request: FlowRequest<N>) => Effect.Effect<FlowReply<N>, PaywallError.PaywallError>
}

/** `MasterpassWallet` seen as its services by name. */
type ByUser = {
  readonly [N in FlowName]: (
    request: Fields<N> & { readonly user: MasterpassWallet.User }
  ) => Effect.Effect<FlowReply<N>, PaywallError.PaywallError | SessionStore.SessionStoreError>
}

/**
 * What a reply says, for the summary and the record: its lines, the session the answer named (the
 * SDK token's own session is in its lines), and why the step is not finished, if it is not.
 */
interface Described {
  readonly reply: object
  readonly session?: MasterpassSession.SessionState
  readonly lines: ReadonlyArray<string>
  readonly pending?: string
}

const described = (
  reply: object & { readonly session: MasterpassSession.SessionState },
  lines: ReadonlyArray<string>,
  pending?: string
): Described => ({ reply, session: reply.session, lines, ...(pending === undefined ? {} : { pending }) })

const stepLine = (step: MasterpassAnswer.Step): string => {
  switch (step._tag) {
    case "Done":
      return "done"
    case "OtpRequired":
      return `OTP required (${step.source}): token ${step.otpToken}`
    case "ThreeDSecureRequired":
      return `3D Secure required: open ${step.url}`
  }
}

const cardLine = (card: MasterpassService.Card) =>
  `card ${card.alias}: ${card.maskedNumber} ${card.cardType}${card.productName ? ` (${card.productName})` : ""}${
    card.isDefault ? ", default" : ""
  }${card.isExpired ? ", expired" : card.expireSoon ? ", expires soon" : ""}`

const otpStep = (reply: MasterpassService.OtpStep) =>
  described(reply, [
    stepLine(reply.step),
    ...(reply.maskedPan ? [`card ${reply.maskedPan}${reply.cardIssuerName ? ` at ${reply.cardIssuerName}` : ""}`] : [])
  ])

const otpVerified = (reply: MasterpassService.OtpVerified) =>
  described(
    reply,
    [`${reply.isVerified ? "OTP verified" : "OTP not verified"}, ${stepLine(reply.step)}`],
    reply.isVerified && reply.step._tag === "Done" ? undefined : stepLine(reply.step)
  )

const paymentCommitted = (reply: MasterpassService.PaymentCommitted) =>
  described(reply, [
    `payment ${reply.paymentId} committed${reply.trackingCode ? `, tracking code ${reply.trackingCode}` : ""}`
  ])

/**
 * The SDK temp token and the session Paywall made with it. The token is printed as `<redacted>`
 * unless `reveal`; Masterpass's own token never is (the browser needs only the temp token).
 */
const tokenIssued = (reply: SdkToken.SdkToken, reveal: boolean): Described => {
  const token = reveal ? Redacted.value(reply.token) : String(reply.token)
  return {
    reply: { ...reply, token },
    lines: [
      `token ${token}${reveal ? "" : " (--reveal prints it)"}${
        reply.expiresAt === undefined ? "" : `, expires ${DateTime.formatIso(reply.expiresAt)}`
      }`,
      reply.session === undefined
        ? "no Masterpass session in the answer"
        : `session ${reply.session.sessionId} created with the token, expires ${
          DateTime.formatIso(reply.session.expiresAt)
        }: the browser's SDK uses it, so use it for the user's server-side calls (--session-id)`
    ]
  }
}

/** How each service's reply is printed. */
const replies: { readonly [N in FlowName]: (reply: FlowReply<N>, reveal: boolean) => Described } = {
  createSdkToken: tokenIssued,
  // The account key is the user's phone at Paywall: masked, as every phone printed.
  listCards: (reply) =>
    described(reply, [
      `account ${Phone.maskPhone(reply.accountKey)} ${reply.accountState}, ${
        reply.isAccountLinked ? "linked" : "not linked"
      } to the merchant, ${reply.cards.length} card${reply.cards.length === 1 ? "" : "s"}`,
      ...reply.cards.map(cardLine)
    ]),
  deleteCard: (reply) => described(reply, [`card deleted${reply.refNo ? `, RefNo ${reply.refNo}` : ""}`]),
  linkToMerchant: otpStep,
  unlinkFromMerchant: (reply) => described(reply, ["unlinked from the merchant"]),
  verifyOtp: otpVerified,
  resendOtp: otpStep,
  verifyPayment: otpVerified,
  commitPayment: paymentCommitted,
  commitPaymentById: paymentCommitted
}

/** The options of the flow commands, by the request field each gives. */
const flowFlags: Record<string, string> = {
  sessionId: "--session-id",
  userId: "--user-id",
  userPhone: "--user-phone",
  cardAlias: "--card-alias",
  otpToken: "--otp-token",
  otpCode: "--otp-code",
  masterpassPaymentId: "--masterpass-payment-id",
  paymentId: "--payment-id",
  expiryMinutes: "--expiry-minutes"
}

/** Fields whose value is never printed, not even in a validation message. */
const secretFields = ["otpCode"]

/**
 * Whose session a flow command uses: a session id, or a user (through the wallet). Without
 * `bySession` (the SDK token, which makes a session of its own and cannot take one), a user only.
 */
const targetOptions = (bySession: boolean) => ({
  sessionId: bySession
    ? Options.text("session-id").pipe(
      Options.withDescription("The Masterpass session to use (from create-session, or the last answer's session)."),
      Options.optional
    )
    : Options.none.pipe(Options.map(() => Option.none<string>())),
  userId: Options.text("user-id").pipe(
    Options.withDescription(
      bySession
        ? "Instead of --session-id: the user (UserId), for whom a session is created first. A one-shot command keeps "
          + "no session between runs, so it creates one on every run."
        : "The user (UserId), for whom Paywall creates a Masterpass session with the token."
    ),
    Options.optional
  ),
  userPhone: Options.text("user-phone").pipe(
    Options.withDescription("With --user-id: the user's phone, 10 to 15 digits, country code first (UserPhone)."),
    Options.optional
  ),
  phoneVerified: Options.boolean("phone-verified").pipe(
    Options.withDescription("With --user-id: the phone was verified by you (PhoneVerifiedByMerchant).")
  )
})

/** The target options, as parsed, and whether the command takes `--session-id`. */
interface Target {
  readonly bySession: boolean
  readonly sessionId: Option.Option<string>
  readonly userId: Option.Option<string>
  readonly userPhone: Option.Option<string>
  readonly phoneVerified: boolean
}

const userSchema = Schema.Struct({ userId: CreateSessionRequest.UserId, userPhone: Phone.Phone })

/**
 * The effect that makes `call` for the session or user the options name, validated before any
 * I/O; or one line naming each invalid or missing option.
 */
const prepare = <N extends FlowName>(
  call: FlowCall<N>,
  target: Target
): Either.Either<
  Effect.Effect<
    Described,
    PaywallError.PaywallError,
    MasterpassClient.MasterpassClient | MasterpassWallet.MasterpassWallet
  >,
  string
> => {
  const request = Schema.typeSchema(requests[call.name].request)
  const describeReply = (reply: FlowReply<N>) => replies[call.name](reply, call.reveal === true)
  const invalid = (error: ParseResult.ParseError) => describeIssues(error, flowFlags, secretFields)
  if (Option.isSome(target.sessionId)) {
    if (Option.isSome(target.userId) || Option.isSome(target.userPhone) || target.phoneVerified) {
      return Either.left("give --session-id, or --user-id with --user-phone, not both")
    }
    return Either.mapBoth(
      Schema.decodeUnknownEither(request, { errors: "all" })({ ...call.fields, sessionId: target.sessionId.value }),
      {
        onLeft: invalid,
        onRight: (request) =>
          Effect.flatMap(
            MasterpassClient.MasterpassClient,
            (client: BySession) => Effect.map(client[call.name](request), describeReply)
          )
      }
    )
  }
  if (Option.isNone(target.userId) || Option.isNone(target.userPhone)) {
    return Either.left(
      Option.isSome(target.userId)
        ? "missing --user-phone (with --user-id)"
        : Option.isSome(target.userPhone)
        ? "missing --user-id (with --user-phone)"
        : target.bySession
        ? "missing --session-id, or --user-id with --user-phone"
        : "missing --user-id with --user-phone"
    )
  }
  const user = Schema.decodeUnknownEither(userSchema, { errors: "all" })({
    userId: target.userId.value,
    userPhone: target.userPhone.value
  })
  // The wallet adds the session: the fields are checked on their own. By its AST, as not every
  // request has a session to omit (the SDK token's has none).
  const fields = Schema.decodeUnknownEither(Schema.make(AST.omit(request.ast, ["sessionId"])), { errors: "all" })(
    call.fields
  )
  if (Either.isLeft(user) || Either.isLeft(fields)) {
    return Either.left(
      [Either.getLeft(user), Either.getLeft(fields)].flatMap((issue) => Option.toArray(Option.map(issue, invalid)))
        .join("; ")
    )
  }
  return Either.right(
    Effect.flatMap(MasterpassWallet.MasterpassWallet, (wallet: ByUser) =>
      Effect.map(
        wallet[call.name]({
          ...call.fields,
          user: { ...user.right, ...(target.phoneVerified ? { phoneVerifiedByMerchant: true } : {}) }
        }),
        describeReply
      )).pipe(
        // The in-memory store never fails.
        Effect.catchTag("SessionStoreError", Effect.die)
      )
  )
}

/**
 * The `--json` record of a flow command: its `Type`, `Status` and `Code` as in the `CreateSession`
 * record, and the `Reply` or the `Error` (as their fields, `session` included; a payment id as a string).
 */
const FlowRecord = Schema.Struct({
  Type: Schema.String,
  Status: CreateSession.Status,
  Code: Schema.optionalWith(CreateSession.Code, { exact: true }),
  Reply: Schema.optionalWith(Schema.Object, { exact: true }),
  Error: Schema.optionalWith(Schema.typeSchema(PaywallError.PaywallError), { exact: true })
})

/** JSON text of a record: a `bigint` (a payment id) as its digits in a string, an account key masked as a phone. */
const recordText = (record: typeof FlowRecord.Type) =>
  JSON.stringify(
    Schema.encodeSync(FlowRecord)(record),
    (key, value: unknown) =>
      typeof value === "bigint"
        ? value.toString()
        : key === "accountKey" && typeof value === "string"
        ? Phone.maskPhone(value)
        : value
  )

const sessionLine = (session: MasterpassSession.SessionState) =>
  `session ${session.sessionId} (${session.renewed ? "renewed by Paywall: use this id from now on" : "not renewed"})`

/** The session a failure named, if any: the one to use from now on. */
const sessionOf = (error: PaywallError.PaywallError) =>
  error._tag === "PaywallEnvelopeError" || error._tag === "PaywallMasterpassError" ? error.session : undefined

/**
 * An OTP code hidden wherever it stands alone in `text` (a server could echo it); a token that
 * happens to contain its digits is left whole.
 */
const hidingCode = (code: string) => {
  const alone = new RegExp(`(?<![0-9A-Za-z])${code.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![0-9A-Za-z])`, "g")
  return (text: string) => text.replace(alone, "******")
}

/** The variables of the credentials a `PaywallRequestError` can name as not configured. */
const credentialVariables: Record<string, string> = {
  apiKeyPublic: "PAYWALL_API_KEY_PUBLIC",
  apiClientPublic: "PAYWALL_API_CLIENT_PUBLIC"
}

/**
 * A failure's line: a key pair the call needs and the environment does not give (the SDK token's
 * public pair) is bad configuration, named by its variables; any other failure says what it is.
 */
const failureLine = (error: PaywallError.PaywallError): string =>
  error._tag === "PaywallRequestError" && error.reason !== undefined
    ? `bad configuration: ${error.fields.map((field) => credentialVariables[field] ?? field).join(" and ")} not set `
      + `(${error.reason}: ${error.endpoint} needs it; nothing was sent)`
    : error.message.replaceAll("\n", " ")

/** Validates, makes and prints one call: the summary or the record, and the exit code of its outcome. */
const runFlow = (
  type: string,
  call: FlowCall,
  options: Target & { readonly baseUrl: Option.Option<string>; readonly json: boolean }
) =>
  Effect.gen(function*() {
    // A blank code is refused before it could be echoed (and would match everywhere).
    const code = Predicate.hasProperty(call.fields, "otpCode") && typeof call.fields.otpCode === "string"
        && call.fields.otpCode.trim() !== ""
      ? hidingCode(call.fields.otpCode)
      : identity<string>
    const phone = Option.match(options.userPhone, { onNone: () => identity<string>, onSome: masking })
    // Whatever Paywall's text says, neither the phone nor the OTP code is printed.
    const conceal = (text: string) => phone(code(text))
    const print = (record: typeof FlowRecord.Type) => Console.log(conceal(recordText(record)))
    const run = yield* Either.match(prepare(call, options), {
      onLeft: (message) =>
        Effect.zipRight(
          options.json ? print({ Type: type, Status: "failed", Code: "INVALID_REQUEST" }) : Effect.void,
          new CliFailure({ exitCode: ExitCode.ExitCode.BadInput, message: conceal(message) })
        ),
      onRight: Effect.succeed
    })
    const outcome = yield* withClient(Effect.either(run), yield* settings(options.baseUrl))
    if (Either.isLeft(outcome)) {
      const error = outcome.left
      if (options.json) {
        yield* print({ Type: type, Status: "failed", Code: CreateSession.codeOf(error), Error: error })
      }
      const session = sessionOf(error)
      return yield* new CliFailure({
        exitCode: ExitCode.fromError(error),
        message: conceal(
          `${failureLine(error)}${
            session === undefined
              ? ""
              : `; session ${session.sessionId}${session.renewed ? " (renewed: use this id from now on)" : ""}`
          }`
        )
      })
    }
    const { lines, pending, reply, session } = outcome.right
    yield* options.json
      ? print({ Type: type, Status: "succeeded", Reply: reply })
      : Console.log(conceal([...lines, ...(session === undefined ? [] : [sessionLine(session)])].join("\n")))
    if (pending !== undefined) {
      return yield* new CliFailure({ exitCode: ExitCode.ExitCode.Pending, message: `not finished: ${pending}` })
    }
  })

const targetHelp = (bySession: boolean) =>
  bySession
    ? " Give --session-id, or --user-id with --user-phone (and --phone-verified): a session is then "
      + `created for the user first, on every run, as a one-shot command keeps none. ${configurationHelp}`
    : ` Give --user-id with --user-phone (and --phone-verified). ${configurationHelp}`

/**
 * A flow command at `path` (`["cards", "list"]`; its record's `Type` is `masterpass-cards-list`): its
 * own options, which give the call it makes, with the session (unless not `bySession`) or user, the
 * base URL and `--json`.
 */
const flow = (
  path: readonly [string] | readonly [string, string],
  description: string,
  call: Options.Options<FlowCall>,
  { bySession = true }: { readonly bySession?: boolean } = {}
) => {
  const [first, second] = path
  const type = `masterpass-${path.join("-")}`
  const command = Command.make(
    second ?? first,
    {
      call,
      ...targetOptions(bySession),
      baseUrl,
      json: Options.boolean("json").pipe(
        Options.withDescription("Print the record (Type, Status, Code, and the Reply or the Error) as JSON.")
      )
    },
    (options) => runFlow(type, options.call, { ...options, bySession })
  ).pipe(Command.withDescription(describe(`${description}${targetHelp(bySession)}`)))
  return { type, command }
}

const otpToken = Options.text("otp-token").pipe(
  Options.withDescription("The OTP step's token (OtpToken: from link, otp resend, or the payment).")
)
const otpCode = Options.redacted("otp-code").pipe(
  Options.withDescription("The code the user received (OtpCode; never printed).")
)
const masterpassPaymentId = Options.text("masterpass-payment-id").pipe(
  Options.withDescription("The payment's MasterpassPaymentId (from the browser's payment initiation).")
)
const paymentId = Options.text("payment-id").pipe(
  Options.withDescription("Instead of --masterpass-payment-id: Paywall's PaymentId, a whole number."),
  Options.optional
)
const decodePaymentId = Schema.decodeEither(
  Schema.compose(Schema.BigInt, Schema.typeSchema(MasterpassService.PaymentId))
)
const invalidOption = (message: string) => Effect.fail(ValidationError.invalidValue(HelpDoc.p(message)))

const cardsList = flow(
  ["cards", "list"],
  "List the user's Masterpass account and saved cards (numbers masked by Masterpass).",
  Options.none.pipe(Options.map((): FlowCall => ({ name: "listCards", fields: {} })))
)
const cardsDelete = flow(
  ["cards", "delete"],
  "Delete a saved card by its alias.",
  Options.text("card-alias").pipe(
    Options.withDescription("The card's alias (CardAlias, from cards list)."),
    Options.map((cardAlias): FlowCall => ({ name: "deleteCard", fields: { cardAlias } }))
  )
)
const link = flow(
  ["link"],
  "Link the user's Masterpass account to the merchant. The answer is normally an OTP step: give its token and "
    + "the user's code to otp verify --for-link.",
  Options.none.pipe(Options.map((): FlowCall => ({ name: "linkToMerchant", fields: {} })))
)
const unlink = flow(
  ["unlink"],
  "Unlink the user's Masterpass account from the merchant.",
  Options.none.pipe(Options.map((): FlowCall => ({ name: "unlinkFromMerchant", fields: {} })))
)
const otpVerify = flow(
  ["otp", "verify"],
  "Verify the OTP of a link (--for-link) or card step. Exits 8 when a step remains (3D Secure).",
  Options.all({
    otpToken,
    otpCode,
    forLink: Options.boolean("for-link").pipe(
      Options.withDescription("The step is a link's (ForLinkToMerchant).")
    )
  }).pipe(Options.map(({ forLink, otpCode, otpToken }): FlowCall => ({
    name: "verifyOtp",
    fields: { otpToken, otpCode: Redacted.value(otpCode), ...(forLink ? { forLinkToMerchant: true } : {}) }
  })))
)
const otpResend = flow(
  ["otp", "resend"],
  "Send a step's OTP again: the answer's token replaces the old one.",
  otpToken.pipe(Options.map((otpToken): FlowCall => ({ name: "resendOtp", fields: { otpToken } })))
)
const paymentVerify = flow(
  ["payment", "verify"],
  "Verify a payment's OTP. Exits 8 when a step remains (3D Secure): do not commit then.",
  Options.all({ masterpassPaymentId, otpToken, otpCode }).pipe(
    Options.map(({ otpCode, ...fields }): FlowCall => ({
      name: "verifyPayment",
      fields: { ...fields, otpCode: Redacted.value(otpCode) }
    }))
  )
)
const paymentCommit = flow(
  ["payment", "commit"],
  "Commit a payment, by its MasterpassPaymentId or by Paywall's PaymentId. It moves money, so it is never sent "
    + "twice: a failure after it may have reached Paywall exits 9 (query the payment before committing again).",
  Options.all({ masterpassPaymentId: Options.optional(masterpassPaymentId), paymentId }).pipe(
    Options.mapEffect(
      ({ masterpassPaymentId, paymentId }): Effect.Effect<FlowCall, ValidationError.ValidationError> => {
        if (Option.isSome(masterpassPaymentId) && Option.isNone(paymentId)) {
          return Effect.succeed({ name: "commitPayment", fields: { masterpassPaymentId: masterpassPaymentId.value } })
        }
        if (Option.isSome(paymentId) && Option.isNone(masterpassPaymentId)) {
          return Either.match(decodePaymentId(paymentId.value), {
            onLeft: () => invalidOption("invalid --payment-id: must be a whole number such as 8013143466"),
            onRight: (paymentId) => Effect.succeed({ name: "commitPaymentById", fields: { paymentId } })
          })
        }
        return invalidOption("give --masterpass-payment-id or --payment-id (one of them)")
      }
    )
  )
)

/**
 * The token is for the browser's SDK with Masterpass: it may save cards and run Paywall's client
 * library (as Paywall's sample asks), 3D Secure client-side only when asked; permissions given by
 * the flags, not by the scope (`ScopeBased` false, `Scope` None), whose effect Paywall leaves unsaid.
 */
const sdkToken = flow(
  ["sdk-token"],
  "Create a temp token for Paywall's browser SDK, with a new Masterpass session for the user, which the SDK and "
    + "your server-side calls (their --session-id) share. Paywall makes that session with the token, so it takes no "
    + "--session-id. It is sent with the public key pair, PAYWALL_API_KEY_PUBLIC and PAYWALL_API_CLIENT_PUBLIC: "
    + "without them it exits 3, nothing sent. The token is a secret: it is printed as <redacted> unless --reveal.",
  Options.all({
    expiryMinutes: Options.integer("expiry-minutes").pipe(
      Options.withDescription(
        `Minutes the token lives, 0 to 1440 (ExpiryMin; default ${SdkToken.defaultExpiryMinutes}).`
      ),
      Options.withDefault(SdkToken.defaultExpiryMinutes)
    ),
    threeDSession: Options.boolean("three-d-session").pipe(
      Options.withDescription("The token may also run 3D Secure in the browser (ThreeDSession).")
    ),
    reveal: Options.boolean("reveal").pipe(
      Options.withDescription("Print the token itself (summary and --json), to hand it to the browser.")
    )
  }).pipe(Options.map(({ expiryMinutes, reveal, threeDSession }): FlowCall => ({
    name: "createSdkToken",
    fields: { clientCardSave: true, threeDSession, clientSdk: true, scopeBased: false, scope: "None", expiryMinutes },
    reveal
  }))),
  { bySession: false }
)

// ---------------------------------------------------------------------------------------------
// The Payment Private API: `payment query`, `payment cancel`, `payment refund`
// ---------------------------------------------------------------------------------------------

/**
 * The `--json` record of a `payment` command: `Type`, `Status` and `Code` as in the `CreateSession`
 * record, and the `Reply` (the payment, or what was done) or the `Error`.
 */
const PaymentRecord = Schema.Struct({
  Type: Schema.String,
  Status: CreateSession.Status,
  Code: Schema.optionalWith(CreateSession.Code, { exact: true }),
  Reply: Schema.optionalWith(Schema.Object, { exact: true }),
  Error: Schema.optionalWith(PaywallError.PaywallError, { exact: true })
})

/** JSON text of a record: a `bigint` as its digits in a string, an amount as its exact digits, a time in ISO form. */
const paymentRecordText = (record: typeof PaymentRecord.Type) =>
  JSON.stringify(Schema.encodeSync(PaymentRecord)(record), function(this: Record<string, unknown>, key, value) {
    // `this[key]` is the value before its own `toJSON` (which BigDecimal and DateTime have) ran.
    const original = this[key]
    if (typeof original === "bigint") return original.toString()
    if (BigDecimal.isBigDecimal(original)) return Amount.toText(original)
    if (DateTime.isDateTime(original)) return DateTime.formatIso(original)
    return value
  })

/** The record types of the `payment` commands, for a `--json` run whose options @effect/cli refused. */
const paymentTypes: Record<string, string> = {
  query: "paywall-payment-query",
  cancel: "paywall-payment-cancel",
  refund: "paywall-payment-refund"
}

/** Which request field each option gives, to name it in a validation message. */
const paymentFlags: Record<string, string> = {
  merchantUniqueCode: "--merchant-unique-code",
  uniqueCode: "--unique-code",
  date: "--date",
  amount: "--amount"
}

/**
 * Fails a `payment` command's run for bad input (nothing was sent), after its `INVALID_REQUEST`
 * record with `--json`, as every `--json` run prints one.
 */
const badPaymentInput = (type: string, options: { readonly json: boolean }, message: string) =>
  Effect.zipRight(
    options.json
      ? Console.log(paymentRecordText({ Type: type, Status: "failed", Code: "INVALID_REQUEST" }))
      : Effect.void,
    new CliFailure({ exitCode: ExitCode.ExitCode.BadInput, message })
  )

/** Decodes a request with its endpoint's schema before any I/O, or fails naming each invalid option. */
const paymentRequest = <A, I>(
  type: string,
  options: { readonly json: boolean },
  schema: Schema.Schema<A, I>,
  fields: unknown
) =>
  Either.match(Schema.decodeUnknownEither(Schema.typeSchema(schema), { errors: "all" })(fields), {
    onLeft: (error) =>
      badPaymentInput(
        type,
        options,
        ParseResult.ArrayFormatter.formatErrorSync(error)
          .map((issue) => `invalid ${paymentFlags[String(issue.path[0])] ?? issue.path.join(".")}: ${issue.message}`)
          .join("; ")
      ),
    onRight: Effect.succeed
  })

const paymentLines = (payment: PrivateService.PaymentQuery): ReadonlyArray<string> => {
  const yesNo = (flag: boolean | undefined) => flag === undefined ? "not said" : flag ? "yes" : "no"
  const status = payment.status._tag === "Unknown" ? `status ${payment.status.id}` : payment.status._tag
  return [
    `payment ${payment.paymentId}: ${status}${payment.statusName ? ` (${payment.statusName})` : ""}, ${
      Amount.toText(payment.paymentAmount)
    }${payment.currencyName ? ` ${payment.currencyName}` : ""}`,
    `merchant code ${payment.merchantUniqueCode}${payment.uniqueCode ? `, Paywall code ${payment.uniqueCode}` : ""}`,
    `cancelled: ${yesNo(payment.anySuccessCancel)}, refunded: ${yesNo(payment.anySuccessRefund)}, partly refunded: ${
      yesNo(payment.anySuccessPartialRefund)
    }${
      payment.remainingRefundAmount === undefined
        ? ""
        : `, left to refund: ${Amount.toText(payment.remainingRefundAmount)}`
    }`,
    ...(payment.lastActivityText === undefined ? [] : [
      `last activity${payment.activityTypeName ? ` ${payment.activityTypeName}` : ""} at ${payment.lastActivityText}${
        payment.lastActivityAt === undefined ? "" : ` (${DateTime.formatIso(payment.lastActivityAt)})`
      }`
    ])
  ]
}

/**
 * Makes a `payment` command's call and prints its outcome. A money-moving call whose outcome is
 * unknown is reconciled at once: applied is a success, not applied exits 4 (it never reached
 * Paywall: run it again), undetermined exits 9.
 */
const runPayment = <A>(
  type: string,
  options: { readonly json: boolean },
  call: Effect.Effect<
    { readonly reply: A; readonly lines: ReadonlyArray<string> },
    PaywallError.PaywallError,
    PaywallPrivateClient.PaywallPrivateClient
  >,
  reconcile?: Reconciliation.Operation
) =>
  Effect.gen(function*() {
    const print = (record: typeof PaymentRecord.Type) => Console.log(paymentRecordText(record))
    const outcome = yield* Effect.either(call)
    if (Either.isRight(outcome)) {
      const { lines, reply } = outcome.right
      return yield* options.json
        ? print({ Type: type, Status: "succeeded", ...(typeof reply === "object" ? { Reply: reply as object } : {}) })
        : Console.log(lines.join("\n"))
    }
    const error = outcome.left
    const unknown = ExitCode.fromError(error) === ExitCode.ExitCode.OutcomeUnknown && reconcile !== undefined
    const verdict = unknown
      ? yield* Effect.either(PaywallPrivateClient.PaywallPrivateClient.pipe(
        Effect.flatMap((client) => client.reconcile(reconcile))
      ))
      : undefined
    if (verdict !== undefined && Either.isRight(verdict) && verdict.right._tag === "Applied") {
      return yield* options.json
        ? print({ Type: type, Status: "succeeded", Reply: { reconciled: "Applied", payment: verdict.right.payment } })
        : Console.log(
          `done (its answer was lost; the payment shows it was applied)\n${
            paymentLines(verdict.right.payment).join("\n")
          }`
        )
    }
    if (options.json) yield* print({ Type: type, Status: "failed", Code: CreateSession.codeOf(error), Error: error })
    const message = error.message.replaceAll("\n", " ")
    if (verdict !== undefined && Either.isRight(verdict) && verdict.right._tag === "NotApplied") {
      return yield* new CliFailure({
        exitCode: ExitCode.ExitCode.Transport,
        message: `${message}; the payment shows it was not applied: it can be run again`
      })
    }
    return yield* new CliFailure({
      exitCode: ExitCode.fromError(error),
      message: verdict === undefined
        ? message
        : `${message}; ${
          Either.isLeft(verdict)
            ? `the payment could not be queried: ${verdict.left.message.replaceAll("\n", " ")}`
            : verdict.right._tag === "Undetermined"
            ? `the payment does not say whether it was applied: ${verdict.right.reason}`
            : ""
        }`
    })
  })

/** Runs `effect` with the Private API client over undici, its settings from the environment. */
const withPrivateClient = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.provide(
    effect,
    PaywallPrivateClient.layer.pipe(
      Layer.provideMerge(
        Layer.mapError(Layer.merge(PaywallCredentials.layerConfig(), PaywallConfig.layerConfig()), badConfiguration)
      ),
      Layer.provide(NodeHttpClient.layerUndici)
    )
  )

const merchantUniqueCodeOption = Options.text("merchant-unique-code").pipe(
  Options.withDescription("The payment's MerchantUniqueCode: your own code, given when the payment started.")
)
const paymentJson = Options.boolean("json").pipe(
  Options.withDescription("Print the record (Type, Status, Code, and the Reply or the Error) as JSON.")
)
const privateHelp = " Credentials come from PAYWALL_API_KEY_PRIVATE and PAYWALL_API_CLIENT_PRIVATE, the Private "
  + "API's base URL from PAYWALL_PRIVATE_BASE_URL (default: Paywall's test Private API), the zone of its days and "
  + "times from PAYWALL_EXPIRY_TIME_ZONE (default Europe/Istanbul)."

const paymentQueryCommand = Command.make(
  "query",
  {
    merchantUniqueCode: merchantUniqueCodeOption.pipe(Options.optional),
    uniqueCode: Options.text("unique-code").pipe(
      Options.withDescription("Instead of --merchant-unique-code: Paywall's UniqueCode of the payment (a Guid)."),
      Options.optional
    ),
    json: paymentJson
  },
  (options) =>
    Effect.gen(function*() {
      const type = paymentTypes.query!
      const query = yield* Option.match(options.merchantUniqueCode, {
        onSome: (merchantUniqueCode) =>
          Option.isSome(options.uniqueCode)
            ? badPaymentInput(type, options, "give --merchant-unique-code or --unique-code, not both")
            : Effect.map(
              paymentRequest(type, options, PaywallApi.queryPayment.request, { merchantUniqueCode }),
              (request) => (client: PaywallPrivateClient.Service) => client.queryPayment(request)
            ),
        onNone: () =>
          Option.match(options.uniqueCode, {
            onNone: () => badPaymentInput(type, options, "give --merchant-unique-code or --unique-code"),
            onSome: (uniqueCode) =>
              Effect.map(
                paymentRequest(type, options, PaywallApi.queryPaymentByUniqueCode.request, { uniqueCode }),
                (request) => (client: PaywallPrivateClient.Service) => client.queryPaymentByUniqueCode(request)
              )
          })
      })
      yield* withPrivateClient(runPayment(
        type,
        options,
        Effect.flatMap(PaywallPrivateClient.PaywallPrivateClient, (client) =>
          Effect.map(query(client), (payment) => ({ reply: payment, lines: paymentLines(payment) })))
      ))
    })
).pipe(Command.withDescription(describe(`Query a payment by your code or Paywall's.${privateHelp}`)))

const paymentCancelCommand = Command.make(
  "cancel",
  {
    merchantUniqueCode: merchantUniqueCodeOption,
    date: Options.text("date").pipe(
      Options.withDescription("The payment's date, YYYY-MM-DD (default: today, in Paywall's zone)."),
      Options.optional
    ),
    json: paymentJson
  },
  (options) =>
    withPrivateClient(Effect.gen(function*() {
      const type = paymentTypes.cancel!
      const { expiryTimeZone } = yield* PaywallConfig.PaywallConfig
      const today = PrivateService.paymentDateOf(yield* DateTime.now, expiryTimeZone)
      const date = Option.getOrElse(options.date, () => today)
      const request = yield* paymentRequest(type, options, PaywallApi.cancelPayment.request, {
        date,
        merchantUniqueCode: options.merchantUniqueCode
      })
      yield* runPayment(
        type,
        options,
        Effect.flatMap(PaywallPrivateClient.PaywallPrivateClient, (client) =>
          Effect.as(client.cancelPayment(request), {
            reply: { cancelled: request.merchantUniqueCode, date },
            lines: [`payment ${request.merchantUniqueCode} of ${date} cancelled`]
          })),
        { operation: "cancelPayment", request }
      )
    }))
).pipe(
  Command.withDescription(
    describe(
      "Cancel a payment, on its day. It moves money, so it is never sent twice: when its answer is lost, the "
        + "payment is queried to tell whether it was applied (exit 0), not applied (exit 4: run it again) or "
        + `cannot be told (exit 9).${privateHelp}`
    )
  )
)

const paymentRefundCommand = Command.make(
  "refund",
  {
    merchantUniqueCode: merchantUniqueCodeOption,
    date: Options.text("date").pipe(Options.withDescription("The payment's date, YYYY-MM-DD, in Paywall's zone.")),
    amount: Options.text("amount").pipe(
      Options.withDescription(
        "Refund this much only (a decimal such as 10.50, sent digit for digit); without it, the whole payment."
      ),
      Options.optional
    ),
    json: paymentJson
  },
  (options) =>
    Effect.gen(function*() {
      const type = paymentTypes.refund!
      const fields = { date: options.date, merchantUniqueCode: options.merchantUniqueCode }
      if (Option.isNone(options.amount)) {
        const request = yield* paymentRequest(type, options, PaywallApi.refundPayment.request, fields)
        return yield* withPrivateClient(runPayment(
          type,
          options,
          Effect.flatMap(PaywallPrivateClient.PaywallPrivateClient, (client) =>
            Effect.as(client.refundPayment(request), {
              reply: { refunded: request.merchantUniqueCode, date: request.date },
              lines: [`payment ${request.merchantUniqueCode} of ${request.date} refunded in full`]
            })),
          { operation: "refundPayment", request }
        ))
      }
      const amount = yield* Option.match(Amount.fromText(options.amount.value), {
        onNone: () => badPaymentInput(type, options, "invalid --amount: must be a decimal such as 10.50"),
        onSome: Effect.succeed
      })
      const request = yield* paymentRequest(type, options, PaywallApi.refundPartially.request, { ...fields, amount })
      yield* withPrivateClient(Effect.gen(function*() {
        const client = yield* PaywallPrivateClient.PaywallPrivateClient
        // The payment before: what reconcile judges a lost answer against.
        const before = yield* Effect.either(client.queryPayment({ merchantUniqueCode: request.merchantUniqueCode }))
        yield* runPayment(
          type,
          options,
          Effect.as(client.refundPartially(request), {
            reply: { refunded: request.merchantUniqueCode, date: request.date, amount: request.amount },
            lines: [
              `payment ${request.merchantUniqueCode} of ${request.date}: ${Amount.toText(request.amount)} refunded`
            ]
          }),
          { operation: "refundPartially", request, before: Either.getOrUndefined(before) }
        )
      }))
    })
).pipe(
  Command.withDescription(
    describe(
      "Refund a payment after its day, wholly or (--amount) in part. It moves money, so it is never sent twice: "
        + "when its answer is lost, the payment is queried to tell whether it was applied (exit 0), not applied "
        + `(exit 4: run it again) or cannot be told (exit 9).${privateHelp}`
    )
  )
)

/** The record types of the flow commands, for a `--json` run whose options @effect/cli refused. */
const flowTypes: ReadonlySet<string> = new Set(
  [cardsList, cardsDelete, link, unlink, otpVerify, otpResend, paymentVerify, paymentCommit, sdkToken]
    .map(({ type }) => type)
)

const command = Command.make("paywall-masterpass").pipe(
  Command.withDescription(
    describe(
      "Create Masterpass sessions and run Masterpass services through Paywall; create temp tokens for its browser "
        + "SDK; query, cancel and refund payments."
    )
  ),
  Command.withSubcommands([
    createSessionCommand,
    demoCommand,
    Command.make("cards").pipe(
      Command.withDescription(describe("The user's saved cards: list, delete.")),
      Command.withSubcommands([cardsList.command, cardsDelete.command])
    ),
    link.command,
    unlink.command,
    Command.make("otp").pipe(
      Command.withDescription(describe("The OTP of a link or card step: verify, resend.")),
      Command.withSubcommands([otpVerify.command, otpResend.command])
    ),
    Command.make("payment").pipe(
      Command.withDescription(
        describe(
          "A payment: verify the OTP of one started in the browser, commit it; query, cancel and refund one "
            + "through Paywall's Private API."
        )
      ),
      Command.withSubcommands([
        paymentVerify.command,
        paymentCommit.command,
        paymentQueryCommand,
        paymentCancelCommand,
        paymentRefundCommand
      ])
    ),
    sdkToken.command
  ])
)

const cli = Command.run(command, { name: "paywall-masterpass", version: "0.1.0" })

/** The levels `--log-level` takes, by the names @effect/cli lists. */
const logLevels: Record<string, LogLevel.LogLevel> = {
  all: LogLevel.All,
  trace: LogLevel.Trace,
  debug: LogLevel.Debug,
  info: LogLevel.Info,
  warning: LogLevel.Warning,
  error: LogLevel.Error,
  fatal: LogLevel.Fatal,
  none: LogLevel.None
}

const stderrLogger = Logger.prettyLogger({ stderr: true })

/**
 * Takes `--log-level <level>` (or `--log-level=<level>`) out of `argv`, wherever it stands:
 * @effect/cli lists it under every command but accepts it only before the subcommand.
 */
const takeLogLevel = (
  argv: ReadonlyArray<string>
): Either.Either<{ readonly argv: ReadonlyArray<string>; readonly level: LogLevel.LogLevel | undefined }, string> => {
  const rest: Array<string> = []
  let level: LogLevel.LogLevel | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    // The runtime and the script come first; `--` ends the options.
    if (i < 2 || arg === "--") {
      rest.push(...(arg === "--" ? argv.slice(i) : [arg]))
      if (arg === "--") break
      continue
    }
    if (arg !== "--log-level" && !arg.startsWith("--log-level=")) {
      rest.push(arg)
      continue
    }
    const name = arg === "--log-level" ? argv[++i] : arg.slice("--log-level=".length)
    level = name === undefined ? undefined : logLevels[name]
    if (level === undefined) {
      return Either.left(`--log-level must be one of ${Object.keys(logLevels).join(", ")}`)
    }
  }
  return Either.right({ argv: rest, level })
}

/**
 * For a `--json` run of `create-session`, a flow command or a `payment` command whose options are invalid (so no
 * request could be made), prints its `INVALID_REQUEST` record: every `--json` run prints one.
 */
const invalidRequestRecord = (argv: ReadonlyArray<string>) => {
  if (!argv.includes("--json")) return Effect.void
  if (argv[2] === "create-session") {
    return Console.log(JSON.stringify(
      Schema.encodeSync(CreateSession.CreateSession)(
        new CreateSession.CreateSession({ status: "failed", code: "INVALID_REQUEST" })
      )
    ))
  }
  const type = [`masterpass-${argv[2]}`, `masterpass-${argv[2]}-${argv[3]}`].find((type) => flowTypes.has(type))
  if (type !== undefined) return Console.log(recordText({ Type: type, Status: "failed", Code: "INVALID_REQUEST" }))
  const paymentType = argv[2] === "payment" ? paymentTypes[argv[3] ?? ""] : undefined
  return paymentType === undefined
    ? Effect.void
    : Console.log(paymentRecordText({ Type: paymentType, Status: "failed", Code: "INVALID_REQUEST" }))
}

/** Whether to colour what goes to `stream`: only a terminal, and only without `NO_COLOR`. */
const colour = (stream: { readonly isTTY?: boolean }): boolean =>
  stream.isTTY === true && (process.env["NO_COLOR"] ?? "") === ""

const ansiCodes = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g")
const plain = (values: ReadonlyArray<unknown>) =>
  values.map((value) => typeof value === "string" ? value.replace(ansiCodes, "") : value)

/** A console that drops ANSI colour codes from what it writes to a stream that is not coloured. */
const plainUnlessTerminal = (
  console: Console.UnsafeConsole,
  colours: { readonly stdout: boolean; readonly stderr: boolean }
): Console.Console => {
  const toStdout = (args: ReadonlyArray<unknown>) => colours.stdout ? args : plain(args)
  const toStderr = (args: ReadonlyArray<unknown>) => colours.stderr ? args : plain(args)
  const unsafe: Console.UnsafeConsole = {
    ...console,
    debug: (...args) => console.debug(...toStdout(args)),
    info: (...args) => console.info(...toStdout(args)),
    log: (...args) => console.log(...toStdout(args)),
    error: (...args) => console.error(...toStderr(args)),
    trace: (...args) => console.trace(...toStderr(args)),
    warn: (...args) => console.warn(...toStderr(args))
  }
  const write = (method: (...args: ReadonlyArray<unknown>) => void) => (...args: ReadonlyArray<unknown>) =>
    Effect.sync(() => method(...args))
  return {
    [Console.TypeId]: Console.TypeId,
    assert: (condition, ...args) => Effect.sync(() => unsafe.assert(condition, ...args)),
    clear: Effect.sync(() => unsafe.clear()),
    count: (label) => Effect.sync(() => unsafe.count(label)),
    countReset: (label) => Effect.sync(() => unsafe.countReset(label)),
    debug: write(unsafe.debug),
    dir: (item, options) => Effect.sync(() => unsafe.dir(item, options)),
    dirxml: write(unsafe.dirxml),
    error: write(unsafe.error),
    group: (options) =>
      Effect.sync(() => options?.collapsed ? unsafe.groupCollapsed(options.label) : unsafe.group(options?.label)),
    groupEnd: Effect.sync(() => unsafe.groupEnd()),
    info: write(unsafe.info),
    log: write(unsafe.log),
    table: (data, properties) => Effect.sync(() => unsafe.table(data, properties)),
    time: (label) => Effect.sync(() => unsafe.time(label)),
    timeEnd: (label) => Effect.sync(() => unsafe.timeEnd(label)),
    timeLog: (label, ...args) => Effect.sync(() => unsafe.timeLog(label, ...args)),
    trace: write(unsafe.trace),
    warn: write(unsafe.warn),
    unsafe
  }
}

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
  Either.match(takeLogLevel(argv), {
    onLeft: (message) =>
      Effect.zipRight(
        Console.error(`paywall-masterpass: ${message}`),
        Effect.as(invalidRequestRecord(argv), ExitCode.ExitCode.BadInput)
      ),
    onRight: ({ argv, level }) =>
      cli(argv).pipe(
        Effect.as(ExitCode.ExitCode.Success),
        Effect.catchAll((error) =>
          error._tag === "CliFailure"
            ? Effect.as(Console.error(`paywall-masterpass: ${error.message}`), error.exitCode)
            // An option error, which @effect/cli has printed: no request could be made.
            : Effect.as(invalidRequestRecord(argv), ExitCode.ExitCode.BadInput)
        ),
        level === undefined ? identity : Logger.withMinimumLogLevel(level)
      )
  }).pipe(
    // Logs go to stderr, so that stdout holds only the result (the record, with --json).
    Effect.locallyWith(FiberRef.currentLoggers, (loggers) =>
      HashSet.add(
        HashSet.remove(HashSet.remove(loggers, Logger.defaultLogger), Logger.prettyLoggerDefault),
        stderrLogger
      )),
    Effect.withConsole(plainUnlessTerminal(globalThis.console, {
      stdout: colour(process.stdout),
      stderr: colour(process.stderr)
    }))
  )
