import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../../../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../../../modules/syncguard/service"

/** One run with its first findings (the rest: ./findings, by kind). */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const run = await syncguard.reconciliationRun(req.params.id)
  if (!run) throw new MedusaError(MedusaError.Types.NOT_FOUND, `no reconciliation run ${req.params.id}`)
  const { rows, count } = await syncguard.driftFindings({ run_id: run.id, limit: 50 })
  res.json({ run, findings: rows, count })
}
