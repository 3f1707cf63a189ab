import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SYNCGUARD_MODULE } from "../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../modules/syncguard/service"
import type { AdminListScopeViolationsParamsType } from "../validators"

/** Recorded scope violations, newest first: where and which record, never its content. */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminListScopeViolationsParamsType>,
  res: MedusaResponse
) {
  const { limit, offset, ...filters } = req.validatedQuery as AdminListScopeViolationsParamsType
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const [scope_violations, count] = await syncguard.listAndCountScopeViolations(filters, {
    take: limit,
    skip: offset,
    order: { created_at: "DESC" },
  })
  res.json({ scope_violations, count, limit, offset })
}
