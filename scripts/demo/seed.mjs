// Seeds a minimal store through Medusa's admin HTTP API. Every step looks its object up first,
// so re-running the demo against the same database reuses what the last run created.
import { jsonClient, qs } from "./http.mjs"
import { DemoError, log } from "./log.mjs"

export const ADMIN = { email: "admin@syncguard.local", password: "syncguard" }

const SALES_CHANNEL_NAME = "SyncGuard Demo"
const REGION_NAME = "SyncGuard Demo US"
const PRODUCT_HANDLE = "syncguard-demo-mug"
const VARIANT_SKU = "SG-DEMO-MUG"
const API_KEY_TITLE = "SyncGuard Demo"

/** Logs in as the demo admin and returns an admin client (Bearer token). */
export async function adminLogin(baseUrl) {
  const auth = jsonClient(baseUrl)
  let token
  try {
    ;({ token } = await auth.post("/auth/user/emailpass", ADMIN))
  } catch (err) {
    throw new DemoError(
      `admin login as ${ADMIN.email} failed (${err.message}). If that user exists with another password, ` +
        `reset it or use a fresh database (DATABASE_URL=.../another_db).`
    )
  }
  return jsonClient(baseUrl, { authorization: `Bearer ${token}` })
}

/** @returns {Promise<{ regionId: string, salesChannelId: string, variantId: string, publishableKey: string }>} */
export async function seedStore(admin) {
  const salesChannel = await ensureSalesChannel(admin)
  const region = await ensureRegion(admin)
  const variant = await ensureProduct(admin, salesChannel.id)
  const apiKey = await ensurePublishableKey(admin, salesChannel.id)
  return { regionId: region.id, salesChannelId: salesChannel.id, variantId: variant.id, publishableKey: apiKey.token }
}

async function ensureSalesChannel(admin) {
  const { sales_channels } = await admin.get(`/admin/sales-channels${qs({ name: SALES_CHANNEL_NAME })}`)
  if (sales_channels.length) return sales_channels[0]
  const { sales_channel } = await admin.post("/admin/sales-channels", {
    name: SALES_CHANNEL_NAME,
    description: "Orders placed by npm run demo",
  })
  log(`created sales channel "${SALES_CHANNEL_NAME}"`)
  return sales_channel
}

async function ensureRegion(admin) {
  const fields = "id,name,*countries,*payment_providers"
  const { regions: named } = await admin.get(`/admin/regions${qs({ name: REGION_NAME, fields })}`)
  if (named.length) return named[0]

  // A country belongs to one region at most: if someone already made a US region, use it,
  // but make sure it takes the system payment provider the demo pays with.
  const { regions: usd } = await admin.get(`/admin/regions${qs({ currency_code: "usd", fields, limit: 100 })}`)
  const withUs = usd.find((r) => r.countries?.some((c) => c.iso_2 === "us"))
  if (withUs) {
    const providers = (withUs.payment_providers ?? []).map((p) => p.id)
    if (!providers.includes("pp_system_default")) {
      await admin.post(`/admin/regions/${withUs.id}`, { payment_providers: [...providers, "pp_system_default"] })
    }
    log(`using existing region "${withUs.name}" for the US`)
    return withUs
  }

  const { region } = await admin.post("/admin/regions", {
    name: REGION_NAME,
    currency_code: "usd",
    countries: ["us"],
    payment_providers: ["pp_system_default"],
  })
  log(`created region "${REGION_NAME}"`)
  return region
}

/**
 * One published product with one variant. manage_inventory: false and no shipping profile make
 * its line items `requires_shipping = false`, so checkout needs no stock location, shipping
 * option or fulfillment provider.
 */
async function ensureProduct(admin, salesChannelId) {
  const fields = "id,status,*variants,*sales_channels"
  const { products } = await admin.get(`/admin/products${qs({ handle: PRODUCT_HANDLE, fields })}`)
  let product = products[0]
  if (!product) {
    ;({ product } = await admin.post("/admin/products", {
      title: "SyncGuard Demo Mug",
      handle: PRODUCT_HANDLE,
      status: "published",
      options: [{ title: "Size", values: ["Standard"] }],
      variants: [
        {
          title: "Standard",
          sku: VARIANT_SKU,
          manage_inventory: false,
          options: { Size: "Standard" },
          prices: [{ currency_code: "usd", amount: 12 }],
        },
      ],
      sales_channels: [{ id: salesChannelId }],
    }))
    log(`created product "${PRODUCT_HANDLE}"`)
  } else {
    await repairProduct(admin, product, salesChannelId)
  }
  const variant = product.variants?.find((v) => v.sku === VARIANT_SKU)
  if (!variant) throw new DemoError(`product "${PRODUCT_HANDLE}" exists but has no variant with sku ${VARIANT_SKU}`)
  return variant
}

/** Someone may have unpublished the product or taken it out of the channel in the admin. */
async function repairProduct(admin, product, salesChannelId) {
  if (product.status !== "published") {
    await admin.post(`/admin/products/${product.id}`, { status: "published" })
  }
  if (!product.sales_channels?.some((sc) => sc.id === salesChannelId)) {
    await admin.post(`/admin/sales-channels/${salesChannelId}/products`, { add: [product.id] })
  }
}

async function ensurePublishableKey(admin, salesChannelId) {
  const { api_keys } = await admin.get(
    `/admin/api-keys${qs({ title: API_KEY_TITLE, type: "publishable", fields: "id,token,revoked_at,*sales_channels" })}`
  )
  let apiKey = api_keys.find((k) => !k.revoked_at)
  if (!apiKey) {
    ;({ api_key: apiKey } = await admin.post("/admin/api-keys", { title: API_KEY_TITLE, type: "publishable" }))
    log(`created publishable API key "${API_KEY_TITLE}"`)
  }
  // Store routes only see the sales channels linked to the key.
  if (!apiKey.sales_channels?.some((sc) => sc.id === salesChannelId)) {
    await admin.post(`/admin/api-keys/${apiKey.id}/sales-channels`, { add: [salesChannelId] })
  }
  return apiKey
}
