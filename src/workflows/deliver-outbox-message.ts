import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ClaimedMessage } from "../modules/syncguard/service"
import { loadSyncEntityStep } from "./steps/load-sync-entity"
import { recordDeliveryAttemptStep } from "./steps/record-delivery-attempt"
import { sendToConnectorStep } from "./steps/send-to-connector"

export type DeliverOutboxMessageInput = {
  message: ClaimedMessage
  owner: string
  /** state loaded for the whole claimed batch at once; loaded here when absent */
  entity?: Record<string, unknown> | null
  claimed_at_ms?: number
}

export const deliverOutboxMessageWorkflowId = "syncguard-deliver-outbox-message"

/** One claimed message: load current state → map and send with the connector → record the attempt. */
export const deliverOutboxMessageWorkflow = createWorkflow(
  deliverOutboxMessageWorkflowId,
  (input: WorkflowData<DeliverOutboxMessageInput>) => {
    const entity = loadSyncEntityStep({
      entity_type: input.message.entity_type,
      entity_id: input.message.entity_id,
      preloaded: input.entity,
    })
    const sent = sendToConnectorStep({ message: input.message, owner: input.owner, entity, claimed_at_ms: input.claimed_at_ms })
    const outcome = recordDeliveryAttemptStep({ message: input.message, owner: input.owner, sent })
    return new WorkflowResponse(outcome)
  }
)
