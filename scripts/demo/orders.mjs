// Places orders through the store API (so order.placed fires exactly as in a real shop) and
// watches the plugin's outbox until each of them reached a final state.
import { jsonClient, qs } from "./http.mjs"
import { DemoError, log, sleep } from "./log.mjs"

const FINAL = new Set(["delivered", "dead"])

/** Places `count` orders, a few at a time; returns their ids. */
export async function placeOrders(baseUrl, store, count, concurrency = 3) {
  const client = jsonClient(baseUrl, { "x-publishable-api-key": store.publishableKey })
  const ids = []
  let next = 0
  async function worker() {
    while (next < count) {
      const n = ++next
      ids.push(await placeOrder(client, store, n))
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  return ids
}

async function placeOrder(client, store, n) {
  const { cart } = await client.post("/store/carts", {
    region_id: store.regionId,
    sales_channel_id: store.salesChannelId,
    email: `buyer${n}@syncguard.local`,
    shipping_address: {
      first_name: "Demo",
      last_name: `Buyer ${n}`,
      address_1: "1 Sync Street",
      city: "Springfield",
      postal_code: "12345",
      country_code: "us",
    },
  })
  await client.post(`/store/carts/${cart.id}/line-items`, { variant_id: store.variantId, quantity: 1 + (n % 3) })
  const { payment_collection } = await client.post("/store/payment-collections", { cart_id: cart.id })
  await client.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, {
    provider_id: "pp_system_default",
  })
  const result = await client.post(`/store/carts/${cart.id}/complete`)
  // A refused completion answers 200 with { type: "cart", error } rather than an HTTP error.
  if (result.type !== "order") {
    throw new DemoError(
      `completing cart ${cart.id} did not create an order: ${result.error?.message ?? JSON.stringify(result)}`
    )
  }
  return result.order.id
}

/**
 * Polls the plugin's admin API until every order has at least one outbox message and all of
 * them are delivered or dead. Waiting for "at least one" matters: the subscriber writes the
 * message asynchronously, so an early poll would otherwise see nothing and call it done.
 * @returns {Promise<{ done: boolean, messages: object[] }>}
 */
export async function waitForSync(admin, orderIds, { timeoutMs }) {
  const deadline = Date.now() + timeoutMs
  let lastReport = 0
  let messages = []
  while (Date.now() < deadline) {
    messages = await messagesFor(admin, orderIds)
    const seen = new Set(messages.map((m) => m.entity_id))
    const done = orderIds.every((id) => seen.has(id)) && messages.every((m) => FINAL.has(m.status))
    if (done) return { done: true, messages }
    if (Date.now() - lastReport > 5000) {
      lastReport = Date.now()
      log(`waiting for delivery: ${describeStatuses(messages)} (${seen.size}/${orderIds.length} orders have a message)`)
    }
    await sleep(1000)
  }
  return { done: false, messages }
}

/** Pages through the outbox (newest first) and keeps the messages about our orders. */
async function messagesFor(admin, orderIds) {
  const wanted = new Set(orderIds)
  const found = []
  const limit = 200
  for (let offset = 0, page = 0; page < 50; page++, offset += limit) {
    const { messages, count } = await admin.get(`/admin/syncguard/messages${qs({ limit, offset })}`)
    found.push(...messages.filter((m) => wanted.has(m.entity_id)))
    if (offset + limit >= count) break
  }
  return found
}

function describeStatuses(messages) {
  const byStatus = {}
  for (const m of messages) byStatus[m.status] = (byStatus[m.status] ?? 0) + 1
  return (
    Object.entries(byStatus)
      .map(([s, n]) => `${n} ${s}`)
      .join(", ") || "no messages yet"
  )
}

/**
 * Counts per order (an order may carry more than one message, e.g. a later order.update):
 * dead if any of its messages is dead, delivered if all are delivered.
 */
export function summarize(orderIds, messages) {
  const byOrder = new Map(orderIds.map((id) => [id, []]))
  for (const m of messages) byOrder.get(m.entity_id)?.push(m)
  let delivered = 0
  let dead = 0
  for (const list of byOrder.values()) {
    if (list.some((m) => m.status === "dead")) dead++
    else if (list.length && list.every((m) => m.status === "delivered")) delivered++
  }
  return {
    placed: orderIds.length,
    delivered,
    dead,
    pending: orderIds.length - delivered - dead,
    messages: messages.length,
    retried: messages.filter((m) => m.attempts > 1).length,
    deadErrors: messages.filter((m) => m.status === "dead").map((m) => `${m.entity_id}: ${m.last_error}`),
  }
}

/** The sandbox's own view of the traffic: what the plugin had to cope with. */
export function sandboxSummary(stats) {
  const fiveXX = Object.entries(stats.byStatus)
    .filter(([status]) => status.startsWith("5"))
    .reduce((sum, [, n]) => sum + n, 0)
  return {
    requests: stats.requests,
    rateLimited: stats.rateLimited,
    fiveXX,
    lostAcks: stats.byOutcome.lost_ack ?? 0,
    duplicates: stats.orders.duplicates,
    ordersStored: stats.orders.total,
  }
}
