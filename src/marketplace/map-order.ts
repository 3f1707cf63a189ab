import type { MarketplaceAddress, MarketplaceOrder } from "../modules/syncguard/connectors/contract"

/** The variant a marketplace line is matched to (by offer reference = SKU, or EAN = barcode). */
export type VariantMatch = { id: string; sku: string | null; barcode: string | null; title: string | null }

export type MarketplaceOrderInput = {
  region_id: string
  sales_channel_id: string
  currency_code: string
  email: string
  shipping_address?: Record<string, string | null>
  billing_address?: Record<string, string | null>
  items: Array<{
    variant_id: string
    title: string
    quantity: number
    unit_price: number
    is_tax_inclusive: true
    metadata: Record<string, string>
  }>
  metadata: Record<string, string>
  no_notification: true
}

/** The order's metadata keys that tag it as a marketplace order (and find it after a crash). */
export const MARKETPLACE_CONNECTOR_KEY = "syncguard_connector"
export const MARKETPLACE_ORDER_KEY = "syncguard_marketplace_order_id"

export type MappedOrder =
  | { ok: true; input: MarketplaceOrderInput; variantIds: string[]; units: number }
  /** `notOurs`: nothing in it ships from our stock (every line fulfilled by the marketplace) */
  | { ok: false; reason: string; notOurs?: boolean }

/**
 * A marketplace order in Medusa's createOrderWorkflow terms (pure). Lines already cancelled on
 * the marketplace are left out; prices are the marketplace's, VAT included.
 */
export function toMedusaOrderInput(
  order: MarketplaceOrder,
  context: {
    connector: string
    match: "reference" | "ean"
    variants: VariantMatch[]
    regionId: string
    salesChannelId: string
    currencyCode: string
  }
): MappedOrder {
  const byKey = new Map<string, VariantMatch>()
  for (const v of context.variants) {
    const key = context.match === "reference" ? v.sku : v.barcode
    if (key) byKey.set(key, v)
  }
  const items: MarketplaceOrderInput["items"] = []
  const missing: string[] = []
  const ours = order.lines.filter((l) => !l.fulfilledByMarketplace)
  if (!ours.length) return { ok: false, reason: "fulfilled by the marketplace from its own stock", notOurs: true }
  for (const line of ours) {
    const quantity = line.quantity - line.quantityCancelled
    if (quantity <= 0) continue
    const key = context.match === "reference" ? line.reference : line.ean
    const variant = key ? byKey.get(key) : undefined
    if (!variant) {
      missing.push(`${context.match} ${key ?? "(none)"} of line ${line.remoteLineId}`)
      continue
    }
    items.push({
      variant_id: variant.id,
      title: line.title ?? variant.title ?? variant.sku ?? variant.id,
      quantity,
      unit_price: line.unitPrice,
      is_tax_inclusive: true,
      metadata: { [MARKETPLACE_ORDER_KEY]: order.remoteId, marketplace_line_id: line.remoteLineId },
    })
  }
  if (missing.length) return { ok: false, reason: `no variant matches ${missing.join(", ")}` }
  if (!items.length) return { ok: false, reason: "every line of the order is cancelled" }
  return {
    ok: true,
    input: {
      region_id: context.regionId,
      sales_channel_id: context.salesChannelId,
      currency_code: context.currencyCode,
      // the marketplace scrambles the buyer's address (…@verkopen.bol.com); it is still the order's contact
      email: order.email ?? `${order.remoteId.toLowerCase()}@marketplace.invalid`,
      ...(order.shippingAddress ? { shipping_address: address(order.shippingAddress) } : {}),
      ...(order.billingAddress ? { billing_address: address(order.billingAddress) } : {}),
      items,
      metadata: { [MARKETPLACE_CONNECTOR_KEY]: context.connector, [MARKETPLACE_ORDER_KEY]: order.remoteId },
      no_notification: true,
    },
    variantIds: [...new Set(items.map((i) => i.variant_id))],
    units: items.reduce((n, i) => n + i.quantity, 0),
  }
}

function address(a: MarketplaceAddress): Record<string, string | null> {
  return Object.fromEntries(Object.entries(a).filter(([, v]) => v !== null && v !== undefined && v !== "")) as Record<
    string,
    string | null
  >
}
