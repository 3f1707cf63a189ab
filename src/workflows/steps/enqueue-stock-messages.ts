import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SYNCGUARD_MODULE } from "../../modules/syncguard"
import { stockEntity } from "../../modules/syncguard/entities"
import { buildIdempotencyKey } from "../../modules/syncguard/outbox/keys"
import type SyncguardModuleService from "../../modules/syncguard/service"

export type EnqueueStockMessagesStepInput = { variant_ids: string[]; correlation_id: string }

/** How long a connector lets a burst of stock changes gather before it sends (0 for non-marketplaces). */
export function debounceOf(syncguard: SyncguardModuleService, connector: string): number {
  const settings = syncguard.connectors.settingsOf(connector)
  return settings.kind === "bol" ? settings.stockDebounceMs : 0
}

export const enqueueStockMessagesStepId = "syncguard-enqueue-stock-messages"

/**
 * One stock message per (connector that takes stock, variant). The message carries no
 * quantity; where one about the variant is still unsent, the change joins it (coalescing).
 */
export const enqueueStockMessagesStep = createStep(
  enqueueStockMessagesStepId,
  async (input: EnqueueStockMessagesStepInput, { container }) => {
    const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
    const connectors = syncguard.connectors.taking(stockEntity.type)
    const now = new Date()
    const ids = await syncguard.enqueueMessages(
      connectors.flatMap((connector) =>
        input.variant_ids.map((variantId) => ({
          connector,
          operation: "stock.set",
          entity_type: stockEntity.type,
          entity_id: variantId,
          idempotency_key: buildIdempotencyKey({
            connector,
            operation: "stock.set",
            entityType: stockEntity.type,
            entityId: variantId,
            version: stockEntity.version("stock.set", {}),
          }),
          correlation_id: input.correlation_id,
          source_changed_at: now,
          coalesces: true,
          delay_ms: debounceOf(syncguard, connector),
        }))
      )
    )
    return new StepResponse(ids, ids)
  },
  async (ids, { container }) => {
    if (!ids?.length) return
    await container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE).deleteOutboxMessages(ids)
  }
)
