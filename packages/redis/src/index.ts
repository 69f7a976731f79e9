/**
 * @since 0.4.0
 */
export * as RedisSessionStore from "./RedisSessionStore.js"
