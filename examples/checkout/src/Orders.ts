/**
 * The shop's orders, in memory (a table in a real shop). Each order changes under its own lock:
 * a step reads the order, talks to Paywall and saves the new state while no other step of that
 * order runs, so a double click cannot send a money-moving call twice. A step that fails saves
 * nothing unless it says so: the order keeps the state it had.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { randomUUID } from "node:crypto"
import type { Order, PaymentState } from "./Order.js"
import { PaymentState as State } from "./Order.js"
import { OrderNotFound } from "./ShopError.js"

/** What the order store does; every order belongs to one user, who alone sees it. */
export interface Service {
  /** A new order, `Created`, with an id usable as Paywall's `MerchantUniqueCode` (unique across runs). */
  readonly create: (order: Omit<Order, "id" | "state" | "payments">) => Effect.Effect<Order>
  /** The user's orders, oldest first. */
  readonly list: (userId: string) => Effect.Effect<ReadonlyArray<Order>>
  /** The user's order, as it is now. */
  readonly get: (userId: string, orderId: string) => Effect.Effect<Order, OrderNotFound>
  /**
   * Runs `step` on the user's order under the order's lock; `save` stores a new state (at once,
   * so a failure after it keeps it), counting a payment started when `newPayment` says so, and
   * returns the order with it.
   */
  readonly change: <A, E, R>(
    userId: string,
    orderId: string,
    step: (
      order: Order,
      save: (state: PaymentState, newPayment?: boolean) => Effect.Effect<Order>
    ) => Effect.Effect<A, E, R>
  ) => Effect.Effect<A, E | OrderNotFound, R>
}

/** The order store. */
export class Orders extends Context.Tag("example-checkout/Orders")<Orders, Service>() {}

/** The in-memory store: orders by id, a semaphore each. */
export const make: Effect.Effect<Service> = Effect.sync(() => {
  const orders = new Map<string, { order: Order; readonly lock: Effect.Semaphore }>()
  const find = (userId: string, orderId: string) =>
    Effect.suspend(() => {
      const entry = orders.get(orderId)
      return entry === undefined || entry.order.userId !== userId
        ? Effect.fail(new OrderNotFound({ message: `There is no order ${orderId}.` }))
        : Effect.succeed(entry)
    })
  return Orders.of({
    create: (order) =>
      Effect.sync(() => {
        const created: Order = {
          ...order,
          id: `order-${randomUUID().slice(0, 8)}`,
          payments: 0,
          state: State.Created()
        }
        orders.set(created.id, { order: created, lock: Effect.unsafeMakeSemaphore(1) })
        return created
      }),
    list: (userId) =>
      Effect.sync(() => [...orders.values()].map((entry) => entry.order).filter((order) => order.userId === userId)),
    get: (userId, orderId) => Effect.map(find(userId, orderId), (entry) => entry.order),
    change: (userId, orderId, step) =>
      Effect.flatMap(find(userId, orderId), (entry) =>
        // The order is read once the lock is held: a step waiting for it sees what the one before saved.
        entry.lock.withPermits(1)(Effect.suspend(() =>
          step(entry.order, (state, newPayment = false) =>
            Effect.sync(() => {
              entry.order = { ...entry.order, state, payments: entry.order.payments + (newPayment ? 1 : 0) }
              return entry.order
            }))
        )))
  })
})

/** The in-memory store as a layer. */
export const layer: Layer.Layer<Orders> = Layer.effect(Orders, make)
