import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { setConnectorPausedStep, SetConnectorPausedStepInput } from "./steps/set-connector-paused"

export const setConnectorPausedWorkflowId = "syncguard-set-connector-paused"

/** Pauses (nothing is sent; messages wait with their attempts unspent) or resumes a connector. */
export const setConnectorPausedWorkflow = createWorkflow(
  setConnectorPausedWorkflowId,
  (input: WorkflowData<SetConnectorPausedStepInput>) => new WorkflowResponse(setConnectorPausedStep(input))
)
