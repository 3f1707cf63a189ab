import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ClaimedMessage } from "../modules/syncguard/service"
import { recordDeliveryAttemptStep } from "./steps/record-delivery-attempt"
import { sendToConnectorStep } from "./steps/send-to-connector"

export type DeliverOutboxMessageInput = {
  message: ClaimedMessage
  owner: string
  /** the entity's current state, loaded for the whole claimed batch at once (null: it no longer exists) */
  entity: Record<string, unknown> | null
  claimed_at_ms?: number
}

export const deliverOutboxMessageWorkflowId = "syncguard-deliver-outbox-message"

/** One claimed message, its state already loaded: map and send with the connector → record the attempt. */
export const deliverOutboxMessageWorkflow = createWorkflow(
  deliverOutboxMessageWorkflowId,
  (input: WorkflowData<DeliverOutboxMessageInput>) => {
    const sent = sendToConnectorStep({
      message: input.message,
      owner: input.owner,
      entity: input.entity,
      claimed_at_ms: input.claimed_at_ms,
    })
    const outcome = recordDeliveryAttemptStep({ message: input.message, owner: input.owner, sent })
    return new WorkflowResponse(outcome)
  }
)
