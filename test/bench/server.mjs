// A minimal Paywall stand-in for benchmarks, run as its own process: every POST gets the docs' success envelope.
import * as Http from "node:http"

const body = JSON.stringify({
  ErrorCodeType: 1,
  ErrorMessage: null,
  ErrorCode: 0,
  Result: true,
  Message: "",
  Body: { SessionId: "9b27433e-f36b-1410-80e5-004205aa382d", SessionExpiryDate: "2025-07-27T11:24:57" }
})
const headers = { "content-type": "application/json", "content-length": Buffer.byteLength(body) }

const server = Http.createServer((request, response) => {
  request.resume()
  request.on("end", () => response.writeHead(200, headers).end(body))
})
server.keepAliveTimeout = 60_000
server.listen(0, "127.0.0.1", () => process.send?.({ port: server.address().port }))
process.on("disconnect", () => process.exit(0))
