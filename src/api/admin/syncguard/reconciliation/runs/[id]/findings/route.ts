import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../../../../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../../../../modules/syncguard/service"
import type { AdminListFindingsParamsType } from "../../../validators"

/** A run's findings, filtered by kind and status, a page at a time. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminListFindingsParamsType>, res: MedusaResponse) {
  const { limit, offset, ...filter } = req.validatedQuery as AdminListFindingsParamsType
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  if (!(await syncguard.reconciliationRun(req.params.id))) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `no reconciliation run ${req.params.id}`)
  }
  const { rows, count } = await syncguard.driftFindings({ ...filter, run_id: req.params.id, limit, offset })
  res.json({ findings: rows, count, limit, offset })
}
