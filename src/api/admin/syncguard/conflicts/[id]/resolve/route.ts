import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resolveFieldConflictWorkflow } from "../../../../../../workflows/resolve-field-conflict"
import type { AdminResolveConflictType } from "../../validators"

/**
 * Decides a conflict: `accept_incoming` applies the sender's value through Medusa's workflows;
 * `keep_ours` leaves Medusa's (and with `resend`, sends it to the sender again). Who decided is recorded.
 */
export async function POST(req: AuthenticatedMedusaRequest<AdminResolveConflictType>, res: MedusaResponse) {
  const { resolution, resend } = req.validatedBody
  const { result } = await resolveFieldConflictWorkflow(req.scope).run({
    input: { id: req.params.id, resolution, resend, actor: req.auth_context.actor_id },
  })
  res.json({ conflict: result })
}
