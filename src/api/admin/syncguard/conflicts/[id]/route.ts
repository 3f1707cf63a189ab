import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../../modules/syncguard/service"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const conflict = await syncguard.getFieldConflict(req.params.id)
  if (!conflict) throw new MedusaError(MedusaError.Types.NOT_FOUND, `No field conflict ${req.params.id}`)
  res.json({ conflict })
}
