/**
 * @since 0.1.0
 */
export * as MasterpassClient from "./MasterpassClient.js"
/**
 * @since 0.2.0
 */
export * as PaywallClient from "./PaywallClient.js"
/**
 * @since 0.1.0
 */
export * as PaywallConfig from "./PaywallConfig.js"
/**
 * @since 0.1.0
 */
export * as PaywallCredentials from "./PaywallCredentials.js"
/**
 * @since 0.5.0
 */
export * as PaywallPrivateClient from "./PaywallPrivateClient.js"
/**
 * @since 0.4.0
 */
export * as MasterpassWallet from "./MasterpassWallet.js"
/**
 * @since 0.4.0
 */
export * as SessionStore from "./SessionStore.js"
/**
 * @since 0.5.0
 */
export * as ThreeDCallbackRoute from "./ThreeDCallbackRoute.js"
/**
 * @since 0.5.0
 */
export * as ThreeDCallbackVerifier from "./ThreeDCallbackVerifier.js"
