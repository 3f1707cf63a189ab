import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SYNCGUARD_MODULE } from "../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../modules/syncguard/service"
import type { AdminListConflictsParamsType } from "./validators"

/** Field conflicts (a non-owner's write, held back with both values), newest first; filter by entity, field, status. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminListConflictsParamsType>, res: MedusaResponse) {
  const { limit, offset, ...filter } = req.validatedQuery as AdminListConflictsParamsType
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const { rows, count } = await syncguard.fieldConflicts({ ...filter, limit, offset })
  res.json({ conflicts: rows, count, limit, offset })
}
