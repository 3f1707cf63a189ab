import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { replayDeadLettersStep, ReplayDeadLettersStepInput } from "./steps/replay-dead-letters"

export const replayDeadLettersWorkflowId = "syncguard-replay-dead-letters"

/** Replays one dead letter (by id) or every one matching a filter. */
export const replayDeadLettersWorkflow = createWorkflow(
  replayDeadLettersWorkflowId,
  (input: WorkflowData<ReplayDeadLettersStepInput>) => new WorkflowResponse(replayDeadLettersStep(input))
)
