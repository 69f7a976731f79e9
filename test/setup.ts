// Loaded by vitest before every test file: with `FC_NUM_RUNS` set, a property that names no
// number of runs (the README's Checkout example) makes that many too.
import { FastCheck } from "effect"
import { deepRuns } from "./fastcheck.js"

if (deepRuns !== undefined) {
  FastCheck.configureGlobal({ numRuns: deepRuns })
}
