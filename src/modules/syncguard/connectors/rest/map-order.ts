import type { RemoteRecord } from "../contract"

/** The REST profile's order document. The one place that knows its shape. */
export type RestOrderDocument = {
  external_id: string
  display_id: number | null
  email: string | null
  currency_code: string
  status: string
  items: Array<{ sku: string | null; title: string; quantity: number; unit_price: number }>
  totals: { subtotal: number; tax_total: number; shipping_total: number; discount_total: number; total: number }
  shipping_address: Record<string, unknown> | null
  created_at: string
  customer_external_id: string | null
}

type AnyRecord = Record<string, any>

const num = (v: unknown): number => {
  if (v === null || v === undefined) {
    return 0
  }
  // BigNumber values from Medusa serialise as { value } or expose numeric
  if (typeof v === "object" && v !== null && "numeric" in (v as AnyRecord)) {
    return Number((v as AnyRecord).numeric)
  }
  return Number(v)
}

const ADDRESS_FIELDS = [
  "first_name",
  "last_name",
  "company",
  "address_1",
  "address_2",
  "city",
  "province",
  "postal_code",
  "country_code",
  "phone",
]

export function toRestOrderDocument(order: AnyRecord): RestOrderDocument {
  if (!order?.id) {
    throw new Error("Order state has no id")
  }
  const address = order.shipping_address
    ? Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, order.shipping_address[f] ?? null]))
    : null
  return {
    external_id: order.id,
    display_id: order.display_id ?? null,
    email: order.email ?? null,
    currency_code: order.currency_code,
    status: order.status ?? "pending",
    items: (order.items ?? []).map((item: AnyRecord) => ({
      sku: item.variant_sku ?? item.variant?.sku ?? null,
      title: item.title ?? item.product_title ?? "",
      quantity: num(item.quantity),
      unit_price: num(item.unit_price),
    })),
    totals: {
      subtotal: num(order.subtotal),
      tax_total: num(order.tax_total),
      shipping_total: num(order.shipping_total),
      discount_total: num(order.discount_total),
      total: num(order.total),
    },
    shipping_address: address,
    created_at: new Date(order.created_at).toISOString(),
    customer_external_id: order.customer_id ?? null,
  }
}

/** A remote order as reconciliation compares it (status, total, line count). */
export function toRemoteOrderRecord(o: any): RemoteRecord {
  return {
    remoteId: String(o.id),
    reference: String(o.external_id),
    updatedAt: o.updated_at ? String(o.updated_at) : null,
    fields: {
      status: o.status ?? null,
      total: o.totals?.total ?? o.total ?? null,
      item_count: Array.isArray(o.items) ? o.items.length : null,
    },
  }
}
