import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { setOwnershipRulesWorkflow } from "../../../../../workflows/set-ownership-rules"

/** Removes a runtime override: the options' rule (or the default) applies again. */
export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result } = await setOwnershipRulesWorkflow(req.scope).run({
    input: { remove: req.params.id, actor: req.auth_context.actor_id },
  })
  if (!result.removed) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `No ownership override ${req.params.id}`)
  }
  res.json({ id: req.params.id, deleted: true })
}
