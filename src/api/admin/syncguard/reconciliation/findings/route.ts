import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SYNCGUARD_MODULE } from "../../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../../modules/syncguard/service"
import type { AdminListFindingsParamsType } from "../validators"

/** Findings across runs (e.g. every open one for a connector, or everything found about one order). */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminListFindingsParamsType>, res: MedusaResponse) {
  const { limit, offset, ...filter } = req.validatedQuery as AdminListFindingsParamsType
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const { rows, count } = await syncguard.driftFindings({ ...filter, limit, offset })
  res.json({ findings: rows, count, limit, offset })
}
