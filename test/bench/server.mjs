// A minimal Paywall stand-in for benchmarks, run as its own process: every POST gets the docs' success envelope.
import { readFileSync } from "node:fs"
import * as Http from "node:http"

const body = JSON.stringify(JSON.parse(readFileSync(new URL("../fixtures/docs-success.json", import.meta.url), "utf8")))
const headers = { "content-type": "application/json", "content-length": Buffer.byteLength(body) }

const server = Http.createServer((request, response) => {
  request.resume()
  request.on("end", () => response.writeHead(200, headers).end(body))
})
server.keepAliveTimeout = 60_000
server.listen(0, "127.0.0.1", () => process.send?.({ port: server.address().port }))
process.on("disconnect", () => process.exit(0))
