import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SYNCGUARD_MODULE } from "../../modules/syncguard"
import type SyncguardModuleService from "../../modules/syncguard/service"
import { buildIdempotencyKey } from "../../modules/syncguard/utils/idempotency-key"

export type EnqueueOutboxMessagesStepInput = {
  entity_type: string
  entity_id: string
  operation: string
  version: string
  correlation_id: string
  source_changed_at?: Date | string | null
}

export const enqueueOutboxMessagesStepId = "syncguard-enqueue-outbox-messages"

/** This step writes one outbox row per connector that takes the entity; known keys are skipped. */
export const enqueueOutboxMessagesStep = createStep(
  enqueueOutboxMessagesStepId,
  async (input: EnqueueOutboxMessagesStepInput, { container }) => {
    const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
    const ids = await syncguard.enqueueMessages(
      syncguard.connectorsTaking(input.entity_type).map((connector) => ({
        connector,
        operation: input.operation,
        entity_type: input.entity_type,
        entity_id: input.entity_id,
        idempotency_key: buildIdempotencyKey({
          connector,
          operation: input.operation,
          entityType: input.entity_type,
          entityId: input.entity_id,
          version: input.version,
        }),
        correlation_id: input.correlation_id,
        source_changed_at: input.source_changed_at ? new Date(input.source_changed_at) : null,
      }))
    )
    return new StepResponse(ids, ids)
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    await container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE).deleteOutboxMessages(ids)
  }
)
