import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import {
  cancelOrderWorkflow,
  createOrderFulfillmentWorkflow,
  createOrderShipmentWorkflow,
  updateFulfillmentWorkflow,
  updateOrderWorkflow,
} from "@medusajs/medusa/core-flows"
import { InboundNotApplicableError } from "../modules/syncguard/errors"
import type { InboundEventRow } from "../modules/syncguard/service"
import type { ApplyResult } from "./apply-result"
import { outcomeOf, planDetail, planWrites } from "./field-writes"
import {
  changedParts,
  currentStatusValue,
  incomingStatus,
  loadOrder,
  OrderRow,
  OrderStatusData,
  shippedFulfillments,
  unfulfilled,
} from "./order-status-state"
import { withWatermark } from "./watermark"

/** Who made the change, for Medusa's records of it. */
export const SYNCGUARD_ACTOR = "syncguard"

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
      // shipped before, under another tracking (a corrected number, a parcel sent again): the
      // newest shipped event's tracking is the order's, whatever the arrival order
      if (labels) {
        for (const f of shippedFulfillments(order)) {
          const [label, ...more] = f.labels ?? []
          const same =
            !more.length &&
            label?.tracking_number === labels[0].tracking_number &&
            (label.tracking_url || null) === (labels[0].tracking_url || null)
          if (same) continue
          // labels go through the workflow as Medusa's own createShipmentWorkflow passes them (its input type omits them)
          const relabel = { id: f.id, labels }
          await updateFulfillmentWorkflow(container).run({ input: relabel })
        }
      }
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
  // one watermark per status, under the order's one lock: an invoice the sender made before a
  // shipment still applies when it arrives after it (each is its own fact about the order)
  const subject = `order:${data.order_id}`
  return withWatermark(
    container,
    event,
    `${subject}:${data.status}`,
    version,
    async () => {
      const order = await loadOrder(container, data.order_id)
      const write = { field: "status", incoming: incomingStatus(data), current: currentStatusValue(order, data) }
      const writes = await planWrites(container, event, { entity_type: "order", entity_id: order.id }, [write])
      if (writes.allowed.length) await writeOrderStatus(container, order, data)
      return {
        outcome: outcomeOf(writes),
        detail: { ...planDetail(writes), order_id: order.id, ...changedParts(write.incoming, write.current) },
      }
    },
    subject
  )
}
