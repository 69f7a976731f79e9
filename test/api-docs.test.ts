import { describe, expect, it } from "@effect/vitest"
import { overviewOf, renderIndex, renderPackageIndex, renderPage } from "../scripts/api-docs.js"

/** A page as @effect/docgen writes it: prettier turns the front matter's first `---` into `***`. */
const docgenPage = [
  "***",
  "",
  "title: Arbitraries.ts",
  "nav_order: 1",
  "parent: Modules",
  "---",
  "",
  "## Arbitraries overview",
  "",
  "fast-check arbitraries, built with",
  "`Arbitrary.make`.",
  "",
  "Added in v0.1.0",
  "",
  "---",
  "",
  "- [arbitraries](#arbitraries)",
  "  - [answer](#answer)",
  "  - [Weights (interface)](#weights-interface)",
  "",
  "## answer",
  "",
  "With the {@link Outcome} the client makes, see {@link Weights}, {@link answer | the answers} and {@link nowhere}.",
  "",
  "```ts",
  "/** With {@link answer}: the same. */",
  "export declare const answer: Arbitrary<Answer>",
  "```",
  ""
].join("\n")

describe("pnpm api-docs' pages", () => {
  const page = renderPage(docgenPage, "testing", "Arbitraries", new Set(["Arbitraries", "Outcome"]))

  it("start with their title, not with a front matter that renders as `***`", () => {
    expect(page.startsWith("# `@paywall-effect/testing/Arbitraries`\n")).toBe(true)
    expect(page).not.toContain("***")
    expect(page).not.toContain("parent: Modules")
  })

  it("render {@link} as links to the page's anchors or the package's modules, bare inside code", () => {
    expect(page).toContain(
      "With the [`Outcome`](Outcome.ts.md) the client makes, see [`Weights`](#weights-interface), "
        + "[the answers](#answer) and `nowhere`."
    )
    expect(page).toContain("/** With answer: the same. */")
    expect(page).not.toContain("{@link")
  })

  it("have indexes that list every package and module with its overview", () => {
    expect(overviewOf(docgenPage)).toBe("fast-check arbitraries, built with `Arbitrary.make`.")
    expect(renderPackageIndex("testing", "Test layers", [{ name: "Arbitraries", overview: "a | b" }])).toContain(
      "| [Arbitraries](Arbitraries.ts.md) | a \\| b |"
    )
    expect(renderIndex([{ name: "testing", description: "Test layers", modules: ["Arbitraries", "Outcome"] }]))
      .toContain(
        "| [@paywall-effect/testing](testing/index.md) | Test layers | "
          + "[Arbitraries](testing/Arbitraries.ts.md), [Outcome](testing/Outcome.ts.md) |"
      )
  })
})
