// A minimal Paywall stand-in for benchmarks, run as its own process. Its first argument is the route table from
// bench.ts, `{ "METHOD path": { body, header? } }`: a request on a route gets its body (when it carries the route's
// header, else a 400); anything else a 404.
import * as Http from "node:http"

const routes = new Map(
  Object.entries(JSON.parse(process.argv[2])).map(([route, { body, header }]) => [route, {
    body,
    header,
    headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) }
  }])
)

const server = Http.createServer((request, response) => {
  request.resume()
  request.on("end", () => {
    const route = routes.get(`${request.method} ${request.url}`)
    if (route === undefined) response.writeHead(404).end()
    else if (route.header !== undefined && request.headers[route.header] === undefined) response.writeHead(400).end()
    else response.writeHead(200, route.headers).end(route.body)
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, "127.0.0.1", () => process.send?.({ port: server.address().port }))
process.on("disconnect", () => process.exit(0))
