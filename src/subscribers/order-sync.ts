import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { OrderWorkflowEvents } from "@medusajs/framework/utils"
import { afterTriggeringRequest } from "../delivery/after-request"
import { requestDelivery } from "../delivery/fast-path"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import type { OrderOperation } from "../modules/syncguard/entities"
import { newCorrelationId } from "../modules/syncguard/outbox/ids"
import type SyncguardModuleService from "../modules/syncguard/service"
import { enqueueEntitySyncWorkflow } from "../workflows/enqueue-entity-sync"

const OPERATIONS: Record<string, OrderOperation> = {
  [OrderWorkflowEvents.PLACED]: "order.create",
  [OrderWorkflowEvents.UPDATED]: "order.update",
  [OrderWorkflowEvents.CANCELED]: "order.cancel",
}

/** Records that the order must be synced; delivery happens elsewhere. */
export default async function orderSyncSubscriber({ event, container }: SubscriberArgs<{ id: string }>) {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  if (!syncguard.connectors.taking("order").length) {
    return
  }
  await afterTriggeringRequest()
  const { result: ids } = await enqueueEntitySyncWorkflow(container).run({
    input: {
      entity_type: "order",
      entity_id: event.data.id,
      operation: OPERATIONS[event.name],
      correlation_id: newCorrelationId(),
    },
  })
  if (syncguard.config.fastPath) {
    requestDelivery(container, ids)
  }
}

export const config: SubscriberConfig = {
  event: Object.keys(OPERATIONS),
  context: { subscriberId: "syncguard-order-sync" },
}
