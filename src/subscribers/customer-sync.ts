import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { CustomerWorkflowEvents } from "@medusajs/framework/utils"
import { afterTriggeringRequest } from "../delivery/after-request"
import { requestDelivery } from "../delivery/fast-path"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import { newCorrelationId } from "../modules/syncguard/outbox/ids"
import type SyncguardModuleService from "../modules/syncguard/service"
import { enqueueEntitySyncWorkflow } from "../workflows/enqueue-entity-sync"

/** Records that the customer must be synced; delivery happens elsewhere. */
export default async function customerSyncSubscriber({ event, container }: SubscriberArgs<{ id: string }>) {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  if (!syncguard.connectors.taking("customer").length) {
    return
  }
  await afterTriggeringRequest()
  const { result: ids } = await enqueueEntitySyncWorkflow(container).run({
    input: {
      entity_type: "customer",
      entity_id: event.data.id,
      operation: "customer.upsert",
      correlation_id: newCorrelationId(),
    },
  })
  if (syncguard.config.fastPath) {
    requestDelivery(container, ids)
  }
}

export const config: SubscriberConfig = {
  event: [CustomerWorkflowEvents.CREATED, CustomerWorkflowEvents.UPDATED],
  context: { subscriberId: "syncguard-customer-sync" },
}
