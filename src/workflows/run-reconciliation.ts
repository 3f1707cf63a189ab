import {
  createStep,
  createWorkflow,
  StepResponse,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { ReconciliationBusyError } from "../modules/syncguard/errors"
import { startReconciliation, StartRequest } from "../reconciliation/run-reconciliation"

/**
 * A whole run, start to end (the scheduled job's work). A run records its own progress and end on
 * its row; there is nothing to compensate. Another worker running the same one is not an error.
 */
export const runReconciliationStep = createStep(
  { name: "syncguard-run-reconciliation-step", noCompensation: true },
  async (input: StartRequest, { container }) => {
    try {
      const { done } = await startReconciliation(container, input)
      return new StepResponse(await done)
    } catch (error) {
      if (error instanceof ReconciliationBusyError) return new StepResponse(null)
      throw error
    }
  }
)

export const runReconciliationWorkflow = createWorkflow(
  "syncguard-run-reconciliation",
  (input: WorkflowData<StartRequest>) => new WorkflowResponse(runReconciliationStep(input))
)
