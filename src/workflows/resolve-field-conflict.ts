import {
  createStep,
  createWorkflow,
  StepResponse,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { ConflictResolution, resolveFieldConflict } from "../inbound/resolve-conflict"

export type ResolveFieldConflictInput = { id: string; resolution: ConflictResolution; resend: boolean; actor: string }

const resolveFieldConflictStep = createStep(
  { name: "syncguard-resolve-field-conflict-step", noCompensation: true },
  async (input: ResolveFieldConflictInput, { container }) =>
    new StepResponse(await resolveFieldConflict(container, input))
)

/** An admin accepts the incoming value of a field conflict, or keeps ours (see src/inbound/resolve-conflict.ts). */
export const resolveFieldConflictWorkflow = createWorkflow(
  "syncguard-resolve-field-conflict",
  (input: WorkflowData<ResolveFieldConflictInput>) => new WorkflowResponse(resolveFieldConflictStep(input))
)
