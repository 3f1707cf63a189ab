import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { repairDriftFindingsWorkflow } from "../../../../../../../workflows/repair-drift-findings"

/**
 * Repairs one finding: 200 with the finding as repaired (what was done is in `repair`); 409 when
 * no repair can fix it from here (a duplicate or an orphan on the remote, a field the remote owns)
 * or it was already decided; 502 when the repair itself failed (recorded as repair_failed).
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result } = await repairDriftFindingsWorkflow(req.scope).run({
    input: { ids: [req.params.id], actor: req.auth_context.actor_id },
  })
  const [outcome] = result.results
  if (outcome.error) {
    res.status(outcome.status ?? 409).json({
      type: outcome.status === 502 ? "repair_failed" : "not_allowed",
      message: outcome.error,
      finding: outcome.finding,
    })
    return
  }
  res.json({ finding: outcome.finding })
}
