/**
 * @since 0.1.0
 */
export * as CreateSession from "./CreateSession.js"
/**
 * @since 0.1.0
 */
export * as CreateSessionRequest from "./CreateSessionRequest.js"
/**
 * @since 0.1.0
 */
export * as MasterpassSession from "./MasterpassSession.js"
/**
 * @since 0.1.0
 */
export * as PaywallEnvelope from "./PaywallEnvelope.js"
/**
 * @since 0.1.0
 */
export * as PaywallError from "./PaywallError.js"
/**
 * @since 0.1.0
 */
export * as Phone from "./Phone.js"
