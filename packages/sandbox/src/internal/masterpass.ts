/**
 * The sandbox's in-memory Masterpass: accounts and cards per user, OTPs with one fixed code,
 * payments awaiting verify and commit, and what each service answers. Pure state, no HTTP.
 */
import {
  MasterpassAnswer,
  MasterpassService,
  MasterpassSession,
  type PaywallApi,
  type PaywallEndpoint
} from "@paywall-effect/domain"
import * as BigDecimal from "effect/BigDecimal"
import type * as DateTime from "effect/DateTime"
import { randomBytes, randomUUID } from "node:crypto"

/** What a payment costs unless its start says otherwise. */
const defaultAmount = BigDecimal.unsafeFromString("100.00")

/** What a service answers: its reply, a Masterpass failure (in `Body.Masterpass`) or a Paywall one. */
export type Handled<A> =
  | { readonly _tag: "Reply"; readonly reply: A }
  | {
    readonly _tag: "Masterpass"
    readonly code: string
    readonly level: string
    readonly message: string
    readonly statusCode: number
    readonly errorCode?: number
  }
  | { readonly _tag: "Paywall"; readonly errorCode: number; readonly message: string }

const reply = <A>(reply: A): Handled<A> => ({ _tag: "Reply", reply })

/** Paywall's documented Masterpass failures, with the texts its examples show. */
const refused = {
  userNotFound: {
    _tag: "Masterpass",
    code: "USER_NOT_FOUND",
    level: "Http403",
    message: "Kullanıcı bulunamadı.",
    statusCode: 403
  },
  notLinked: {
    _tag: "Masterpass",
    code: "ACCOUNT_NOT_LINKED_TO_MERCHANT",
    level: "NotFound",
    message: "Hesap iş yerine bağlı değil.",
    statusCode: 404
  },
  accountNotFound: {
    _tag: "Masterpass",
    code: "ACCOUNT_NOT_FOUND",
    level: "NotFound",
    message: "Hesap bulunamadı.",
    statusCode: 404
  },
  cardNotFound: {
    _tag: "Masterpass",
    code: "CARD_NOT_FOUND",
    level: "NotFound",
    message: "Kart bulunamadı.",
    statusCode: 404
  },
  tokenNotValid: {
    _tag: "Masterpass",
    code: "TOKEN_IS_NOT_VALID",
    level: "NotFound",
    message: "Token geçersiz.",
    statusCode: 404
  },
  tokenExpired: {
    _tag: "Masterpass",
    code: "TOKEN_HAS_EXPIRED",
    level: "Unauthorized",
    message: "Tokenın süresi doldu.",
    statusCode: 401,
    errorCode: 1
  },
  // Not in Paywall's server examples (its browser SDK maps the code): the sandbox's form.
  otpNotValid: {
    _tag: "Masterpass",
    code: "OTP_IS_NOT_VALID",
    level: "Unauthorized",
    message: "OTP geçersiz.",
    statusCode: 401,
    errorCode: 1
  },
  // Not in Paywall's documents (a merchant's code names one payment): the sandbox's form.
  orderUsed: {
    _tag: "Masterpass",
    code: "MERCHANT_UNIQUE_CODE_ALREADY_USED",
    level: "BadRequest",
    message: "Bu sipariş numarası daha önce kullanıldı.",
    statusCode: 400
  },
  paymentNotFound: { _tag: "Paywall", errorCode: 56, message: "Masterpass payment not found" },
  autoCommit: { _tag: "Paywall", errorCode: 92, message: "Auto commit payment cannot commit again" }
} as const satisfies Record<string, Handled<never>>

/** An account seeded by the test: its user, whether it is linked to the merchant, its cards' aliases. */
export interface AccountSeed {
  readonly userId: string
  readonly linked?: boolean
  readonly cards?: ReadonlyArray<string>
}

interface Account {
  linked: boolean
  cards: Array<MasterpassService.Card>
}

type OtpPurpose = { readonly _tag: "Card" } | { readonly _tag: "Link" } | {
  readonly _tag: "Payment"
  readonly masterpassPaymentId: string
}

/** Where the 3D step sends the user's browser back to, as the browser SDK's payment start names them. */
export interface BackUrls {
  readonly successUrl: string
  readonly failUrl: string
}

/** How a payment is started: its OTP or 3D step, auto-commit, and what its 3D callback reports. */
export interface PaymentStart {
  readonly otp?: boolean
  readonly autoCommit?: boolean
  readonly amount?: BigDecimal.BigDecimal
  readonly installment?: number
  readonly merchantUniqueCode?: string
  readonly threeD?: BackUrls
}

export interface Payment {
  readonly userId: string
  readonly paymentId: MasterpassService.PaymentId
  readonly uniqueCode: string
  readonly merchantUniqueCode: string
  readonly autoCommit: boolean
  readonly amount: BigDecimal.BigDecimal
  readonly installment: number
  readonly threeD: BackUrls | undefined
  awaitingOtp: boolean
  /** Started with a 3D step that has not ended yet: not committable. */
  awaitingThreeD: boolean
}

type Request<E extends PaywallEndpoint.Any> = PaywallEndpoint.Request<E>
type Reply<E extends PaywallEndpoint.Any> = PaywallEndpoint.Reply<E>

/** The Masterpass services the sandbox answers for a user of a known session. */
type Service =
  | "listCards"
  | "deleteCard"
  | "linkToMerchant"
  | "unlinkFromMerchant"
  | "verifyOtp"
  | "resendOtp"
  | "verifyPayment"
  | "commitPayment"
  | "commitPaymentById"

/** The services' answers for one user, given the session each answer carries (and the time, for a payment's). */
export type Handlers = {
  readonly [K in Service]: (
    r: Request<typeof PaywallApi.endpoints[K]>,
    user: string,
    now: DateTime.Utc
  ) => Handled<Reply<typeof PaywallApi.endpoints[K]>>
}

const token = () => randomBytes(16).toString("hex")

/** What the Private API learns of the Masterpass flow's payments: when one starts, and when it succeeds. */
export interface Ledger {
  readonly start: (
    payment: {
      readonly paymentId: MasterpassService.PaymentId
      readonly uniqueCode: string
      readonly merchantUniqueCode: string
      readonly amount: BigDecimal.BigDecimal
    },
    now: DateTime.Utc
  ) => void
  readonly succeed: (merchantUniqueCode: string, now: DateTime.Utc) => void
  /** Whether a payment already has this merchant's code. */
  readonly has: (merchantUniqueCode: string) => boolean
}

/**
 * The sandbox's Masterpass: `session` is the one each answer names (renewed or not), set per
 * request; `ledger` hears of each payment's start and success.
 */
export const makeMasterpass = (options: {
  readonly otpCode: string
  readonly accounts: ReadonlyArray<AccountSeed>
  readonly session: () => MasterpassSession.SessionState
  /** The card list's `AccountKey`: the user's phone in Paywall's example. */
  readonly accountKey: (userId: string) => string
  readonly ledger: Ledger
}) => {
  let cardIds = 713633
  let references = 100005844100
  let paymentIds = 8013143466n
  const card = (alias: string, isDefault: boolean) =>
    new MasterpassService.Card({
      alias,
      maskedNumber: "552879******0008",
      bin: "552879",
      cardId: cardIds++,
      cardType: "Credit",
      state: "Activated",
      validationType: "OTP",
      productName: "Sandbox",
      isDefault,
      isExpired: false,
      expireSoon: false,
      isMasterpassMember: true
    })
  const accounts = new Map<string, Account>(
    options.accounts.map((seed) => [
      seed.userId,
      { linked: seed.linked ?? true, cards: (seed.cards ?? []).map((alias, index) => card(alias, index === 0)) }
    ])
  )
  const otps = new Map<string, { readonly userId: string; readonly purpose: OtpPurpose }>()
  const payments = new Map<string, Payment>()
  const reference = () => String(references++)
  const common = () => ({ session: options.session() })

  const otpStep = (
    userId: string,
    purpose: OtpPurpose,
    extra: { cardIssuerName?: string; maskedPan?: string } = {}
  ) => {
    const otpToken = token()
    otps.set(otpToken, { userId, purpose })
    return new MasterpassService.OtpStep({
      ...common(),
      step: new MasterpassAnswer.OtpRequired({ otpToken, source: "bank" }),
      retrievalReferenceNumber: reference(),
      description: "Telefonunuza gelen tek kullanımlık şifreyi girerek kart doğrulama işlemini tamamlayınız",
      ...extra
    })
  }
  const verified = () =>
    new MasterpassService.OtpVerified({
      ...common(),
      step: new MasterpassAnswer.Done(),
      isVerified: true,
      retrievalReferenceNumber: reference(),
      description: "OTP verified successfully."
    })
  const commit = (payment: Payment | undefined, key: string, userId: string, now: DateTime.Utc) => {
    if (payment === undefined || payment.userId !== userId || payment.awaitingOtp || payment.awaitingThreeD) {
      return refused.paymentNotFound
    }
    if (payment.autoCommit) return refused.autoCommit
    payments.delete(key)
    options.ledger.succeed(payment.merchantUniqueCode, now)
    return reply(
      new MasterpassService.PaymentCommitted({
        ...common(),
        paymentId: payment.paymentId,
        paymentActivityId: Number(payment.paymentId % 10_000_000n),
        uniqueCode: payment.uniqueCode,
        merchantUniqueCode: payment.merchantUniqueCode
      })
    )
  }

  const handlers: Handlers = {
    listCards: (_, userId) => {
      const account = accounts.get(userId)
      if (account === undefined) return refused.userNotFound
      if (!account.linked) return refused.notLinked
      return reply(
        new MasterpassService.CardList({
          ...common(),
          accountKey: options.accountKey(userId),
          accountState: "Activated",
          isAccountLinked: true,
          cards: account.cards
        })
      )
    },
    deleteCard: ({ cardAlias }, userId) => {
      const account = accounts.get(userId)
      if (account === undefined) return refused.userNotFound
      const index = account.cards.findIndex((card) => card.alias === cardAlias)
      if (index < 0) return refused.cardNotFound
      account.cards.splice(index, 1)
      return reply(new MasterpassService.CardDeleted({ ...common(), clientId: "34878516", refNo: reference() }))
    },
    linkToMerchant: (_, userId) =>
      accounts.has(userId)
        ? reply(otpStep(userId, { _tag: "Link" }, { cardIssuerName: "Sandbox Bank", maskedPan: "************0008" }))
        : refused.accountNotFound,
    unlinkFromMerchant: (_, userId) => {
      const account = accounts.get(userId)
      if (account === undefined || !account.linked) return refused.notLinked
      account.linked = false
      return reply(new MasterpassService.Unlinked({ ...common(), retrievalReferenceNumber: reference() }))
    },
    verifyOtp: ({ otpCode, otpToken }, userId) => {
      const otp = otps.get(otpToken)
      if (otp === undefined || otp.userId !== userId || otp.purpose._tag === "Payment") return refused.tokenExpired
      if (otpCode !== options.otpCode) return refused.otpNotValid
      otps.delete(otpToken)
      const account = accounts.get(userId)
      if (otp.purpose._tag === "Link" && account !== undefined) account.linked = true
      return reply(verified())
    },
    resendOtp: ({ otpToken }, userId) => {
      const otp = otps.get(otpToken)
      if (otp === undefined || otp.userId !== userId) return refused.tokenNotValid
      otps.delete(otpToken)
      return reply(otpStep(userId, otp.purpose))
    },
    verifyPayment: ({ masterpassPaymentId, otpCode, otpToken }, userId, now) => {
      const otp = otps.get(otpToken)
      const payment = payments.get(masterpassPaymentId)
      if (
        otp === undefined || otp.userId !== userId || payment === undefined
        || otp.purpose._tag !== "Payment" || otp.purpose.masterpassPaymentId !== masterpassPaymentId
      ) return refused.tokenExpired
      if (otpCode !== options.otpCode) return refused.otpNotValid
      otps.delete(otpToken)
      payment.awaitingOtp = false
      // With AutoCommit, Paywall completes the payment once its OTP is verified.
      if (payment.autoCommit) options.ledger.succeed(payment.merchantUniqueCode, now)
      return reply(verified())
    },
    commitPayment: ({ masterpassPaymentId }, userId, now) =>
      commit(payments.get(masterpassPaymentId), masterpassPaymentId, userId, now),
    commitPaymentById: ({ paymentId }, userId, now) => {
      const found = [...payments].find(([, payment]) => payment.paymentId === paymentId)
      return commit(found?.[1], found?.[0] ?? "", userId, now)
    }
  }

  /**
   * A payment the browser started (in Paywall's flow, through its SDK): awaiting its OTP, its 3D
   * step (`threeD`, the back URLs) or its commit; with `autoCommit` and no OTP, Paywall
   * completes it at once. Its merchant code defaults to its Masterpass id.
   */
  const startPayment = (userId: string, start: PaymentStart, now: DateTime.Utc) => {
    const masterpassPaymentId = randomUUID()
    const paymentId = paymentIds++ as MasterpassService.PaymentId
    const uniqueCode = randomUUID()
    const merchantUniqueCode = start.merchantUniqueCode ?? masterpassPaymentId
    const awaitingOtp = start.otp ?? false
    const autoCommit = start.autoCommit ?? false
    const amount = start.amount ?? defaultAmount
    options.ledger.start({ paymentId, uniqueCode, merchantUniqueCode, amount }, now)
    payments.set(masterpassPaymentId, {
      userId,
      paymentId,
      uniqueCode,
      merchantUniqueCode,
      autoCommit,
      amount,
      installment: start.installment ?? 1,
      threeD: start.threeD,
      awaitingOtp,
      awaitingThreeD: start.threeD !== undefined
    })
    if (autoCommit && !awaitingOtp) options.ledger.succeed(merchantUniqueCode, now)
    const started = { masterpassPaymentId, paymentId, uniqueCode, merchantUniqueCode }
    return awaitingOtp ? { ...started, otpToken: paymentOtp(userId, masterpassPaymentId) } : started
  }

  /** The OTP token a payment's verify must name. */
  const paymentOtp = (userId: string, masterpassPaymentId: string) => {
    const otpToken = token()
    otps.set(otpToken, { userId, purpose: { _tag: "Payment", masterpassPaymentId } })
    return otpToken
  }

  /**
   * Ends a payment's 3D step as Paywall's callback reports it: a success leaves it awaiting its
   * commit; a failure drops it (a commit then answers 56). The payment as it was, if known.
   */
  const endThreeD = (masterpassPaymentId: string, succeeded: boolean): Payment | undefined => {
    const payment = payments.get(masterpassPaymentId)
    if (payment === undefined) return undefined
    if (succeeded) payment.awaitingThreeD = false
    else payments.delete(masterpassPaymentId)
    return payment
  }

  /** A payment by its Masterpass id, if known. */
  const payment = (masterpassPaymentId: string): Payment | undefined => payments.get(masterpassPaymentId)

  /**
   * A purchase with a saved card, as the browser SDK starts it: the user's account must exist and
   * be linked, and hold the card, and the merchant's code must be new; then a payment awaiting its
   * 3D step when the purchase names back URLs, else its OTP (every other sandbox card validates by OTP).
   */
  const purchase = (
    userId: string,
    request: {
      readonly cardAlias: string
      readonly merchantUniqueCode: string
      readonly amount: BigDecimal.BigDecimal
      readonly threeD?: BackUrls | undefined
    },
    now: DateTime.Utc
  ) => {
    const account = accounts.get(userId)
    if (account === undefined) return refused.userNotFound
    if (!account.linked) return refused.notLinked
    if (!account.cards.some((card) => card.alias === request.cardAlias)) return refused.cardNotFound
    if (options.ledger.has(request.merchantUniqueCode)) return refused.orderUsed
    const { amount, merchantUniqueCode, threeD } = request
    const step = threeD === undefined ? { otp: true } : { threeD }
    return { _tag: "Reply", reply: startPayment(userId, { amount, merchantUniqueCode, ...step }, now) } as const
  }

  return { handlers, startPayment, purchase, endThreeD, payment, refused }
}

/** A fresh session id in Paywall's Guid form. */
export const newSessionId = () => MasterpassSession.AnswerSessionId.make(randomUUID())
