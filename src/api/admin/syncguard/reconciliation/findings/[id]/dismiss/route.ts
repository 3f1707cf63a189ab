import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../../../../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../../../../modules/syncguard/service"
import { dismissFinding } from "../../../../../../../reconciliation/repair-finding"
import type { AdminDismissFindingType } from "../../../validators"

/** Closes a finding without a repair (e.g. a duplicate removed on the remote by hand). */
export async function POST(req: AuthenticatedMedusaRequest<AdminDismissFindingType>, res: MedusaResponse) {
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const finding = await syncguard.driftFinding(req.params.id)
  if (!finding) throw new MedusaError(MedusaError.Types.NOT_FOUND, `no drift finding ${req.params.id}`)
  res.json({ finding: await dismissFinding(req.scope, finding, req.auth_context.actor_id, req.validatedBody.reason) })
}
