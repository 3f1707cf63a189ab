import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { purgeExpiredStep } from "./steps/purge-expired"

export const purgeExpiredWorkflowId = "syncguard-purge-expired"

export const purgeExpiredWorkflow = createWorkflow(purgeExpiredWorkflowId, () => {
  return new WorkflowResponse(purgeExpiredStep({}))
})
