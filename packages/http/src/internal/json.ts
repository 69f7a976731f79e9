/**
 * Total, safe reading of an answer's JSON: bounded nesting, plain data only.
 */
import { JsonNumber } from "@paywall-effect/domain"
import * as Either from "effect/Either"

/**
 * How deep an answer may nest. Paywall's envelope is three levels deep; 64 leaves room for any
 * honest body while keeping every later walk over it (decoding, scrubbing, printing, which
 * recurse) far from the stack's limit.
 */
export const maxJsonDepth = 64

/**
 * The value of `text`, or why it is not acceptable JSON: not JSON at all, or nested deeper
 * than `maxDepth`. The depth is measured by one pass over the text before anything is parsed
 * (no recursion, so no depth can overflow it). The value is plain data (`__proto__` keys are
 * dropped), and a number a float cannot hold as written (a long decimal amount) comes back as
 * a `JsonNumber` with its exact text, never rounded (see `JsonNumber.parse`). Never throws.
 */
export const parseJson = (text: string, maxDepth: number = maxJsonDepth): Either.Either<unknown, string> => {
  if (nestsDeeperThan(text, maxDepth)) return Either.left(`the JSON nests deeper than ${maxDepth} levels`)
  try {
    return Either.right(JsonNumber.parse(text))
  } catch (error) {
    return Either.left(error instanceof Error ? `not JSON: ${error.message}` : "not JSON")
  }
}

const quote = 0x22
const backslash = 0x5c

/**
 * Whether `[`/`{` outside strings nest deeper than `limit` anywhere (stops at the first place
 * they do). Invalid JSON may be miscounted; `JSON.parse` then refuses it anyway.
 */
const nestsDeeperThan = (text: string, limit: number): boolean => {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (inString) {
      if (code === backslash) i++
      else if (code === quote) inString = false
    } else if (code === quote) {
      inString = true
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > limit) return true
    } else if (code === 0x5d || code === 0x7d) {
      depth--
    }
  }
  return false
}
