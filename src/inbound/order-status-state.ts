import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { InboundData } from "../modules/syncguard/inbound/profile"
import { sameValue } from "./field-writes"

/**
 * An order as inbound status events see it, and what a status event says about it: the status,
 * and the data it carries (an invoice's number and date, a shipment's tracking), on both sides,
 * so a re-issued invoice or a new tracking number is a change and an old one is not.
 */

export type OrderStatusData = InboundData<"order.status">

export type OrderRow = {
  id: string
  status: string
  metadata: Record<string, unknown> | null
  items: Array<{ id: string; detail?: { quantity: number; fulfilled_quantity: number } }>
  fulfillments?: Array<{
    id: string
    shipped_at: string | null
    canceled_at: string | null
    labels?: Array<{ tracking_number: string | null; tracking_url: string | null }>
  }>
  shipping_methods?: Array<{ shipping_option_id: string | null }>
}

export async function loadOrder(container: MedusaContainer, id: string): Promise<OrderRow> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "status",
      "metadata",
      "items.id",
      "items.detail.quantity",
      "items.detail.fulfilled_quantity",
      "fulfillments.id",
      "fulfillments.shipped_at",
      "fulfillments.canceled_at",
      "fulfillments.labels.tracking_number",
      "fulfillments.labels.tracking_url",
      "shipping_methods.shipping_option_id",
    ],
    filters: { id },
  })
  const order = data[0] as OrderRow | undefined
  if (!order) throw new MedusaError(MedusaError.Types.NOT_FOUND, `no order ${id}`)
  return order
}

export const unfulfilled = (order: OrderRow) =>
  order.items
    .map((i) => ({ id: i.id, quantity: Number(i.detail?.quantity ?? 0) - Number(i.detail?.fulfilled_quantity ?? 0) }))
    .filter((i) => i.quantity > 0)

/** The order's state in the terms of the status the sender reports (what "unchanged" is measured against). */
export function currentStatus(order: OrderRow, status: OrderStatusData["status"]): string {
  if (order.status === "canceled") return "canceled"
  if (status === "invoiced")
    return order.metadata?.erp_invoice_number || order.metadata?.erp_invoiced_at ? "invoiced" : order.status
  if (status === "shipped") {
    const shipped = (order.fulfillments ?? []).some((f) => f.shipped_at && !f.canceled_at)
    return shipped && !unfulfilled(order).length ? "shipped" : order.status
  }
  return order.status
}

/**
 * What a status event carries besides the status: an invoice's number and date, a shipment's
 * tracking. Only what was sent: a field left out stays as Medusa has it.
 */
type StatusDetails = {
  invoice_number?: string
  invoiced_at?: string
  tracking_number?: string
  tracking_url?: string | null
}

function detailsOf(data: OrderStatusData): StatusDetails {
  if (data.status === "invoiced") {
    return {
      ...(data.invoice_number ? { invoice_number: data.invoice_number } : {}),
      ...(data.changed_at ? { invoiced_at: data.changed_at } : {}),
    }
  }
  if (data.status === "shipped" && data.tracking_number) {
    return { tracking_number: data.tracking_number, tracking_url: data.tracking_url ?? null }
  }
  return {}
}

export const shippedFulfillments = (order: OrderRow) =>
  (order.fulfillments ?? []).filter((f) => f.shipped_at && !f.canceled_at)

/** The tracking on the order's shipments: one number (and url) when they all carry the same, else every number. */
function trackingOf(
  order: OrderRow
): Pick<StatusDetails, "tracking_number" | "tracking_url"> | { tracking_number: string[] } {
  const labels = shippedFulfillments(order).map((f) => f.labels ?? [])
  const numbers = [...new Set(labels.flat().map((l) => l.tracking_number ?? ""))]
  const one = labels.length > 0 && labels.every((l) => l.length === 1) && numbers.length === 1
  if (!one) return { tracking_number: numbers }
  return { tracking_number: numbers[0], tracking_url: labels[0][0].tracking_url || null }
}

/**
 * The status write as ownership and conflicts see it: the status alone, or with the data the
 * event carries (`{ status, invoice_number, … }`), so a re-issued invoice or a new tracking
 * number is a change, not "unchanged".
 */
export function incomingStatus(data: OrderStatusData): unknown {
  const details = detailsOf(data)
  return Object.keys(details).length ? { status: data.status, ...details } : data.status
}

/** Medusa's side of the same write, with the same keys. */
export function currentStatusValue(order: OrderRow, data: OrderStatusData): unknown {
  const status = currentStatus(order, data.status)
  const details = detailsOf(data)
  if (!Object.keys(details).length) return status
  const now: Record<string, unknown> =
    data.status === "invoiced"
      ? { invoice_number: order.metadata?.erp_invoice_number, invoiced_at: order.metadata?.erp_invoiced_at }
      : trackingOf(order)
  // the same instant written another way is the same date
  if (details.invoiced_at && Date.parse(String(now.invoiced_at)) === Date.parse(details.invoiced_at)) {
    now.invoiced_at = details.invoiced_at
  }
  return { status, ...Object.fromEntries(Object.keys(details).map((k) => [k, now[k] ?? null])) }
}

/** The event data a held write stands for (a conflict's incoming value), to apply it as the event would. */
export function statusDataOf(orderId: string, value: unknown): OrderStatusData {
  if (typeof value === "string") return { order_id: orderId, status: value as OrderStatusData["status"] }
  const { status, invoiced_at, tracking_url, ...rest } = value as { status: OrderStatusData["status"] } & StatusDetails
  return {
    order_id: orderId,
    status,
    ...rest,
    ...(invoiced_at ? { changed_at: invoiced_at } : {}),
    ...(tracking_url ? { tracking_url } : {}),
  }
}

/** Which parts of a status write differ from Medusa's (e.g. only invoice_number), for the event's detail. */
export function changedParts(incoming: unknown, current: unknown): { changed?: string[] } {
  if (typeof incoming !== "object" || incoming === null || sameValue(incoming, current)) return {}
  const ours = (current ?? {}) as Record<string, unknown>
  return {
    changed: Object.entries(incoming as Record<string, unknown>)
      .filter(([k, v]) => !sameValue(v, ours[k]))
      .map(([k]) => k),
  }
}
