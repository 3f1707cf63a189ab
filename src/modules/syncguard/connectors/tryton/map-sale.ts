/**
 * Medusa state → what the Tryton connector writes. Pure: the connector resolves ids
 * (party, products, currency, country) and turns these into Tryton's create values.
 */
export type TrytonAddressDraft = {
  name: string | null
  street: string
  city: string | null
  postal_code: string | null
  country_code: string | null
}

export type TrytonPartyDraft = {
  /** party.code: the Medusa customer id, unique in Tryton, which makes a party create idempotent */
  code: string
  /** null: the names are not ours to write (the ERP owns them) */
  name: string | null
  /** the name a party created from an order gets when `name` is withheld */
  fallbackName?: string
  email: string | null
}

export type TrytonSaleLineDraft = { sku: string; description: string; quantity: number; unitPrice: number; taxInclusive?: boolean }

export type TrytonSaleDraft = {
  /** sale.reference: the Medusa order id (indexed, not unique: sends per order are serialised) */
  reference: string
  description: string
  currencyCode: string
  party: TrytonPartyDraft
  address: TrytonAddressDraft | null
  lines: TrytonSaleLineDraft[]
}

type AnyRecord = Record<string, any>

const num = (v: unknown): number => {
  if (v === null || v === undefined) return 0
  if (typeof v === "object" && "numeric" in (v as AnyRecord)) return Number((v as AnyRecord).numeric)
  return Number(v)
}

const text = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : null)

function personName(source: AnyRecord | null | undefined): string | null {
  if (!source) return null
  return text([source.first_name, source.last_name].filter(Boolean).join(" ")) ?? text(source.company_name ?? source.company)
}

export function toTrytonAddress(address: AnyRecord | null | undefined): TrytonAddressDraft | null {
  if (!address) return null
  const street = [address.address_1, address.address_2].map(text).filter(Boolean).join("\n")
  if (!street && !text(address.city)) return null
  return {
    name: personName(address),
    street,
    city: text(address.city),
    postal_code: text(address.postal_code),
    country_code: text(address.country_code)?.toUpperCase() ?? null,
  }
}

export function toTrytonParty(customer: AnyRecord): TrytonPartyDraft {
  if (!customer?.id) throw new Error("Customer state has no id")
  // names withheld (the ERP owns them): the party keeps its own; a new party is named by email
  const ownsName = "first_name" in customer || "last_name" in customer
  return {
    code: String(customer.id),
    name: ownsName ? (personName(customer) ?? text(customer.email) ?? String(customer.id)) : null,
    fallbackName: text(customer.email) ?? String(customer.id),
    email: text(customer.email),
  }
}

export function toTrytonSale(order: AnyRecord): TrytonSaleDraft {
  if (!order?.id) throw new Error("Order state has no id")
  if (!order.customer_id) throw new Error(`Order ${order.id} has no customer: Tryton needs a party for the sale`)
  if (!text(order.currency_code)) throw new Error(`Order ${order.id} has no currency`)
  const items: AnyRecord[] = order.items ?? []
  if (!items.length) throw new Error(`Order ${order.id} has no lines`)
  const lines = items.map((item) => {
    const sku = text(item.variant_sku ?? item.variant?.sku)
    if (!sku) {
      throw new Error(`Line "${item.title ?? item.id}" of order ${order.id} has no SKU: Tryton products are matched by code = SKU`)
    }
    return {
      sku,
      description: text(item.title) ?? text(item.product_title) ?? sku,
      quantity: num(item.quantity),
      unitPrice: num(item.unit_price),
      ...(item.is_tax_inclusive ? { taxInclusive: true } : {}),
    }
  })
  const address = toTrytonAddress(order.shipping_address)
  return {
    reference: String(order.id),
    description: order.display_id ? `Medusa order #${order.display_id}` : `Medusa order ${order.id}`,
    currencyCode: String(order.currency_code).toUpperCase(),
    party: {
      code: String(order.customer_id),
      name: personName(order.shipping_address) ?? text(order.email) ?? String(order.customer_id),
      email: text(order.email),
    },
    address,
    lines,
  }
}

/** Sale states in which the order has fully arrived: confirmed and processed (invoice, shipment). */
export const SALE_ARRIVED_STATES = ["processing", "done"]
/** States Tryton can still cancel from; later ones need their shipment and invoice handled in Tryton. */
export const SALE_CANCELLABLE_STATES = ["draft", "quotation"]
