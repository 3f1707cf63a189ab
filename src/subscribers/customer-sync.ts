import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { afterTriggeringRequest } from "../lib/after-request"
import { newCorrelationId } from "../lib/correlation-id"
import { requestDelivery } from "../lib/dispatcher"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import type SyncguardModuleService from "../modules/syncguard/service"
import { enqueueCustomerSyncWorkflow } from "../workflows/enqueue-customer-sync"

/** Records that the customer must be synced; delivery happens elsewhere. */
export default async function customerSyncSubscriber({ event, container }: SubscriberArgs<{ id: string }>) {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  if (!syncguard.connectors.taking("customer").length) {
    return
  }
  await afterTriggeringRequest()
  const { result: ids } = await enqueueCustomerSyncWorkflow(container).run({
    input: { customer_id: event.data.id, correlation_id: newCorrelationId() },
  })
  if (syncguard.options.fastPath) {
    requestDelivery(container, ids)
  }
}

export const config: SubscriberConfig = {
  event: ["customer.created", "customer.updated"],
  context: { subscriberId: "syncguard-customer-sync" },
}
