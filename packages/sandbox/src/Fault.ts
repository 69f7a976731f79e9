/**
 * Faults the sandbox injects on demand, so tests can see every bad day Paywall could have: in its
 * answers ({@link Fault}) and in the 3D callbacks it posts ({@link CallbackFault}).
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import type * as Duration from "effect/Duration"

/**
 * One injected fault:
 * - `Latency`: wait, then answer normally;
 * - `Status`: an HTTP status with a plain-text body, or with a failure envelope (`envelope: true`),
 *   and extra headers (e.g. `Retry-After`);
 * - `HtmlPage`: an HTML error page with the given status;
 * - `MalformedJson`: a 200 whose body is not JSON;
 * - `TruncatedJson`: a complete 200 whose JSON text stops halfway;
 * - `TruncatedBody`: a 200 announcing a full body, sending half of it, then closing the connection;
 * - `ResetConnection`: closing the connection without any response;
 * - `SlowBody`: a success sent one byte per `interval`;
 * - `Hang`: never answering;
 * - `EnvelopeError`: a failure envelope with `errorCode` and `message`, at `status` (default 200); for a
 *   Masterpass service whose session the sandbox knows, with `Body` `{Session, Masterpass: null}` as
 *   Paywall documents its 56 and 92;
 * - `MasterpassError`: Masterpass's failure inside the answer (`Body.Masterpass.Exception` with
 *   `code`, `level` (default `NotFound`), `message` (default the code), `statusCode` (default 404)),
 *   at envelope `errorCode` (default 0, with `Result` true; else `Result` false), with the session;
 * - `SuccessWithoutBody`: an envelope reporting success, with no `Body`;
 * - `Oversize`: a valid success padded with whitespace to `bytes` bytes.
 *
 * @example
 * ```ts
 * import { Fault } from "@paywall-effect/sandbox"
 *
 * const describe = Fault.Fault.$match({
 *   Latency: () => "late",
 *   Status: ({ status }) => `HTTP ${status}`,
 *   HtmlPage: ({ status }) => `HTML ${status}`,
 *   MalformedJson: () => "not JSON",
 *   TruncatedJson: () => "half JSON",
 *   TruncatedBody: () => "cut off",
 *   ResetConnection: () => "reset",
 *   SlowBody: () => "slow",
 *   Hang: () => "silent",
 *   EnvelopeError: ({ errorCode }) => `ErrorCode ${errorCode}`,
 *   MasterpassError: ({ code }) => `Masterpass ${code}`,
 *   SuccessWithoutBody: () => "no Body",
 *   Oversize: ({ bytes }) => `${bytes} bytes`
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Fault = Data.TaggedEnum<{
  Latency: { readonly duration: Duration.DurationInput }
  Status: {
    readonly status: number
    readonly envelope?: boolean
    readonly headers?: Readonly<Record<string, string>>
  }
  HtmlPage: { readonly status: number }
  MalformedJson: {}
  TruncatedJson: {}
  TruncatedBody: {}
  ResetConnection: {}
  SlowBody: { readonly interval: Duration.DurationInput }
  Hang: {}
  EnvelopeError: { readonly errorCode: number; readonly message: string; readonly status?: number }
  MasterpassError: {
    readonly code: string
    readonly level?: string
    readonly message?: string
    readonly statusCode?: number
    readonly errorCode?: number
  }
  SuccessWithoutBody: {}
  Oversize: { readonly bytes: number }
}>

/**
 * Constructors of {@link Fault}, e.g. `Fault.Status({ status: 503 })`, and `$match` / `$is`.
 *
 * @example
 * ```ts
 * import { Fault } from "@paywall-effect/sandbox"
 *
 * const outage = Fault.Fault.Status({ status: 503, headers: { "retry-after": "1" } })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const Fault = Data.taggedEnum<Fault>()

/**
 * Which requests a fault applies to: the next `times` requests (default 1), or, with
 * `referenceCode`, the next `times` requests carrying that ReferenceCode, or, with `endpoint`
 * (a name in `PaywallApi.endpoints`, e.g. `"commitPayment"`), the next `times` requests to it.
 *
 * @example
 * ```ts
 * import type { Fault } from "@paywall-effect/sandbox"
 *
 * const nextThreeOfOrder: Fault.Target = { times: 3, referenceCode: "order-1001" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Target {
  readonly times?: number
  readonly referenceCode?: string
  readonly endpoint?: string
}

/**
 * One fault in a 3D callback the sandbox posts (see `PaywallSandbox`'s `threeDCallback`), applied
 * to the signed form:
 * - `WrongHash`: signed with another key, as a forger would;
 * - `Unsigned`: posted without its `hash` input;
 * - `Changed`: an input's value replaced after signing (added when it was not posted), e.g.
 *   `amount` lowered or `status` turned to `Success`;
 * - `Duplicated`: an input posted a second time, with `value` (default: its own value);
 * - `Missing`: an input left out.
 *
 * @example
 * ```ts
 * import { Fault } from "@paywall-effect/sandbox"
 *
 * const describe = Fault.CallbackFault.$match({
 *   WrongHash: () => "forged",
 *   Unsigned: () => "no hash",
 *   Changed: ({ field, value }) => `${field} set to ${value}`,
 *   Duplicated: ({ field }) => `${field} twice`,
 *   Missing: ({ field }) => `no ${field}`
 * })
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type CallbackFault = Data.TaggedEnum<{
  WrongHash: {}
  Unsigned: {}
  Changed: { readonly field: string; readonly value: string }
  Duplicated: { readonly field: string; readonly value?: string }
  Missing: { readonly field: string }
}>

/**
 * Constructors of {@link CallbackFault}, e.g. `Fault.CallbackFault.Changed({ field: "amount", value: "1.00" })`,
 * and `$match` / `$is`.
 *
 * @example
 * ```ts
 * import { Fault } from "@paywall-effect/sandbox"
 *
 * const cheaper = Fault.CallbackFault.Changed({ field: "amount", value: "1.00" })
 * ```
 *
 * @since 0.5.0
 * @category constructors
 */
export const CallbackFault = Data.taggedEnum<CallbackFault>()
