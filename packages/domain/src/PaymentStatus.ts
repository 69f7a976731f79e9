/**
 * A payment's status as Paywall's query reports it (`StatusId`), as a named union. Paywall's
 * table of statuses ("Ödeme Durumları") lists 1 to 14; an id it adds later is kept, not refused.
 *
 * @since 0.5.0
 */
import * as Schema from "effect/Schema"

/**
 * The statuses Paywall documents, by `StatusId` (index + 1):
 * 1 `Created`, 2 `Started`, 3 `AwaitingSettlement` (a pre-authorisation awaiting its close),
 * 4 `Succeeded`, 5 `Failed`, 6 `PayJump` (being recovered), 7 `FailedOnQuery` (found failed when
 * queried at the provider), 8 `IntermediateStep`, 9 `QueryStarted` and 10 `QueryEnded` (PayJump's
 * query at the provider), 11 `ProviderFeedback`, 12 `Cancelled`, 13 `MarkedAsFraud`,
 * 14 `Pending` (waiting for an action of the flow, e.g. an opened Masterpass 3D link or a
 * Masterpass OTP).
 *
 * @example
 * ```ts
 * import { PaymentStatus } from "@paywall-effect/domain"
 *
 * PaymentStatus.knownNames[13] // "Pending"
 * ```
 *
 * @since 0.5.0
 * @category constants
 */
export const knownNames = [
  "Created",
  "Started",
  "AwaitingSettlement",
  "Succeeded",
  "Failed",
  "PayJump",
  "FailedOnQuery",
  "IntermediateStep",
  "QueryStarted",
  "QueryEnded",
  "ProviderFeedback",
  "Cancelled",
  "MarkedAsFraud",
  "Pending"
] as const

/**
 * The name of a documented status.
 *
 * @example
 * ```ts
 * import type { PaymentStatus } from "@paywall-effect/domain"
 *
 * const pending: PaymentStatus.KnownName = "Pending"
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type KnownName = typeof knownNames[number]

/**
 * A documented status, by name.
 *
 * @example
 * ```ts
 * import { PaymentStatus } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.is(PaymentStatus.Known)({ _tag: "Succeeded" }) // true
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const Known = Schema.Struct({ _tag: Schema.Literal(...knownNames) })

/**
 * A status id Paywall does not document (yet), kept as it came.
 *
 * @example
 * ```ts
 * import { PaymentStatus } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.is(PaymentStatus.Unknown)({ _tag: "Unknown", id: 15 }) // true
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const Unknown = Schema.TaggedStruct("Unknown", {
  id: Schema.Int.pipe(Schema.filter((id) => id < 1 || id > knownNames.length || "is a documented status id"))
})

/**
 * A payment's status: a documented one by name, or `Unknown` with its id.
 *
 * @example
 * ```ts
 * import { PaymentStatus } from "@paywall-effect/domain"
 *
 * const settled = (status: PaymentStatus.PaymentStatus) => status._tag === "Succeeded"
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const PaymentStatus = Schema.Union(Known, Unknown).annotations({ identifier: "PaymentStatus" })

/**
 * A payment's status.
 *
 * @example
 * ```ts
 * import type { PaymentStatus } from "@paywall-effect/domain"
 *
 * const describe = (status: PaymentStatus.PaymentStatus) => status._tag === "Unknown" ? `status ${status.id}` : status._tag
 * ```
 *
 * @since 0.5.0
 * @category models
 */
export type PaymentStatus = typeof PaymentStatus.Type

/**
 * The status of a `StatusId`.
 *
 * @example
 * ```ts
 * import { PaymentStatus } from "@paywall-effect/domain"
 *
 * PaymentStatus.fromId(14) // { _tag: "Pending" }
 * PaymentStatus.fromId(99) // { _tag: "Unknown", id: 99 }
 * ```
 *
 * @since 0.5.0
 * @category constructors
 */
export const fromId = (id: number): PaymentStatus => {
  const name = Number.isInteger(id) ? knownNames[id - 1] : undefined
  return name === undefined ? { _tag: "Unknown", id } : { _tag: name }
}

/**
 * The `StatusId` of a status.
 *
 * @example
 * ```ts
 * import { PaymentStatus } from "@paywall-effect/domain"
 *
 * PaymentStatus.toId({ _tag: "Cancelled" }) // 12
 * ```
 *
 * @since 0.5.0
 * @category getters
 */
export const toId = (status: PaymentStatus): number =>
  status._tag === "Unknown" ? status.id : knownNames.indexOf(status._tag) + 1

/**
 * From the wire's `StatusId` (an integer) to a {@link PaymentStatus}.
 *
 * @example
 * ```ts
 * import { PaymentStatus } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.decodeUnknownSync(PaymentStatus.FromId)(4) // { _tag: "Succeeded" }
 * ```
 *
 * @since 0.5.0
 * @category schemas
 */
export const FromId = Schema.transform(Schema.Int, Schema.typeSchema(PaymentStatus), {
  strict: true,
  decode: fromId,
  encode: toId
}).annotations({ identifier: "StatusId" })
