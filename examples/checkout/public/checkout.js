// @ts-check
// The checkout page: it calls the shop's API (`/api/...`) for everything but the purchase itself,
// which belongs to Paywall's browser SDK (here the sandbox's stand-in), and shows after every
// step what Paywall answered, as the shop's backend recorded it (secrets and phone scrubbed).

/**
 * @typedef {{ endpoint: string, outcome: string, status: number | null, answer: unknown }} Exchange
 * @typedef {{ exchanges: ReadonlyArray<Exchange>, session: { sessionId: string, change: string } | null }} Trace
 * @typedef {{ id: string, item: string, amount: number, state: string, masterpassPaymentId?: string, merchantUniqueCode?: string, paymentId?: string, reason?: string }} Order
 * @typedef {{ alias: string, maskedNumber: string, productName?: string, isDefault: boolean }} Card
 * @typedef {{ ok: boolean, status: number, json: any }} Reply
 */

/** @param {string} id */
const element = (id) => {
  const found = document.getElementById(id)
  if (found === null) throw new Error(`#${id} is missing`)
  return found
}

/** @param {string} id */
const form = (id) => /** @type {HTMLFormElement} */ (element(id))

/** @type {ReadonlyArray<Card>} */
let cards = []
/** The order whose OTP the payment form asks for. */
let payingOrder = ""

const stateLabels = /** @type {Record<string, string>} */ ({
  Created: "awaiting payment",
  AwaitingOtp: "awaiting OTP",
  AwaitingThreeD: "awaiting 3D Secure",
  Authorized: "paid, to commit",
  Committed: "committed",
  CommitUncertain: "commit unconfirmed",
  Refunded: "refunded",
  RefundUncertain: "refund unconfirmed",
  Failed: "failed"
})

/** What the page says when Paywall's 3D callback brought the shopper back (`/?callback=...`). */
const callbackNotices = /** @type {Record<string, string>} */ ({
  refused: "A payment notification was refused: it did not carry Paywall's signature. No order was changed.",
  unknown: "A payment notification named no order of this shop: it was ignored."
})

/**
 * @param {"GET" | "POST"} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<Reply>}
 */
const api = async (method, path, body) => {
  const response = await fetch(`/api${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
  })
  const json = await response.json().catch(() => ({ message: `HTTP ${response.status}` }))
  return { ok: response.ok, status: response.status, json }
}

/** @param {string} text @param {"error" | "info"} kind */
const notify = (text, kind) => {
  const notice = element("notice")
  notice.textContent = text
  notice.className = kind
  notice.hidden = false
}

/** Shows the session the step left, marked when it was created or renewed. @param {Trace | undefined} trace */
const showSession = (trace) => {
  if (trace?.session == null) return
  element("session-id").textContent = trace.session.sessionId
  const change = element("session-change")
  change.textContent = trace.session.change === "same" ? "" : trace.session.change
  change.className = trace.session.change
}

/**
 * @typedef {{ title: string, ok: boolean, outcome: string, trace: Trace | undefined }} Recorded
 */

/** The panel's steps, kept for this tab so that they survive the trip to the 3D page. */
const recordedSteps = /** @type {Array<Recorded>} */ (JSON.parse(sessionStorage.getItem("steps") ?? "[]"))

/**
 * Adds one step to the panel: its title, how it ended, and each answer (newest step first).
 * @param {Recorded} recorded
 */
const render = ({ ok, outcome, title, trace }) => {
  const exchanges = trace?.exchanges ?? []
  const item = document.createElement("li")
  item.className = ok ? "ok" : "failed"
  const heading = document.createElement("h3")
  heading.textContent = `${title}: ${outcome}`
  item.append(heading)
  if (trace?.session != null && trace.session.change !== "same") {
    const session = document.createElement("p")
    session.className = "muted"
    session.append(`Masterpass session ${trace.session.change}: `)
    const id = document.createElement("code")
    id.textContent = trace.session.sessionId
    session.append(id)
    item.append(session)
  }
  if (exchanges.length === 0) {
    const none = document.createElement("p")
    none.className = "muted"
    none.textContent = "No call to Paywall's server."
    item.append(none)
  }
  exchanges.forEach((exchange, index) => {
    const details = document.createElement("details")
    details.open = index === exchanges.length - 1
    const summary = document.createElement("summary")
    summary.textContent = `${exchange.endpoint} · HTTP ${exchange.status ?? "none"} · ${exchange.outcome}`
    const answer = document.createElement("pre")
    answer.textContent = JSON.stringify(exchange.answer, null, 2)
    details.append(summary, answer)
    item.append(details)
  })
  element("steps").prepend(item)
  showSession(trace)
}

/**
 * Records one step: shown in the panel and kept for the tab.
 * @param {string} title
 * @param {Reply} reply
 * @param {Trace | undefined} trace
 */
const record = (title, reply, trace) => {
  const outcome = reply.ok ? "done" : `${reply.json._tag ?? "failed"}: ${reply.json.message ?? ""}`
  const recorded = { title, ok: reply.ok, outcome, trace }
  recordedSteps.push(recorded)
  sessionStorage.setItem("steps", JSON.stringify(recordedSteps))
  render(recorded)
}

/**
 * Runs one step of the page: every button waits, the panel records the step, a failure shows its message.
 * @param {string} title
 * @param {() => Promise<Reply>} run
 * @returns {Promise<Reply>}
 */
const step = async (title, run) => {
  const buttons = [...document.querySelectorAll("button")]
  buttons.forEach((button) => (button.disabled = true))
  document.body.dataset.busy = "true"
  try {
    const reply = await run()
    /** @type {Trace | undefined} */
    const trace = reply.json.paywall
    record(title, reply, trace)
    if (reply.ok) element("notice").hidden = true
    else notify(reply.json.message ?? `${title} failed (HTTP ${reply.status})`, "error")
    if (reply.json.order !== undefined) await refreshOrders()
    return reply
  } finally {
    buttons.forEach((button) => (button.disabled = false))
    document.body.dataset.busy = "false"
  }
}

const renderCards = () => {
  const list = element("cards")
  list.replaceChildren(...cards.map((card) => {
    const item = document.createElement("li")
    item.textContent = `${card.productName ?? "Card"} ${card.maskedNumber} (${card.alias})${
      card.isDefault ? ", default" : ""
    }`
    return item
  }))
}

const loadCards = async () => {
  const reply = await step("Card list", () => api("GET", "/cards"))
  const linked = reply.ok
  cards = linked ? reply.json.cards : []
  renderCards()
  element("cards-status").textContent = linked
    ? `${cards.length} saved card${cards.length === 1 ? "" : "s"}, linked to this shop.`
    : "Your Masterpass account is not linked to this shop."
  element("link").hidden = linked
  await refreshOrders()
}

/** @param {Reply} reply */
const askLinkOtp = (reply) => {
  const otpForm = form("link-otp")
  otpForm.hidden = !reply.ok || reply.json.otp === null
  if (reply.ok && reply.json.otp !== null) {
    element("link-otp-source").textContent = reply.json.otp
    otpForm.reset()
  }
}

/** @param {Order} order */
const orderRow = (order) => {
  const row = document.createElement("tr")
  row.dataset.order = order.id
  const cells = [order.id, order.item, `${order.amount.toFixed(2)} TRY`].map((text) => {
    const cell = document.createElement("td")
    cell.textContent = text
    return cell
  })
  const state = document.createElement("td")
  state.className = `state state-${order.state}`
  state.textContent = `${stateLabels[order.state] ?? order.state}${
    order.paymentId === undefined ? "" : ` (payment ${order.paymentId})`
  }`
  if (order.reason !== undefined) state.title = order.reason
  const actions = document.createElement("td")
  if (["Created", "AwaitingOtp", "AwaitingThreeD", "Failed"].includes(order.state) && cards.length > 0) {
    const select = document.createElement("select")
    select.setAttribute("aria-label", `Card for ${order.id}`)
    select.append(...cards.map((card) => new Option(`${card.maskedNumber} (${card.alias})`, card.alias)))
    const pay = document.createElement("button")
    pay.type = "button"
    pay.textContent = "Pay"
    pay.addEventListener("click", () => void payOrder(order, select.value, false))
    const pay3d = document.createElement("button")
    pay3d.type = "button"
    pay3d.className = "quiet"
    pay3d.textContent = "Pay with 3D Secure"
    pay3d.addEventListener("click", () => void payOrder(order, select.value, true))
    actions.append(select, " ", pay, " ", pay3d)
  }
  if (order.state === "Authorized") {
    const commit = document.createElement("button")
    commit.type = "button"
    commit.textContent = "Commit"
    commit.addEventListener(
      "click",
      () => void step(`Commit ${order.id}`, () => api("POST", `/orders/${order.id}/commit`))
    )
    actions.append(commit)
  }
  if (order.state === "Committed") {
    const refund = document.createElement("button")
    refund.type = "button"
    refund.className = "quiet"
    refund.textContent = "Refund"
    refund.addEventListener(
      "click",
      () => void step(`Refund ${order.id}`, () => api("POST", `/orders/${order.id}/refund`))
    )
    actions.append(refund)
  }
  row.append(...cells, state, actions)
  return row
}

const refreshOrders = async () => {
  const reply = await api("GET", "/orders")
  if (!reply.ok) return
  /** @type {ReadonlyArray<Order>} */
  const orders = reply.json.orders
  element("orders").replaceChildren(...orders.map(orderRow))
  const paying = orders.find((order) => order.id === payingOrder)
  form("payment-otp").hidden = paying?.state !== "AwaitingOtp"
  return orders
}

/**
 * Pays an order with a saved card: the shop hands over the SDK token and the purchase to ask for,
 * the SDK starts it (never the shop), the shop is told its ids; then the shopper types the OTP,
 * or, for 3D Secure, goes to the bank's page, which sends them back through the shop's callback.
 * @param {Order} order
 * @param {string} cardAlias
 * @param {boolean} threeD
 */
const payOrder = async (order, cardAlias, threeD) => {
  const access = await step("SDK token", () => api("POST", `/orders/${order.id}/sdk-token`, { threeD }))
  if (!access.ok) return
  const started = await step(
    "Purchase (browser SDK)",
    () => sdkPurchase(access.json.sdkUrl, { ...access.json.purchase, token: access.json.token, cardAlias })
  )
  if (!started.ok) return
  payingOrder = order.id
  element("payment-otp-order").textContent = order.id
  form("payment-otp").reset()
  const told = await step(`Payment started for ${order.id}`, () =>
    api("POST", `/orders/${order.id}/payment`, {
      masterpassPaymentId: started.json.masterpassPaymentId,
      merchantUniqueCode: started.json.merchantUniqueCode,
      ...(started.json.otpToken === undefined ? {} : { otpToken: started.json.otpToken })
    }))
  if (told.ok && started.json.redirectUrl !== undefined) window.location.assign(started.json.redirectUrl)
}

/**
 * Paywall's browser SDK would start the purchase here (card data goes from the browser to
 * Masterpass only); the sandbox stands in for it. Its answer is shown as it came (not Paywall's
 * server answer, so the panel lists no exchange for it).
 * @param {string} url
 * @param {{ token: string, cardAlias: string, amount: number, orderId: string, threeD?: { successUrl: string, failUrl: string } }} request
 * @returns {Promise<Reply>}
 */
const sdkPurchase = async (url, request) => {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(request)
  })
  const json = await response.json().catch(() => ({}))
  return {
    ok: response.ok,
    status: response.status,
    json: response.ok ? json : { _tag: json.code, message: json.message }
  }
}

element("link").addEventListener(
  "click",
  async () => askLinkOtp(await step("Link account", () => api("POST", "/link")))
)

form("link-otp").addEventListener("submit", async (event) => {
  event.preventDefault()
  const code = String(new FormData(form("link-otp")).get("code") ?? "")
  const reply = await step("Verify link OTP", () => api("POST", "/link/otp", { code }))
  // A refused code leaves the form as it is, for another try or a new code.
  if (!reply.ok) return
  askLinkOtp(reply)
  if (reply.json.otp === null) await loadCards()
})

element("link-resend").addEventListener("click", async () => {
  const reply = await step("Resend link OTP", () => api("POST", "/link/otp/resend"))
  if (reply.ok) askLinkOtp(reply)
})

form("payment-otp").addEventListener("submit", async (event) => {
  event.preventDefault()
  const code = String(new FormData(form("payment-otp")).get("code") ?? "")
  await step(`Verify payment OTP for ${payingOrder}`, () => api("POST", `/orders/${payingOrder}/otp`, { code }))
})

element("payment-resend").addEventListener("click", async () => {
  await step(`Resend payment OTP for ${payingOrder}`, () => api("POST", `/orders/${payingOrder}/otp/resend`))
})

document.querySelectorAll("button[data-product]").forEach((button) =>
  button.addEventListener(
    "click",
    () =>
      void step("New order", () =>
        api("POST", "/orders", { product: /** @type {HTMLElement} */ (button).dataset.product }))
  )
)

/** Back from the 3D step: how the callback ended (what Paywall answered meanwhile), or why it was refused. */
const showReturn = async () => {
  const query = new URLSearchParams(window.location.search)
  const callback = query.get("callback")
  const orderId = query.get("order")
  if (callback === null && orderId === null) return
  window.history.replaceState(null, "", "/")
  if (callback !== null) return notify(callbackNotices[callback] ?? "A payment notification was refused.", "error")
  const reply = await step(`3D Secure callback for ${orderId}`, () => api("GET", `/orders/${orderId}/callback`))
  if (reply.ok && reply.json.order.state === "Committed") {
    notify(`Order ${orderId}: paid with 3D Secure and committed.`, "info")
  }
}

const start = async () => {
  recordedSteps.forEach(render)
  const shopper = await api("GET", "/shopper")
  if (shopper.ok) element("shopper").textContent = `Signed in as ${shopper.json.userId} (${shopper.json.phone})`
  await loadCards()
  await showReturn()
  document.body.dataset.ready = "true"
}

void start()
