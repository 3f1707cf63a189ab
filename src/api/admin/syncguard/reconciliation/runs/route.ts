import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../../modules/syncguard/service"
import { startReconciliation } from "../../../../../reconciliation/run-reconciliation"
import type { AdminListRunsParamsType, AdminStartRunType } from "../validators"

/** Reconciliation runs, newest first; filter by connector, entity type, status. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminListRunsParamsType>, res: MedusaResponse) {
  const { limit, offset, ...filter } = req.validatedQuery as AdminListRunsParamsType
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const { rows, count } = await syncguard.reconciliationRuns({ ...filter, limit, offset })
  res.json({ runs: rows, count, limit, offset })
}

/**
 * Starts a run now (`dry_run`: report only). It answers 202 with the run as it started; the run goes
 * on in this process (GET /admin/syncguard/reconciliation/runs/:id shows how far it got). 409 while
 * a run of the same connector and entity type is going.
 */
export async function POST(req: AuthenticatedMedusaRequest<AdminStartRunType>, res: MedusaResponse) {
  const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  const { run, done } = await startReconciliation(req.scope, {
    ...req.validatedBody,
    trigger: "admin",
    started_by: req.auth_context.actor_id,
  })
  done.catch((error) => logger.warn(`syncguard: reconciliation ${run.id} ended with an error: ${error.message}`))
  res.status(202).json({ run })
}
