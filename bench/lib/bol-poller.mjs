// The baseline for bench:oversell: what "sync every 5 minutes" integrations do today. Every
// interval it reads new bol orders and takes their units off Medusa's stocked quantity, then reads
// Medusa's availability for every SKU and PATCHes every offer with it. No events, no buffer.
// It is given the cheap path where there is one: order lines are matched by EAN straight from the
// reduced order list (no GET per order), and 429s are retried after Retry-After.
import { qs } from "../../scripts/demo/http.mjs"
import { eachLimit, medusaAvailability } from "./flash-store.mjs"

const V10 = "application/vnd.retailer.v10+json"
const V11 = "application/vnd.retailer.v11+json"
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/**
 * @param {{ bolUrl: string, clientId: string, clientSecret: string, admin: any, locationId: string,
 *   items: Array<{sku: string, ean: string, inventoryItemId: string}>, offers: Array<{offerId: string, reference: string}>,
 *   intervalMs: number, changeIntervalMinutes?: number, log?: (m: string) => void }} opts
 */
export function createBolPoller(opts) {
  const { bolUrl, admin, locationId, items, intervalMs } = opts
  const offerOf = new Map(opts.offers.map((o) => [o.reference, o.offerId]))
  const skuOfEan = new Map(items.map((i) => [i.ean, i.sku]))
  const seen = new Set()
  let token = null
  let timer = null
  let running = null
  const cycles = []
  let ordersApplied = 0
  let unitsApplied = 0

  async function getToken() {
    if (token && token.expiresAt > Date.now() + 10_000) return token.value
    for (;;) {
      const res = await fetch(`${bolUrl}/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${opts.clientId}:${opts.clientSecret}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: "grant_type=client_credentials",
      })
      if (res.status === 429) {
        await sleep(1000 * Number(res.headers.get("retry-after") || 1))
        continue
      }
      if (!res.ok) throw new Error(`bol token: ${res.status} ${await res.text()}`)
      const body = await res.json()
      token = { value: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 }
      return token.value
    }
  }

  async function bol(method, path, { mediaType, body } = {}) {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${bolUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await getToken()}`,
          accept: mediaType,
          ...(body ? { "content-type": mediaType } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      })
      if (res.status === 401 && attempt < 3) {
        token = null
        continue
      }
      if ((res.status === 429 || res.status >= 500) && attempt < 10) {
        await sleep(1000 * Number(res.headers.get("retry-after") || 1))
        continue
      }
      const text = await res.text()
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`)
      return text ? JSON.parse(text) : {}
    }
  }

  /** (1) new bol orders → Medusa's stocked quantity; (2) Medusa's availability → every offer. */
  async function cycle() {
    const startedAt = Date.now()
    const units = new Map()
    let newOrders = 0
    for (let page = 1; ; page++) {
      const list = await bol(
        "GET",
        `/retailer/orders${qs({ status: "ALL", "change-interval-minute": opts.changeIntervalMinutes ?? 10, page })}`,
        { mediaType: V10 }
      )
      const orders = list.orders ?? []
      for (const o of orders) {
        if (seen.has(o.orderId)) continue
        seen.add(o.orderId)
        newOrders++
        for (const it of o.orderItems ?? []) {
          const sku = skuOfEan.get(it.ean)
          const q = Number(it.quantity) - Number(it.quantityCancelled ?? 0)
          if (sku && q > 0) units.set(sku, (units.get(sku) ?? 0) + q)
        }
      }
      if (orders.length < 50) break
    }
    if (units.size) {
      const levels = await medusaAvailability(admin, items, locationId)
      await eachLimit([...units], 4, async ([sku, q]) => {
        const item = items.find((i) => i.sku === sku)
        const stocked = levels.get(sku)?.stocked ?? 0
        // Medusa refuses a negative stocked quantity: the oversold units have nowhere to go
        await admin.post(`/admin/inventory-items/${item.inventoryItemId}/location-levels/${locationId}`, {
          stocked_quantity: Math.max(0, stocked - q),
        })
        unitsApplied += q
      })
    }
    ordersApplied += newOrders
    const available = await medusaAvailability(admin, items, locationId)
    await eachLimit(items, 8, async (i) => {
      await bol("PATCH", `/retailer/offers/${offerOf.get(i.sku)}`, {
        mediaType: V11,
        body: { stock: { amount: Math.max(0, available.get(i.sku)?.available ?? 0), managedByRetailer: true } },
      })
    })
    cycles.push({ startedAt, finishedAt: Date.now(), newOrders, units: [...units.values()].reduce((a, b) => a + b, 0) })
    opts.log?.(`poller: cycle took ${Date.now() - startedAt} ms, ${newOrders} new bol orders`)
  }

  function runCycle() {
    running = cycle()
      .catch((err) => {
        cycles.push({ failed: err.message })
        opts.log?.(`poller: cycle failed: ${err.message}`)
      })
      .finally(() => {
        running = null
      })
    return running
  }

  return {
    cycle: runCycle,
    /** Cycles every intervalMs from now (fixed rate; a cycle still running is not overlapped). */
    start() {
      const tick = () => {
        timer = setTimeout(tick, intervalMs)
        if (!running) runCycle()
      }
      timer = setTimeout(tick, intervalMs)
    },
    async stop() {
      clearTimeout(timer)
      timer = null
      if (running) await running
    },
    /** Resolves after the next cycle that starts from now has finished. */
    async nextCycleDone() {
      const n = cycles.length + (running ? 1 : 0)
      while (cycles.length <= n) await sleep(100)
    },
    cycles,
    counts: () => ({ ordersApplied, unitsApplied }),
  }
}
