/**
 * The size of every property test, in one place.
 *
 * A property runs its default number of runs, chosen by its cost so that it stays well under its
 * timeout on a busy 2-core machine. `FC_NUM_RUNS` (set by `pnpm test:deep`) runs every property that
 * many times instead; the timeout grows with the number of runs, so a deep run fails by a
 * counterexample, never by the clock.
 */

/** `FC_NUM_RUNS` as a number of runs, or undefined when it is not set. */
const fromEnvironment = (text: string | undefined): number | undefined => {
  if (text === undefined || text === "") return undefined
  const runs = Number(text)
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`FC_NUM_RUNS must be a positive integer, not ${JSON.stringify(text)}`)
  }
  return runs
}

/** The number of runs every property makes when `FC_NUM_RUNS` is set. */
export const deepRuns: number | undefined = fromEnvironment(process.env["FC_NUM_RUNS"])

/** How many runs a property makes: `FC_NUM_RUNS` when set, else its default. */
export const numRuns = (defaultRuns: number): number => deepRuns ?? defaultRuns

/**
 * Options for `it.prop` / `it.effect.prop`: the number of runs, and a timeout sized by them.
 * `msPerRun` is a generous bound on one run on a loaded 2-core machine (measured: up to 160 ms for
 * the HTTP-level properties, with both cores busy and other jobs running; 10-20 ms when idle),
 * on top of a fixed 10 s for start-up and shrinking.
 */
export const sized = (defaultRuns: number, msPerRun: number) => {
  const runs = numRuns(defaultRuns)
  return { timeout: 10_000 + runs * msPerRun, fastCheck: { numRuns: runs } }
}
