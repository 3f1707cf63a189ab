// The flash sale's catalogue and its storefront shoppers, over Medusa's admin and store HTTP APIs.
import { jsonClient, qs } from "../../scripts/demo/http.mjs"

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Runs `work(item)` over `items` with `concurrency` in flight. */
export async function eachLimit(items, concurrency, work) {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++]
        await work(item)
      }
    })
  )
}

/** The bol offers matching the catalogue: reference = SKU, nothing shown until someone publishes. */
export function bolOffers(skus) {
  return skus.map((s) => ({ ean: s.ean, reference: s.sku, stock: 0, managedByRetailer: true }))
}

export function catalogue(count) {
  return Array.from({ length: count }, (_, i) => ({
    sku: `SG-FLASH-${String(i + 1).padStart(3, "0")}`,
    ean: `87100${String(i + 1).padStart(8, "0")}`,
  }))
}

/**
 * One stock location linked to the storefront's channel; an EUR region (bol orders are created in
 * the first EUR region); one published product per SKU (inventory managed); `units` stocked of
 * each. Stocking emits inventory-level events: with syncguard's bol connector configured, that is
 * what publishes the initial stock.
 * Without `shipping`, nothing is to be shipped (inventory items `requires_shipping: false`), so a
 * checkout needs no shipping method. With it, as a real store: the products are in a shipping
 * profile, the location ships through Medusa's manual fulfillment provider to the US and NL, and
 * a flat-rate shipping option is offered (`shippingOptionId`): checkouts choose it, and Medusa
 * reserves the stock at the location when the cart completes.
 * @param {{ shipping?: boolean }} [opts]
 * @returns {Promise<{ locationId: string, euRegionId: string, shippingOptionId: string | null, items: Array<{sku, ean, variantId, inventoryItemId}> }>}
 */
export async function seedFlashCatalogue(admin, store, skus, units, { shipping = false } = {}) {
  const { stock_location: location } = await admin.post("/admin/stock-locations", { name: "Flash warehouse" })
  await admin.post(`/admin/stock-locations/${location.id}/sales-channels`, { add: [store.salesChannelId] })
  const { region } = await admin.post("/admin/regions", {
    name: "Flash NL",
    currency_code: "eur",
    countries: ["nl"],
    payment_providers: ["pp_system_default"],
  })
  const ship = shipping ? await seedShipping(admin, location.id) : null
  const variants = new Map()
  await eachLimit(skus, 4, async (s) => {
    const { product } = await admin.post("/admin/products", {
      title: `Flash ${s.sku}`,
      handle: s.sku.toLowerCase(),
      status: "published",
      options: [{ title: "Size", values: ["One"] }],
      sales_channels: [{ id: store.salesChannelId }],
      ...(ship ? { shipping_profile_id: ship.profileId } : {}),
      variants: [
        {
          title: "One",
          sku: s.sku,
          barcode: s.ean,
          manage_inventory: true,
          options: { Size: "One" },
          prices: [
            { currency_code: "usd", amount: 20 },
            { currency_code: "eur", amount: 20 },
          ],
        },
      ],
    })
    variants.set(s.sku, product.variants[0].id)
  })
  const { inventory_items } = await admin.get(`/admin/inventory-items${qs({ limit: 1000, fields: "id,sku" })}`)
  const bySku = new Map(inventory_items.map((i) => [i.sku, i.id]))
  const items = skus.map((s) => {
    if (!bySku.has(s.sku)) throw new Error(`no inventory item for ${s.sku}`)
    return { ...s, variantId: variants.get(s.sku), inventoryItemId: bySku.get(s.sku) }
  })
  if (!ship) {
    await eachLimit(items, 4, (i) =>
      admin.post(`/admin/inventory-items/${i.inventoryItemId}`, { requires_shipping: false })
    )
  }
  await admin.post("/admin/inventory-items/location-levels/batch", {
    create: items.map((i) => ({
      inventory_item_id: i.inventoryItemId,
      location_id: location.id,
      stocked_quantity: units,
    })),
  })
  return { locationId: location.id, euRegionId: region.id, shippingOptionId: ship?.optionId ?? null, items }
}

/** A shipping profile, the location's fulfillment set (US and NL) and a flat-rate option for the store. */
async function seedShipping(admin, locationId) {
  const { shipping_profiles: profiles } = await admin.get(`/admin/shipping-profiles${qs({ type: "default" })}`)
  const profile =
    profiles[0] ??
    (await admin.post("/admin/shipping-profiles", { name: "Flash parcels", type: "default" })).shipping_profile
  await admin.post(`/admin/stock-locations/${locationId}/fulfillment-providers`, { add: ["manual_manual"] })
  const { stock_location: withSet } = await admin.post(
    `/admin/stock-locations/${locationId}/fulfillment-sets${qs({ fields: "id,*fulfillment_sets" })}`,
    { name: "Flash shipping", type: "shipping" }
  )
  const set = withSet.fulfillment_sets.find((f) => f.name === "Flash shipping")
  const { fulfillment_set: zoned } = await admin.post(
    `/admin/fulfillment-sets/${set.id}/service-zones${qs({ fields: "id,*service_zones" })}`,
    {
      name: "Flash zone",
      geo_zones: [
        { type: "country", country_code: "us" },
        { type: "country", country_code: "nl" },
      ],
    }
  )
  const { shipping_option: option } = await admin.post("/admin/shipping-options", {
    name: "Flash parcel",
    service_zone_id: zoned.service_zones[0].id,
    shipping_profile_id: profile.id,
    provider_id: "manual_manual",
    price_type: "flat",
    type: { label: "Standard", description: "Parcel", code: "standard" },
    prices: [
      { currency_code: "usd", amount: 5 },
      { currency_code: "eur", amount: 5 },
    ],
    rules: [
      { attribute: "enabled_in_store", value: "true", operator: "eq" },
      { attribute: "is_return", value: "false", operator: "eq" },
    ],
  })
  return { profileId: profile.id, optionId: option.id }
}

/** Medusa's availability per SKU at the location: stocked − reserved (what a storefront can still sell). */
export async function medusaAvailability(admin, items, locationId) {
  const { inventory_items } = await admin.get(
    `/admin/inventory-items${qs({ limit: 1000, fields: "id,sku,*location_levels" })}`
  )
  const byId = new Map(inventory_items.map((i) => [i.id, i]))
  const out = new Map()
  for (const item of items) {
    const level = byId.get(item.inventoryItemId)?.location_levels?.find((l) => l.location_id === locationId)
    const stocked = Number(level?.stocked_quantity ?? 0)
    const reserved = Number(level?.reserved_quantity ?? 0)
    out.set(item.sku, { stocked, reserved, available: stocked - reserved, levelId: level?.id })
  }
  return out
}

const SHIP_TO = {
  first_name: "Flash",
  last_name: "Shopper",
  address_1: "1 Main Street",
  city: "Springfield",
  postal_code: "12345",
  country_code: "us",
}

/**
 * One storefront checkout of 1 unit: cart with its line (and, with `shippingOptionId`, the
 * shipping address, then the shipping method) → payment collection → session → complete.
 */
export async function checkoutOnce(client, store, variantId, email, shippingOptionId = null) {
  // the cart comes with its line: Medusa checks the stock there already
  const { cart } = await client.post("/store/carts", {
    region_id: store.regionId,
    sales_channel_id: store.salesChannelId,
    email,
    items: [{ variant_id: variantId, quantity: 1 }],
    ...(shippingOptionId ? { shipping_address: SHIP_TO } : {}),
  })
  if (shippingOptionId) await client.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: shippingOptionId })
  const { payment_collection } = await client.post("/store/payment-collections", { cart_id: cart.id })
  await client.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, {
    provider_id: "pp_system_default",
  })
  const done = await client.post(`/store/carts/${cart.id}/complete`)
  if (done.type !== "order") throw new Error(done.error?.message ?? "checkout did not complete")
  return done.order
}

/** A few checkouts of the seeded demo mug (no managed inventory): the app is warm when the sale starts. */
export async function warmUp(baseUrl, store, count = 3) {
  const client = jsonClient(baseUrl, { "x-publishable-api-key": store.publishableKey })
  for (let i = 0; i < count; i++) await checkoutOnce(client, store, store.variantId, `warmup${i}@syncguard.test`)
}

const isStockRefusal = (err) => /inventor|stock/i.test(err?.message ?? "")

/**
 * Shoppers on the storefront: `concurrency` loops, each buying 1 unit of a random SKU it still
 * believes in stock through the store API (cart with its line → payment collection → session →
 * complete). Medusa refusing for stock takes the SKU off the shoppers' list (stock only goes down
 * during the sale). Stops when told, or when nothing is left to buy.
 * @returns {{ done: Promise<void>, stop: () => void, records: Array<object>, errors: string[], inStock: Set<string> }}
 */
export function storefrontShoppers({ baseUrl, store, items, concurrency, seed = 1, shippingOptionId = null }) {
  const client = jsonClient(baseUrl, { "x-publishable-api-key": store.publishableKey })
  const inStock = new Set(items.map((i) => i.sku))
  const variantOf = new Map(items.map((i) => [i.sku, i.variantId]))
  const records = []
  const errors = []
  let stopped = false
  let n = 0
  let rng = seed >>> 0 || 1
  const random = () => {
    // xorshift32: the same SKU choices each run, given the same refusals
    rng ^= rng << 13
    rng ^= rng >>> 17
    rng ^= rng << 5
    return (rng >>> 0) / 2 ** 32
  }
  async function checkout(sku) {
    const i = n++
    const startedAt = Date.now()
    try {
      const order = await checkoutOnce(client, store, variantOf.get(sku), `flash${i}@syncguard.test`, shippingOptionId)
      records.push({ sku, ok: true, startedAt, doneAt: Date.now(), orderId: order.id })
    } catch (err) {
      const refused = isStockRefusal(err)
      records.push({ sku, ok: false, refused, startedAt, doneAt: Date.now() })
      if (refused) inStock.delete(sku)
      else {
        errors.push(`${sku}: ${err.message}`)
        await sleep(200)
      }
    }
  }
  const done = Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!stopped && inStock.size) {
        const list = [...inStock]
        await checkout(list[Math.floor(random() * list.length)])
      }
    })
  ).then(() => undefined)
  return {
    done,
    records,
    errors,
    inStock,
    stop: () => {
      stopped = true
    },
  }
}
