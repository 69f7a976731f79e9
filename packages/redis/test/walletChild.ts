/**
 * One instance of a merchant app, for the multi-process test (`wallet.test.ts`): the README's
 * `WalletShared` (the wallet over the Redis store) with the client configured from the environment.
 * It prints `{"ready":true}`, then reads commands on stdin: `go` makes `CHILD_CALLS` concurrent card
 * lists for the user, `call` makes one; each answer is one JSON line on stdout.
 */
import { NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { MasterpassClient, MasterpassWallet } from "@paywall-effect/http"
import { Clock, Console, Effect, Layer } from "effect"
import { createInterface } from "node:readline"
import { WalletShared } from "../../../test/fixtures/wallet-redis.js"

const user: MasterpassWallet.User = {
  userId: process.env["CHILD_USER_ID"] ?? "",
  userPhone: process.env["CHILD_USER_PHONE"] ?? ""
}
const calls = Number(process.env["CHILD_CALLS"])

const input = createInterface({ input: process.stdin })
const lines = input[Symbol.asyncIterator]()
const nextLine = Effect.map(Effect.promise(() => lines.next()), (line) => line.done === true ? "exit" : line.value)
const say = (message: unknown) => Console.log(JSON.stringify(message))

/** One card list: the session its answer named, or the failure's tag and text. */
const listCards = (wallet: MasterpassWallet.Service) =>
  wallet.listCards({ user }).pipe(
    Effect.map((list) => ({
      sessionId: list.session.sessionId,
      renewed: list.session.renewed,
      cards: list.cards.length
    })),
    Effect.catchAll((error) => Effect.succeed({ error: error._tag, message: error.message }))
  )

const program = Effect.gen(function*() {
  const wallet = yield* MasterpassWallet.MasterpassWallet
  yield* say({ ready: true })
  for (;;) {
    const line = yield* nextLine
    if (line === "go") {
      const start = yield* Clock.currentTimeMillis
      const results = yield* Effect.all(Array.from({ length: calls }, () => listCards(wallet)), {
        concurrency: "unbounded"
      })
      yield* say({ results, millis: (yield* Clock.currentTimeMillis) - start })
    } else if (line === "call") {
      yield* say(yield* listCards(wallet))
    } else {
      return
    }
  }
}).pipe(Effect.ensuring(Effect.sync(() => input.close())))

program.pipe(
  Effect.provide(WalletShared.pipe(
    Layer.provide(MasterpassClient.layerConfig),
    Layer.provide(NodeHttpClient.layerUndici)
  )),
  NodeRuntime.runMain
)
