/**
 * The requests and replies of the server-side Masterpass services (card list and delete, link
 * and unlink, OTP verify and resend, payment verify and commit), each wire shape defined once:
 * request types are camelCase, their encoded forms are Paywall's PascalCase JSON.
 *
 * @since 0.3.0
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as MasterpassAnswer from "./MasterpassAnswer.js"
import { AnswerSessionId } from "./MasterpassSession.js"

const sessionId = Schema.propertySignature(AnswerSessionId).pipe(Schema.fromKey("SessionId"))

/** An opaque token or code as Paywall hands it out: non-empty, no surrounding blanks. */
const Opaque = Schema.NonEmptyTrimmedString

const optionalText = Schema.optionalWith(Schema.String, { exact: true })

const present = <K extends string, V>(key: K, value: V | null | undefined): { readonly [P in K]?: V } =>
  (value === null || value === undefined ? {} : { [key]: value }) as { readonly [P in K]?: V }

/**
 * A Paywall payment id: a JSON number that can exceed 32 bits (`8013143466`), read as a `bigint`.
 *
 * @example
 * ```ts
 * import { MasterpassService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.decodeUnknownSync(MasterpassService.PaymentId)(8013143466) // 8013143466n
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const PaymentId = Schema.BigIntFromNumber.pipe(
  Schema.brand("@paywall-effect/domain/PaymentId"),
  Schema.annotations({ identifier: "PaymentId" })
)

/**
 * A Paywall payment id.
 *
 * @example
 * ```ts
 * import type { MasterpassService } from "@paywall-effect/domain"
 *
 * const text = (id: MasterpassService.PaymentId) => id.toString()
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export type PaymentId = typeof PaymentId.Type

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/**
 * Card list: the session travels in the `sessionid` header (a GET without a body).
 *
 * @example
 * ```ts
 * import { MasterpassService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.encodeSync(MasterpassService.ListCardsRequest)(
 *   Schema.decodeSync(MasterpassService.ListCardsRequest)({ sessionid: "9b27433e-f36b-1410-80e5-004205aa382d" })
 * ) // { sessionid: "9b27433e-..." }
 * ```
 *
 * @since 0.3.0
 * @category requests
 */
export const ListCardsRequest = Schema.Struct({
  sessionId: Schema.propertySignature(AnswerSessionId).pipe(Schema.fromKey("sessionid"))
}).annotations({ identifier: "ListCardsRequest" })

/**
 * Delete card (a DELETE with a JSON body): `{CardAlias, SessionId}`.
 *
 * @example
 * ```ts
 * import { MasterpassService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.decodeUnknownSync(MasterpassService.DeleteCardRequest)({ CardAlias: "85a142b9-736b-4232-bd9e-647e3cfd1b56", SessionId: "6489433e-f36b-1410-825e-001264113a90" })
 * ```
 *
 * @since 0.3.0
 * @category requests
 */
export const DeleteCardRequest = Schema.Struct({
  sessionId,
  cardAlias: Schema.propertySignature(Schema.NonEmptyString).pipe(Schema.fromKey("CardAlias"))
}).annotations({ identifier: "DeleteCardRequest" })

/**
 * Link and unlink: `{SessionId}` alone.
 *
 * @example
 * ```ts
 * import { MasterpassService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.decodeUnknownSync(MasterpassService.SessionRequest)({ SessionId: "b827433e-f36b-1410-80e5-004205aa382d" }).sessionId
 * ```
 *
 * @since 0.3.0
 * @category requests
 */
export const SessionRequest = Schema.Struct({ sessionId }).annotations({ identifier: "SessionRequest" })

/**
 * Verify OTP (card or link): `{OtpToken, OtpCode, ForLinkToMerchant?, SessionId}`.
 *
 * @example
 * ```ts
 * import { MasterpassService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.decodeUnknownSync(MasterpassService.VerifyOtpRequest)({
 *   OtpToken: "88599362e05441458c1efa588a711c8f", OtpCode: "123456", ForLinkToMerchant: false,
 *   SessionId: "5095433e-f36b-1410-825e-001264113a90"
 * })
 * ```
 *
 * @since 0.3.0
 * @category requests
 */
export const VerifyOtpRequest = Schema.Struct({
  sessionId,
  otpToken: Schema.propertySignature(Opaque).pipe(Schema.fromKey("OtpToken")),
  otpCode: Schema.propertySignature(Opaque).pipe(Schema.fromKey("OtpCode")),
  forLinkToMerchant: Schema.optionalWith(Schema.Boolean, { exact: true }).pipe(Schema.fromKey("ForLinkToMerchant"))
}).annotations({ identifier: "VerifyOtpRequest" })

/**
 * Resend OTP: `{OtpToken, SessionId}`.
 *
 * @example
 * ```ts
 * import { MasterpassService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.decodeUnknownSync(MasterpassService.ResendOtpRequest)({ OtpToken: "67a40b720d564a878dd46579b3d2eff3", SessionId: "6489433e-f36b-1410-825e-001264113a90" })
 * ```
 *
 * @since 0.3.0
 * @category requests
 */
export const ResendOtpRequest = Schema.Struct({
  sessionId,
  otpToken: Schema.propertySignature(Opaque).pipe(Schema.fromKey("OtpToken"))
}).annotations({ identifier: "ResendOtpRequest" })

const masterpassPaymentId = Schema.propertySignature(Opaque).pipe(Schema.fromKey("MasterpassPaymentId"))

/**
 * Verify payment (OTP): `{SessionId, MasterpassPaymentId, OtpToken, OtpCode}`.
 *
 * @example
 * ```ts
 * import { MasterpassService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.decodeUnknownSync(MasterpassService.VerifyPaymentRequest)({
 *   OtpToken: "f6b4401774f544dc8ec958dbe7a8470f", OtpCode: "123456",
 *   SessionId: "5895433e-f36b-1410-825e-001264113a90", MasterpassPaymentId: "ce55004d-888c-416f-84d7-ed2873531fe7"
 * })
 * ```
 *
 * @since 0.3.0
 * @category requests
 */
export const VerifyPaymentRequest = Schema.Struct({
  sessionId,
  masterpassPaymentId,
  otpToken: Schema.propertySignature(Opaque).pipe(Schema.fromKey("OtpToken")),
  otpCode: Schema.propertySignature(Opaque).pipe(Schema.fromKey("OtpCode"))
}).annotations({ identifier: "VerifyPaymentRequest" })

/**
 * Commit payment: `{SessionId, MasterpassPaymentId}`.
 *
 * @example
 * ```ts
 * import { MasterpassService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.decodeUnknownSync(MasterpassService.CommitPaymentRequest)({ SessionId: "5895433e-f36b-1410-825e-001264113a90", MasterpassPaymentId: "ce55004d-888c-416f-84d7-ed2873531fe7" })
 * ```
 *
 * @since 0.3.0
 * @category requests
 */
export const CommitPaymentRequest = Schema.Struct({ sessionId, masterpassPaymentId }).annotations({
  identifier: "CommitPaymentRequest"
})

/**
 * Commit payment by Paywall's payment id: `{SessionId, PaymentId}` (a number beyond 32 bits).
 *
 * @example
 * ```ts
 * import { MasterpassService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.decodeUnknownSync(MasterpassService.CommitPaymentByIdRequest)({ SessionId: "512b673e-f36b-1410-80e8-004205aa382d", PaymentId: 8013143466 }).paymentId // 8013143466n
 * ```
 *
 * @since 0.3.0
 * @category requests
 */
export const CommitPaymentByIdRequest = Schema.Struct({
  sessionId,
  paymentId: Schema.propertySignature(PaymentId).pipe(Schema.fromKey("PaymentId"))
}).annotations({ identifier: "CommitPaymentByIdRequest" })

// ---------------------------------------------------------------------------------------------
// Replies
// ---------------------------------------------------------------------------------------------

/**
 * A saved card, as the card list shows it. Numbers are masked by Masterpass and kept as the
 * opaque strings they are (`552879********08`, `************0016`); the alias is opaque too.
 *
 * @example
 * ```ts
 * import { MasterpassService } from "@paywall-effect/domain"
 *
 * const label = (card: MasterpassService.Card) => `${card.productName} ${card.maskedNumber}`
 * ```
 *
 * @since 0.3.0
 * @category replies
 */
export class Card extends Schema.Class<Card>("Card")({
  alias: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("CardAlias")),
  maskedNumber: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("MaskedCardNumber")),
  bin: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("CardBin")),
  // A JSON number: finite, as every number an answer can carry.
  cardId: Schema.propertySignature(Schema.JsonNumber).pipe(Schema.fromKey("CardId")),
  cardType: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("CardType")),
  state: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("CardState")),
  validationType: Schema.optionalWith(Schema.String, { exact: true, nullable: true }).pipe(
    Schema.fromKey("CardValidationType")
  ),
  productName: Schema.optionalWith(Schema.String, { exact: true, nullable: true }).pipe(Schema.fromKey("ProductName")),
  eftCode: Schema.optionalWith(Schema.String, { exact: true, nullable: true }).pipe(Schema.fromKey("EftCode")),
  uniqueCardNumber: Schema.optionalWith(Schema.String, { exact: true, nullable: true }).pipe(
    Schema.fromKey("UniqueCardNumber")
  ),
  isDefault: Schema.propertySignature(Schema.Boolean).pipe(Schema.fromKey("IsDefaultCard")),
  isExpired: Schema.propertySignature(Schema.Boolean).pipe(Schema.fromKey("IsExpired")),
  expireSoon: Schema.propertySignature(Schema.Boolean).pipe(Schema.fromKey("ExpireSoon")),
  isMasterpassMember: Schema.optionalWith(Schema.Boolean, { exact: true, nullable: true }).pipe(
    Schema.fromKey("IsMasterpassMember")
  )
}) {}

/**
 * The card list's `Result`.
 *
 * @example
 * ```ts
 * import { MasterpassService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.decodeUnknownSync(MasterpassService.CardListResult)({ AccountKey: "905123456710", AccountState: "Activated", Cards: [], AccountInformation: { IsAccountLinked: true } })
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const CardListResult = Schema.Struct({
  AccountKey: Schema.String,
  AccountState: Schema.String,
  Cards: Schema.Array(Card),
  AccountInformation: Schema.Struct({ IsAccountLinked: Schema.Boolean })
})

/**
 * The user's Masterpass account and saved cards.
 *
 * @example
 * ```ts
 * import type { MasterpassService } from "@paywall-effect/domain"
 *
 * const aliases = (list: MasterpassService.CardList) => list.cards.map((card) => card.alias)
 * ```
 *
 * @since 0.3.0
 * @category replies
 */
export class CardList extends Schema.Class<CardList>("CardList")({
  ...MasterpassAnswer.commonFields,
  accountKey: Schema.String,
  accountState: Schema.String,
  isAccountLinked: Schema.Boolean,
  cards: Schema.Array(Schema.typeSchema(Card))
}) {}

/**
 * From the card list's `Body` to a {@link CardList}.
 *
 * @example
 * ```ts
 * import { MasterpassService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * const decode = Schema.decodeUnknownEither(MasterpassService.CardListFromBody)
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const CardListFromBody = MasterpassAnswer.fromResult(
  CardListResult,
  CardList,
  (result, common) =>
    Either.right(
      new CardList({
        ...common,
        accountKey: result.AccountKey,
        accountState: result.AccountState,
        isAccountLinked: result.AccountInformation.IsAccountLinked,
        cards: result.Cards
      })
    ),
  (reply) => ({
    AccountKey: reply.accountKey,
    AccountState: reply.accountState,
    Cards: reply.cards,
    AccountInformation: { IsAccountLinked: reply.isAccountLinked }
  })
)

/**
 * A card was deleted: Masterpass's `ClientId` and `RefNo`.
 *
 * @example
 * ```ts
 * import type { MasterpassService } from "@paywall-effect/domain"
 *
 * const reference = (deleted: MasterpassService.CardDeleted) => deleted.refNo
 * ```
 *
 * @since 0.3.0
 * @category replies
 */
export class CardDeleted extends Schema.Class<CardDeleted>("CardDeleted")({
  ...MasterpassAnswer.commonFields,
  clientId: optionalText,
  refNo: optionalText
}) {}

/**
 * From the delete card `Body` to a {@link CardDeleted}.
 *
 * @example
 * ```ts
 * import { MasterpassService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * const decode = Schema.decodeUnknownEither(MasterpassService.CardDeletedFromBody)
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const CardDeletedFromBody = MasterpassAnswer.fromResult(
  Schema.Struct({
    ClientId: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
    RefNo: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true })
  }),
  CardDeleted,
  (result, common) =>
    Either.right(
      new CardDeleted({ ...common, ...present("clientId", result.ClientId), ...present("refNo", result.RefNo) })
    ),
  (reply) => ({ ClientId: reply.clientId ?? null, RefNo: reply.refNo ?? null })
)

const stepResult = {
  ...MasterpassAnswer.StepFields.fields,
  RetrievalReferenceNumber: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
  Description: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true })
}

const stepFields = {
  ...MasterpassAnswer.commonFields,
  step: MasterpassAnswer.Step,
  retrievalReferenceNumber: optionalText,
  description: optionalText
}

/**
 * Link (or resend OTP) answered with a step, normally an OTP (`5001`) whose code goes to
 * `verifyOtp` (with `forLinkToMerchant: true` for a link). `cardIssuerName` and `maskedPan` are
 * sent by link only.
 *
 * @example
 * ```ts
 * import type { MasterpassService } from "@paywall-effect/domain"
 *
 * const token = (reply: MasterpassService.OtpStep) => reply.step._tag === "OtpRequired" ? reply.step.otpToken : undefined
 * ```
 *
 * @since 0.3.0
 * @category replies
 */
export class OtpStep extends Schema.Class<OtpStep>("OtpStep")({
  ...stepFields,
  cardIssuerName: optionalText,
  maskedPan: optionalText
}) {}

/**
 * From the link or resend OTP `Body` to an {@link OtpStep}.
 *
 * @example
 * ```ts
 * import { MasterpassService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * const decode = Schema.decodeUnknownEither(MasterpassService.OtpStepFromBody)
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const OtpStepFromBody = MasterpassAnswer.fromResult(
  Schema.Struct({
    ...stepResult,
    CardIssuerName: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
    MaskedPan: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true })
  }),
  OtpStep,
  (result, common) =>
    Either.map(MasterpassAnswer.stepOf(result), (step) =>
      new OtpStep({
        ...common,
        step,
        ...present("retrievalReferenceNumber", result.RetrievalReferenceNumber),
        ...present("description", result.Description),
        ...present("cardIssuerName", result.CardIssuerName),
        ...present("maskedPan", result.MaskedPan)
      })),
  (reply) => ({
    ...MasterpassAnswer.stepFields(reply.step),
    RetrievalReferenceNumber: reply.retrievalReferenceNumber ?? null,
    Description: reply.description ?? null,
    CardIssuerName: reply.cardIssuerName ?? null,
    MaskedPan: reply.maskedPan ?? null
  })
)

/**
 * The account was unlinked from the merchant.
 *
 * @example
 * ```ts
 * import type { MasterpassService } from "@paywall-effect/domain"
 *
 * const reference = (reply: MasterpassService.Unlinked) => reply.retrievalReferenceNumber
 * ```
 *
 * @since 0.3.0
 * @category replies
 */
export class Unlinked extends Schema.Class<Unlinked>("Unlinked")({
  ...MasterpassAnswer.commonFields,
  retrievalReferenceNumber: optionalText
}) {}

/**
 * From the unlink `Body` to an {@link Unlinked}.
 *
 * @example
 * ```ts
 * import { MasterpassService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * const decode = Schema.decodeUnknownEither(MasterpassService.UnlinkedFromBody)
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const UnlinkedFromBody = MasterpassAnswer.fromResult(
  Schema.Struct({
    RetrievalReferenceNumber: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true })
  }),
  Unlinked,
  (result, common) =>
    Either.right(new Unlinked({ ...common, ...present("retrievalReferenceNumber", result.RetrievalReferenceNumber) })),
  (reply) => ({ RetrievalReferenceNumber: reply.retrievalReferenceNumber ?? null })
)

/**
 * An OTP (card, link or payment) was checked: `isVerified`, and the step that follows
 * (`Done`, or 3D Secure for a card that needs it).
 *
 * @example
 * ```ts
 * import type { MasterpassService } from "@paywall-effect/domain"
 *
 * const finished = (reply: MasterpassService.OtpVerified) => reply.isVerified && reply.step._tag === "Done"
 * ```
 *
 * @since 0.3.0
 * @category replies
 */
export class OtpVerified extends Schema.Class<OtpVerified>("OtpVerified")({
  ...stepFields,
  isVerified: Schema.Boolean,
  cardUniqueNumber: optionalText
}) {}

/**
 * From the OTP verify or payment verify `Body` to an {@link OtpVerified}.
 *
 * @example
 * ```ts
 * import { MasterpassService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * const decode = Schema.decodeUnknownEither(MasterpassService.OtpVerifiedFromBody)
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const OtpVerifiedFromBody = MasterpassAnswer.fromResult(
  Schema.Struct({
    ...stepResult,
    IsVerified: Schema.optionalWith(Schema.NullOr(Schema.Boolean), { exact: true }),
    CardUniqueNumber: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true })
  }),
  OtpVerified,
  (result, common) =>
    Either.map(MasterpassAnswer.stepOf(result), (step) =>
      new OtpVerified({
        ...common,
        step,
        // Paywall's example of payment verify has it; a "0000" without it is a verified one.
        isVerified: result.IsVerified ?? step._tag === "Done",
        ...present("retrievalReferenceNumber", result.RetrievalReferenceNumber),
        ...present("description", result.Description),
        ...present("cardUniqueNumber", result.CardUniqueNumber)
      })),
  (reply) => ({
    ...MasterpassAnswer.stepFields(reply.step),
    RetrievalReferenceNumber: reply.retrievalReferenceNumber ?? null,
    Description: reply.description ?? null,
    IsVerified: reply.isVerified,
    CardUniqueNumber: reply.cardUniqueNumber ?? null
  })
)

/**
 * The commit answer's `Body.Masterpass` (not the standard one: `{Result: true, Detail, Error}`).
 *
 * @example
 * ```ts
 * import { MasterpassService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * Schema.decodeUnknownSync(MasterpassService.CommitMasterpass)({
 *   Result: true,
 *   Detail: { PaymentId: 203948888, PaymentActivityId: 4413674, UniqueCode: "a", MerchantUniqueCode: "b", TrackingCode: "c" },
 *   Error: { ProviderErrorCode: null, ProviderErrorMessage: null }
 * })
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const CommitMasterpass = Schema.Struct({
  Result: Schema.Literal(true),
  Detail: Schema.Struct({
    PaymentId,
    PaymentActivityId: Schema.optionalWith(Schema.NullOr(Schema.JsonNumber), { exact: true }),
    UniqueCode: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
    MerchantUniqueCode: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
    TrackingCode: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true })
  }),
  Error: Schema.optionalWith(
    Schema.NullOr(Schema.Struct({
      ProviderErrorCode: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
      ProviderErrorMessage: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true })
    })),
    { exact: true }
  )
})

/**
 * A committed payment: Paywall's `paymentId` (a `bigint`), its activity and the payment's codes.
 *
 * @example
 * ```ts
 * import type { MasterpassService } from "@paywall-effect/domain"
 *
 * const id = (reply: MasterpassService.PaymentCommitted) => reply.paymentId.toString()
 * ```
 *
 * @since 0.3.0
 * @category replies
 */
export class PaymentCommitted extends Schema.Class<PaymentCommitted>("PaymentCommitted")({
  session: MasterpassAnswer.commonFields.session,
  paymentId: Schema.typeSchema(PaymentId),
  paymentActivityId: Schema.optionalWith(Schema.JsonNumber, { exact: true }),
  uniqueCode: optionalText,
  merchantUniqueCode: optionalText,
  trackingCode: optionalText
}) {}

/**
 * From the commit `Body` to a {@link PaymentCommitted}.
 *
 * @example
 * ```ts
 * import { MasterpassService } from "@paywall-effect/domain"
 * import { Schema } from "effect"
 *
 * const decode = Schema.decodeUnknownEither(MasterpassService.PaymentCommittedFromBody)
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const PaymentCommittedFromBody = Schema.transform(
  MasterpassAnswer.Body(CommitMasterpass),
  Schema.typeSchema(PaymentCommitted),
  {
    strict: true,
    decode: ({ Masterpass: { Detail }, Session }) =>
      new PaymentCommitted({
        session: Session,
        paymentId: Detail.PaymentId,
        ...present("paymentActivityId", Detail.PaymentActivityId),
        ...present("uniqueCode", Detail.UniqueCode),
        ...present("merchantUniqueCode", Detail.MerchantUniqueCode),
        ...present("trackingCode", Detail.TrackingCode)
      }),
    encode: (reply) => ({
      Session: reply.session,
      Masterpass: {
        Result: true as const,
        Detail: {
          PaymentId: reply.paymentId,
          PaymentActivityId: reply.paymentActivityId ?? null,
          UniqueCode: reply.uniqueCode ?? null,
          MerchantUniqueCode: reply.merchantUniqueCode ?? null,
          TrackingCode: reply.trackingCode ?? null
        },
        Error: { ProviderErrorCode: null, ProviderErrorMessage: null }
      }
    })
  }
)
