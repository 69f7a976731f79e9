import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Fiber, Ref, TestClock } from "effect"
import { timeoutTo } from "../src/internal/timeout.js"

/** An effect that never ends by itself and records that its finalizer ran (after a little work). */
const hanging = (finalized: Ref.Ref<boolean>) =>
  Effect.never.pipe(Effect.onInterrupt(() => Effect.sleep("20 millis").pipe(Effect.zipRight(Ref.set(finalized, true)))))

describe("the attempt timeout", () => {
  it.live("gives the value when it comes in time", () =>
    Effect.gen(function*() {
      expect(yield* timeoutTo(Effect.succeed("answer").pipe(Effect.delay("5 millis")), 1000, () => "late")).toBe(
        "answer"
      )
    }))

  it.live("gives onTimeout once the time is up, after the interrupted attempt's finalizers ran", () =>
    Effect.gen(function*() {
      const finalized = yield* Ref.make(false)
      expect(yield* timeoutTo(hanging(finalized), 30, () => "late")).toBe("late")
      expect(yield* Ref.get(finalized)).toBe(true)
    }))

  it.live("interrupting the caller interrupts the attempt and waits for its finalizers", () =>
    Effect.gen(function*() {
      const finalized = yield* Ref.make(false)
      const started = yield* Deferred.make<void>()
      const fiber = yield* Effect.fork(
        timeoutTo(Deferred.succeed(started, undefined).pipe(Effect.zipRight(hanging(finalized))), 10_000, () => false)
      )
      yield* Deferred.await(started)
      const exit = yield* Fiber.interrupt(fiber)
      expect(Exit.isInterrupted(exit)).toBe(true)
      expect(yield* Ref.get(finalized)).toBe(true)
    }))

  it.live("a defect in the attempt stays a defect, not a timeout", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(timeoutTo(Effect.die("boom"), 1000, () => "late"))
      expect(Exit.isFailure(exit) && !Exit.isInterrupted(exit)).toBe(true)
      expect(String(exit)).toContain("boom")
    }))

  it.effect("on a TestClock, time is the test's to move", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(timeoutTo(Effect.never, 1000, () => "late"))
      yield* TestClock.adjust("999 millis")
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("1 millis")
      expect(yield* Fiber.join(fiber)).toBe("late")
    }))
})
