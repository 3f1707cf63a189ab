import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { repairDriftFindingsWorkflow } from "../../../../../../../workflows/repair-drift-findings"
import type { AdminRepairKindType } from "../../../validators"

/**
 * Repairs every open (or failed) finding of one kind in this run. Each outcome is recorded on its
 * finding; the answer counts them and lists what could not be repaired, and why.
 */
export async function POST(req: AuthenticatedMedusaRequest<AdminRepairKindType>, res: MedusaResponse) {
  const { result } = await repairDriftFindingsWorkflow(req.scope).run({
    input: { run_id: req.params.id, kind: req.validatedBody.kind, actor: req.auth_context.actor_id },
  })
  res.json(result)
}
