import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import {
  cancelOrderWorkflow,
  createOrderFulfillmentWorkflow,
  createOrderShipmentWorkflow,
  updateOrderWorkflow,
} from "@medusajs/medusa/core-flows"
import { InboundNotApplicableError } from "../modules/syncguard/errors"
import type { InboundData } from "../modules/syncguard/inbound/profile"
import type { InboundEventRow } from "../modules/syncguard/service"
import type { ApplyResult } from "./apply-result"
import { outcomeOf, planDetail, planWrites } from "./field-writes"
import { withWatermark } from "./watermark"

type OrderStatusData = InboundData<"order.status">

type OrderRow = {
  id: string
  status: string
  metadata: Record<string, unknown> | null
  items: Array<{ id: string; detail?: { quantity: number; fulfilled_quantity: number } }>
  fulfillments?: Array<{ id: string; shipped_at: string | null; canceled_at: string | null }>
  shipping_methods?: Array<{ shipping_option_id: string | null }>
}

/** Who made the change, for Medusa's records of it. */
export const SYNCGUARD_ACTOR = "syncguard"

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
      "shipping_methods.shipping_option_id",
    ],
    filters: { id },
  })
  const order = data[0] as OrderRow | undefined
  if (!order) throw new MedusaError(MedusaError.Types.NOT_FOUND, `no order ${id}`)
  return order
}

const unfulfilled = (order: OrderRow) =>
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

/** Applies a status through Medusa's order and fulfillment workflows; what Medusa refuses can never apply. */
export async function writeOrderStatus(
  container: MedusaContainer,
  order: OrderRow,
  data: OrderStatusData
): Promise<void> {
  try {
    if (data.status === "canceled") {
      await cancelOrderWorkflow(container).run({ input: { order_id: order.id } })
    } else if (data.status === "invoiced") {
      await updateOrderWorkflow(container).run({
        input: {
          id: order.id,
          user_id: SYNCGUARD_ACTOR,
          metadata: {
            ...(order.metadata ?? {}),
            erp_invoiced_at: data.changed_at ?? new Date().toISOString(),
            ...(data.invoice_number ? { erp_invoice_number: data.invoice_number } : {}),
          },
        },
      })
    } else {
      const items = unfulfilled(order)
      if (items.length && !order.shipping_methods?.some((m) => m.shipping_option_id)) {
        throw new InboundNotApplicableError(
          `order ${order.id} has no shipping method with a shipping option: Medusa cannot create its fulfillment (ship it in the admin, or add a shipping method)`
        )
      }
      const open = (order.fulfillments ?? []).filter((f) => !f.shipped_at && !f.canceled_at)
      const fulfillmentIds = open.map((f) => f.id)
      if (items.length) {
        const { result } = await createOrderFulfillmentWorkflow(container).run({ input: { order_id: order.id, items } })
        fulfillmentIds.push(result.id)
      }
      const labels = data.tracking_number
        ? [{ tracking_number: data.tracking_number, tracking_url: data.tracking_url ?? "", label_url: "" }]
        : undefined
      for (const fulfillment_id of fulfillmentIds) {
        const fresh = await loadOrder(container, order.id)
        await createOrderShipmentWorkflow(container).run({
          input: {
            order_id: order.id,
            fulfillment_id,
            items: fresh.items
              .map((i) => ({ id: i.id, quantity: Number(i.detail?.fulfilled_quantity ?? 0) }))
              .filter((i) => i.quantity > 0),
            labels,
          },
        })
      }
    }
  } catch (error) {
    if (MedusaError.isMedusaError(error)) {
      const e = error as MedusaError
      if (e.type === MedusaError.Types.NOT_ALLOWED || e.type === MedusaError.Types.INVALID_DATA) {
        throw new InboundNotApplicableError(`Medusa refused to mark order ${order.id} ${data.status}: ${e.message}`)
      }
    }
    throw error
  }
}

/**
 * `order.status` (shipped / invoiced / canceled in the ERP): applied through Medusa's
 * fulfillment and order workflows when the sender owns the order's status; otherwise a conflict.
 */
export async function applyOrderStatus(
  container: MedusaContainer,
  event: InboundEventRow,
  data: OrderStatusData,
  version: number
): Promise<ApplyResult> {
  await loadOrder(container, data.order_id)
  return withWatermark(container, event, `order:${data.order_id}`, version, async () => {
    const order = await loadOrder(container, data.order_id)
    const writes = await planWrites(container, event, { entity_type: "order", entity_id: order.id }, [
      { field: "status", incoming: data.status, current: currentStatus(order, data.status) },
    ])
    if (writes.allowed.length) await writeOrderStatus(container, order, data)
    return { outcome: outcomeOf(writes), detail: { ...planDetail(writes), order_id: order.id } }
  })
}
