import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { afterTriggeringRequest } from "../lib/after-request"
import { requestDelivery } from "../lib/dispatcher"
import { newCorrelationId } from "../lib/correlation-id"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import type SyncguardModuleService from "../modules/syncguard/service"
import { enqueueOrderSyncWorkflow, EnqueueOrderSyncInput } from "../workflows/enqueue-order-sync"

const OPERATIONS: Record<string, EnqueueOrderSyncInput["operation"]> = {
  "order.placed": "order.create",
  "order.updated": "order.update",
  "order.canceled": "order.cancel",
}

/** Records that the order must be synced; delivery happens elsewhere. */
export default async function orderSyncSubscriber({ event, container }: SubscriberArgs<{ id: string }>) {
  await afterTriggeringRequest()
  const { result: ids } = await enqueueOrderSyncWorkflow(container).run({
    input: { order_id: event.data.id, operation: OPERATIONS[event.name], correlation_id: newCorrelationId() },
  })
  if (container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE).options.fastPath) {
    requestDelivery(container, ids)
  }
}

export const config: SubscriberConfig = {
  event: Object.keys(OPERATIONS),
  context: { subscriberId: "syncguard-order-sync" },
}
