import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import {
  InventoryLevelWorkflowEvents,
  OrderWorkflowEvents,
  ReservationItemWorkflowEvents,
} from "@medusajs/framework/utils"
import { afterTriggeringRequest } from "../delivery/after-request"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import type SyncguardModuleService from "../modules/syncguard/service"
import { StockTrigger, variantsAffectedBy } from "../stock/affected-variants"
import { publishStock } from "../stock/publish-stock"

type StockEvent = { id?: string; order_id?: string }

/**
 * What each event names. A reservation at checkout changes availability but emits no
 * inventory-level event, so reservations are heard too; orders cover what a workflow changes
 * without a reservation event of its own (a fulfillment, a return received).
 */
const TRIGGERS: Record<string, (data: StockEvent) => StockTrigger | null> = {
  ...Object.fromEntries(
    Object.values(InventoryLevelWorkflowEvents).map((name) => [
      name,
      (d: StockEvent) => (d.id ? { kind: "inventory_level", id: d.id } : null),
    ])
  ),
  ...Object.fromEntries(
    Object.values(ReservationItemWorkflowEvents).map((name) => [
      name,
      (d: StockEvent) => (d.id ? { kind: "reservation", id: d.id } : null),
    ])
  ),
  [OrderWorkflowEvents.PLACED]: (d) => (d.id ? { kind: "order", id: d.id } : null),
  [OrderWorkflowEvents.CANCELED]: (d) => (d.id ? { kind: "order", id: d.id } : null),
  [OrderWorkflowEvents.FULFILLMENT_CREATED]: (d) => (d.order_id ? { kind: "order", id: d.order_id } : null),
  [OrderWorkflowEvents.FULFILLMENT_CANCELED]: (d) => (d.order_id ? { kind: "order", id: d.order_id } : null),
  [OrderWorkflowEvents.RETURN_RECEIVED]: (d) => (d.order_id ? { kind: "order", id: d.order_id } : null),
}

/** Records that the affected variants' stock must be published; the message carries no quantity. */
export default async function stockSyncSubscriber({ event, container }: SubscriberArgs<StockEvent>) {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  if (!syncguard.connectors.taking("stock").length) return
  const trigger = TRIGGERS[event.name]?.(event.data ?? {})
  if (!trigger) return
  await afterTriggeringRequest()
  const variantIds = await variantsAffectedBy(container, trigger)
  if (!variantIds.length) return
  await publishStock(container, variantIds)
}

export const config: SubscriberConfig = {
  event: Object.keys(TRIGGERS),
  context: { subscriberId: "syncguard-stock-sync" },
}
