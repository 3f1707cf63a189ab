// Gives the Sync health dashboard something to show, through the same doors production uses:
// the store and admin APIs, a signed ERP push, the sandboxes. Used by `npm run demo` and the
// browser tests, so what the screenshots show is what a demo user sees.
import { randomUUID } from "node:crypto"
import { Webhook } from "standardwebhooks"
import { placeOrders, waitForSync } from "./orders.mjs"
import { qs } from "./http.mjs"
import { DemoError, sleep } from "./log.mjs"

export const DASHBOARD_SKU = "SG-DEMO-TEE"
/** bol's offer for the demo SKU (matched by reference, as the connector's offerMatch says) */
export const DASHBOARD_OFFER = {
  offerId: "00000000-0000-4000-8000-00000000d3e0",
  ean: "8710000000999",
  reference: DASHBOARD_SKU,
  stock: 0,
  managedByRetailer: true,
}

/** Polls `probe` until it returns something truthy. */
export async function until(what, probe, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new DemoError(`gave up waiting for ${what} after ${timeoutMs / 1000} s`)
    await sleep(300)
  }
}

/**
 * Orders the ERP refuses (a 4xx: dead at once, no retry storm). The connector is paused while
 * they are placed, so the refusal can name them before the first attempt.
 * @returns {Promise<string[]>} the dead orders' ids
 */
export async function seedDeadLetters({ admin, baseUrl, store, erp, count = 2 }) {
  await admin.post("/admin/syncguard/connectors/erp/pause", { reason: "demo: naming the orders the ERP refuses" })
  const ids = await placeOrders(baseUrl, store, count, 1)
  erp.setFaults({ rejectExternalIds: [...(erp.faults().rejectExternalIds ?? []), ...ids] })
  await admin.post("/admin/syncguard/connectors/erp/resume", {})
  await waitForSync(admin, ids, { timeoutMs: 60_000 })
  return ids
}

/** A signed push from the ERP that writes a field Medusa owns: a field conflict waiting for a decision. */
export async function seedConflict({ admin, baseUrl, webhookSecret }) {
  const email = `grace.${Date.now()}@syncguard.local`
  const { customer } = await admin.post("/admin/customers", { email, first_name: "Grace", last_name: "Hopper" })
  const id = `msg_${randomUUID()}`
  const at = new Date()
  const body = JSON.stringify({
    type: "customer.updated",
    timestamp: at.toISOString(),
    data: { customer_id: customer.id, first_name: "Amazing", phone: "+31 612345678", sequence: 1 },
  })
  const res = await fetch(`${baseUrl}/hooks/syncguard/erp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": new Webhook(webhookSecret).sign(id, at, body),
    },
    body,
  })
  if (!res.ok) throw new DemoError(`the ERP's push was refused: ${res.status} ${await res.text()}`)
  const conflict = await until("the ERP's push to become a conflict", async () => {
    const { conflicts } = await admin.get(`/admin/syncguard/conflicts${qs({ entity_id: customer.id })}`)
    return conflicts[0]
  })
  return { customerId: customer.id, conflict }
}

/**
 * The ERP holding one order twice and one order Medusa never placed, then a dry-run
 * reconciliation that finds both (and repairs nothing).
 */
export async function seedReconciliation({ admin, erp, orderId }) {
  const [original] = erp.orders().filter((o) => o.external_id === orderId)
  if (!original) throw new DemoError(`order ${orderId} is not in the ERP sandbox`)
  erp.setFaults({ uniqueExternalId: false })
  const copy = { ...original, id: undefined }
  const ghost = { ...original, id: undefined, external_id: "order_01DEMOGHOSTDEMOGHOSTDEMOGH" }
  for (const order of [copy, ghost]) await postToErp(erp, order)
  erp.setFaults({ uniqueExternalId: true })
  const { run } = await admin.post("/admin/syncguard/reconciliation/runs", {
    connector: "erp",
    entity_type: "order",
    dry_run: true,
  })
  return until("the reconciliation run to end", async () => {
    const detail = await admin.get(`/admin/syncguard/reconciliation/runs/${run.id}`)
    return detail.run.status === "running" ? null : detail
  })
}

/** Straight into the ERP sandbox, through the faults the demo gives it (5xx, 429): tried again. */
async function postToErp(erp, order) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${erp.url}/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(order),
    })
    if (res.ok) return
    if (attempt >= 10 || (res.status !== 429 && res.status < 500))
      throw new DemoError(`the ERP sandbox refused an order: ${res.status}`)
    await sleep(200 * attempt)
  }
}

/**
 * A stocked SKU sold on bol.com with a fixed buffer: 12 in the warehouse, 3 held back, 9 shown.
 * @returns {Promise<{ variantId: string, productId: string }>}
 */
export async function seedBufferedSku({ admin, salesChannelId, stocked = 12, buffer = 3 }) {
  const { stock_locations } = await admin.get(`/admin/stock-locations${qs({ name: "Demo warehouse" })}`)
  const location =
    stock_locations[0] ?? (await admin.post("/admin/stock-locations", { name: "Demo warehouse" })).stock_location
  await admin.post(`/admin/stock-locations/${location.id}/sales-channels`, { add: [salesChannelId] })
  const { products } = await admin.get(`/admin/products${qs({ handle: "syncguard-demo-tee", fields: "id,*variants" })}`)
  const product =
    products[0] ??
    (
      await admin.post("/admin/products", {
        title: "SyncGuard Demo Tee",
        handle: "syncguard-demo-tee",
        status: "published",
        options: [{ title: "Size", values: ["M"] }],
        sales_channels: [{ id: salesChannelId }],
        variants: [
          {
            title: "M",
            sku: DASHBOARD_SKU,
            manage_inventory: true,
            options: { Size: "M" },
            prices: [{ amount: 25, currency_code: "usd" }],
          },
        ],
      })
    ).product
  const variantId = product.variants[0].id
  const { variant } = await admin.get(
    `/admin/products/${product.id}/variants/${variantId}${qs({ fields: "id,*inventory_items" })}`
  )
  const itemId = variant.inventory_items[0].inventory_item_id
  const { inventory_item } = await admin.get(`/admin/inventory-items/${itemId}${qs({ fields: "id,*location_levels" })}`)
  const level = inventory_item.location_levels?.find((l) => l.location_id === location.id)
  if (level) {
    await admin.post(`/admin/inventory-items/${itemId}/location-levels/${location.id}`, { stocked_quantity: stocked })
  } else {
    await admin.post(`/admin/inventory-items/${itemId}/location-levels`, {
      location_id: location.id,
      stocked_quantity: stocked,
    })
  }
  const published = (amount) => async () => {
    const { stock } = await admin.get(`/admin/syncguard/stock${qs({ connector: "bol", variant_id: variantId })}`)
    return stock[0]?.published_amount === amount
  }
  await until(`bol.com to show ${stocked} units`, published(stocked))
  await admin.post(`/admin/syncguard/stock/bol/${variantId}/buffer`, { buffer })
  await until(`bol.com to show ${stocked - buffer} units after the buffer`, published(stocked - buffer))
  return { variantId, productId: product.id }
}

/** All of the above, in the order each needs: what `npm run demo` and the browser tests show. */
export async function seedDashboard({ admin, baseUrl, store, erp, webhookSecret, orderId }) {
  const dead = await seedDeadLetters({ admin, baseUrl, store, erp, count: 2 })
  const conflict = await seedConflict({ admin, baseUrl, webhookSecret })
  const reconciliation = await seedReconciliation({ admin, erp, orderId })
  const sku = await seedBufferedSku({ admin, salesChannelId: store.salesChannelId })
  return { dead, conflict, reconciliation, sku }
}
