import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { sampleMetricsStep } from "./steps/sample-metrics"

export const sampleMetricsWorkflowId = "syncguard-sample-metrics"

export const sampleMetricsWorkflow = createWorkflow(
  sampleMetricsWorkflowId,
  (input: WorkflowData<{ force?: boolean }>) => {
    return new WorkflowResponse(sampleMetricsStep(input))
  }
)
