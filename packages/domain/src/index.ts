/**
 * The domain of Paywall's Masterpass Create Session: the request, the envelope, the session,
 * the outcome record and the typed errors, as schemas. No I/O; depends on `effect` only.
 *
 * @since 0.1.0
 */

/**
 * A money amount: a `BigDecimal`, exact on the wire.
 *
 * @since 0.5.0
 */
export * as Amount from "./Amount.js"
/**
 * The outcome record of a Create Session attempt.
 *
 * @since 0.1.0
 */
export * as CreateSession from "./CreateSession.js"
/**
 * The request of Masterpass Create Session.
 *
 * @since 0.1.0
 */
export * as CreateSessionRequest from "./CreateSessionRequest.js"
/**
 * A JSON number kept as its exact text, and JSON text written and read with it.
 *
 * @since 0.5.0
 */
export * as JsonNumber from "./JsonNumber.js"
/**
 * How every Masterpass service's answer is read: session, failures, next step.
 *
 * @since 0.3.0
 */
export * as MasterpassAnswer from "./MasterpassAnswer.js"
/**
 * The requests and replies of the server-side Masterpass services.
 *
 * @since 0.3.0
 */
export * as MasterpassService from "./MasterpassService.js"
/**
 * The session Paywall returns.
 *
 * @since 0.1.0
 */
export * as MasterpassSession from "./MasterpassSession.js"
/**
 * A payment's status, as a named union.
 *
 * @since 0.5.0
 */
export * as PaymentStatus from "./PaymentStatus.js"
/**
 * Paywall's API as data: constants and every endpoint's declaration.
 *
 * @since 0.2.0
 */
export * as PaywallApi from "./PaywallApi.js"
/**
 * The declaration of one Paywall endpoint.
 *
 * @since 0.2.0
 */
export * as PaywallEndpoint from "./PaywallEndpoint.js"
/**
 * The envelope every Masterpass answer comes in.
 *
 * @since 0.1.0
 */
export * as PaywallEnvelope from "./PaywallEnvelope.js"
/**
 * The typed failures of a Paywall call.
 *
 * @since 0.1.0
 */
export * as PaywallError from "./PaywallError.js"
/**
 * The user's phone number, validated and masked.
 *
 * @since 0.1.0
 */
export * as Phone from "./Phone.js"
/**
 * The requests and replies of the Payment Private API.
 *
 * @since 0.5.0
 */
export * as PrivateService from "./PrivateService.js"
/**
 * What became of a money-moving call whose outcome is unknown.
 *
 * @since 0.5.0
 */
export * as Reconciliation from "./Reconciliation.js"
/**
 * @since 0.5.0
 */
export * as SdkToken from "./SdkToken.js"
/**
 * Paywall's 3D callback form, read; the string its hash covers; its refusals.
 *
 * @since 0.5.0
 */
export * as ThreeDCallback from "./ThreeDCallback.js"
