import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SYNCGUARD_MODULE } from "../../modules/syncguard"
import type SyncguardModuleService from "../../modules/syncguard/service"
import { buildIdempotencyKey, repairVersion } from "../../modules/syncguard/outbox/keys"

export type EnqueueOutboxMessagesStepInput = {
  entity_type: string
  entity_id: string
  operation: string
  version: string
  correlation_id: string
  source_changed_at?: Date | string | null
  /** Wait for this entity's unfinished message on the same connector (the order's customer). */
  depends_on?: { entity_type: string; entity_id: string } | null
  /** join an unsent message about the same entity instead of adding one (see the entity descriptors) */
  coalesces?: boolean
  /** only these connectors (a reconciliation repair) */
  connectors?: string[]
  /** a repair of this drift finding (see keys.ts repairVersion) */
  repair_of?: string
}

export const enqueueOutboxMessagesStepId = "syncguard-enqueue-outbox-messages"

/** This step writes one outbox row per connector that takes the entity; known keys are skipped. */
export const enqueueOutboxMessagesStep = createStep(
  enqueueOutboxMessagesStepId,
  async (input: EnqueueOutboxMessagesStepInput, { container }) => {
    const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
    const connectors = syncguard.connectors
      .taking(input.entity_type)
      .filter((c) => !input.connectors || input.connectors.includes(c))
    const dependsOn = new Map<string, string | null>()
    for (const connector of connectors) {
      const dep = input.depends_on
      dependsOn.set(
        connector,
        dep && syncguard.connectors.outbound(connector)?.takes(dep.entity_type)
          ? await syncguard.latestUnfinishedMessageId(connector, dep.entity_type, dep.entity_id)
          : null
      )
    }
    const ids = await syncguard.enqueueMessages(
      connectors.map((connector) => ({
        connector,
        operation: input.operation,
        entity_type: input.entity_type,
        entity_id: input.entity_id,
        idempotency_key: buildIdempotencyKey({
          connector,
          operation: input.operation,
          entityType: input.entity_type,
          entityId: input.entity_id,
          version: input.repair_of ? repairVersion(input.version, input.repair_of) : input.version,
        }),
        correlation_id: input.correlation_id,
        source_changed_at: input.source_changed_at ? new Date(input.source_changed_at) : null,
        depends_on_id: dependsOn.get(connector) ?? null,
        coalesces: input.coalesces ?? false,
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
