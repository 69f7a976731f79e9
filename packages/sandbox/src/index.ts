/**
 * @since 0.5.0
 */
export * as BrowserSdk from "./BrowserSdk.js"
/**
 * @since 0.1.0
 */
export * as Fault from "./Fault.js"
/**
 * @since 0.1.0
 */
export * as PaywallSandbox from "./PaywallSandbox.js"
/**
 * @since 0.1.0
 */
export * as SandboxApi from "./SandboxApi.js"
