import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { drainOutboxStep, DrainOutboxStepInput } from "./steps/drain-outbox"

export const drainOutboxWorkflowId = "syncguard-drain-outbox"

/** Claims due outbox messages and delivers them: the sweep's and the fast path's work. */
export const drainOutboxWorkflow = createWorkflow(
  drainOutboxWorkflowId,
  (input: WorkflowData<DrainOutboxStepInput>) => {
    return new WorkflowResponse(drainOutboxStep(input))
  }
)
