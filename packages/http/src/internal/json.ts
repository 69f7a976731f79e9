/**
 * Total, safe reading of an answer's JSON: bounded nesting, plain data only.
 */
import * as JsonNumber from "@paywall-effect/domain/JsonNumber"
import * as Either from "effect/Either"

/**
 * How deep an answer may nest. Paywall's envelope is three levels deep; 64 leaves room for any
 * honest body while keeping every later walk over it (decoding, scrubbing, printing, which
 * recurse) far from the stack's limit.
 */
export const maxJsonDepth = 64

/**
 * The value of `text`, or why it is not acceptable JSON: not JSON at all, or nested deeper
 * than `maxDepth`. `JsonNumber.parse` measures the depth before anything is parsed, in the one
 * pass over the text that also finds the numbers a float cannot hold as written (a long decimal
 * amount), which come back as `JsonNumber`s with their exact text, never rounded. The value is
 * plain data (`__proto__` keys are dropped). Never throws.
 */
export const parseJson = (text: string, maxDepth: number = maxJsonDepth): Either.Either<unknown, string> => {
  try {
    return Either.right(JsonNumber.parse(text, { maxDepth }))
  } catch (error) {
    // Too deep is a RangeError, saying so; the parser's own words about bad JSON are a SyntaxError.
    if (error instanceof RangeError) return Either.left(error.message)
    return Either.left(error instanceof Error ? `not JSON: ${error.message}` : "not JSON")
  }
}
