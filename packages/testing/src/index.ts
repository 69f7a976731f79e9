/**
 * @since 0.1.0
 */
export * as Arbitraries from "./Arbitraries.js"
/**
 * @since 0.1.0
 */
export * as MasterpassClientTest from "./MasterpassClientTest.js"
/**
 * @since 0.4.0
 */
export * as MasterpassWalletTest from "./MasterpassWalletTest.js"
/**
 * @since 0.1.0
 */
export * as Outcome from "./Outcome.js"
