/**
 * The per-attempt timeout, cheap on the hot path.
 */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import { identity } from "effect/Function"

/** Effect's own clock, the one every fiber has unless a test (or an app) provides another. */
const liveClock = Effect.runSync(Effect.clock)

/** The longest delay `setTimeout` keeps (longer ones fire at once). */
const maxTimerMillis = 2 ** 31 - 1

/**
 * `self`, or `onTimeout()` once `millis` have passed, interrupting `self`. `Effect.timeoutTo`
 * races two forked fibers and merges the winner's fiber refs back, which costs about a third of
 * an in-memory call; on Effect's own clock the same is done with one forked fiber and a timer
 * (the live clock's `sleep` is that timer). Any other clock, such as a `TestClock`, gets
 * `Effect.timeoutTo`, so tests still control time.
 */
export const timeoutTo = <A>(self: Effect.Effect<A>, millis: number, onTimeout: () => A): Effect.Effect<A> =>
  Effect.clockWith((clock) =>
    clock === liveClock && millis <= maxTimerMillis
      ? Effect.uninterruptibleMask((restore) =>
        Effect.flatMap(Effect.forkDaemon(restore(self)), (child) =>
          restore(Effect.async<A>((resume) => {
            let timedOut = false
            const timer = setTimeout(() => {
              timedOut = true
              child.unsafeInterruptAsFork(child.id())
            }, millis)
            const observer = (exit: Exit.Exit<A>) => {
              clearTimeout(timer)
              resume(timedOut && Exit.isInterrupted(exit) ? Effect.sync(onTimeout) : exit)
            }
            child.addObserver(observer)
            // The caller was interrupted: stop the timer and the attempt, and wait for its finalizers.
            return Effect.suspend(() => {
              clearTimeout(timer)
              child.removeObserver(observer)
              return Fiber.interrupt(child)
            })
          })))
      )
      : Effect.timeoutTo(self, { duration: millis, onSuccess: identity, onTimeout })
  )
