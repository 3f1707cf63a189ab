import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { enqueueStockMessagesStep, EnqueueStockMessagesStepInput } from "./steps/enqueue-stock-messages"

export const enqueueStockSyncWorkflowId = "syncguard-enqueue-stock-sync"

/** Records that these variants' stock must be published to every connector that takes stock. */
export const enqueueStockSyncWorkflow = createWorkflow(
  enqueueStockSyncWorkflowId,
  (input: WorkflowData<EnqueueStockMessagesStepInput>) => new WorkflowResponse(enqueueStockMessagesStep(input))
)
