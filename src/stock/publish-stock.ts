import type { MedusaContainer } from "@medusajs/framework/types"
import { requestDelivery } from "../delivery/fast-path"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import { newCorrelationId } from "../modules/syncguard/outbox/ids"
import type SyncguardModuleService from "../modules/syncguard/service"
import { debounceOf } from "../workflows/steps/enqueue-stock-messages"
import { enqueueStockSyncWorkflow } from "../workflows/enqueue-stock-sync"

/**
 * Records that these variants' stock must be published to every connector that takes stock,
 * and asks for delivery once the burst they may be part of has gathered (the debounce).
 */
export async function publishStock(container: MedusaContainer, variantIds: string[]): Promise<string[]> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const connectors = syncguard.connectors.taking("stock")
  if (!variantIds.length || !connectors.length) return []
  const { result: ids } = await enqueueStockSyncWorkflow(container).run({
    input: { variant_ids: variantIds, correlation_id: newCorrelationId() },
  })
  if (syncguard.config.fastPath) {
    const wait = Math.max(0, ...connectors.map((c) => debounceOf(syncguard, c)))
    requestDelivery(container, ids, wait ? wait + 10 : 0)
  }
  return ids
}
