// The outbox messages order.placed would have written for orders a benchmark seeds directly.
import type SyncguardModuleService from "../../src/modules/syncguard/service"
import { buildIdempotencyKey } from "../../src/modules/syncguard/outbox/keys"
import { newCorrelationId } from "../../src/modules/syncguard/outbox/ids"

export async function enqueueOrderCreates(syncguard: SyncguardModuleService, orderIds: string[], connector = "erp") {
  await syncguard.enqueueMessages(
    orderIds.map((id) => ({
      connector,
      operation: "order.create",
      entity_type: "order",
      entity_id: id,
      idempotency_key: buildIdempotencyKey({
        connector,
        operation: "order.create",
        entityType: "order",
        entityId: id,
        version: 1,
      }),
      correlation_id: newCorrelationId(),
      source_changed_at: new Date(),
    }))
  )
}
