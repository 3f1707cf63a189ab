import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { describeEntityChangeStep, DescribeEntityChangeStepInput } from "./steps/describe-entity-change"
import { enqueueOutboxMessagesStep } from "./steps/enqueue-outbox-messages"

export type EnqueueEntitySyncInput = DescribeEntityChangeStepInput

export const enqueueEntitySyncWorkflowId = "syncguard-enqueue-entity-sync"

/**
 * Records that an entity's change must reach every connector that takes its type: one outbox
 * row per connector, keyed by what the change means, so a repeated event adds nothing.
 */
export const enqueueEntitySyncWorkflow = createWorkflow(
  enqueueEntitySyncWorkflowId,
  (input: WorkflowData<EnqueueEntitySyncInput>) => {
    const message = describeEntityChangeStep(input)
    return new WorkflowResponse(enqueueOutboxMessagesStep(message))
  }
)
