import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SYNCGUARD_MODULE } from "../../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../../modules/syncguard/service"
import type { AdminHealthHistoryParamsType } from "../../validators"

/** The metric samples of the last `hours` (queue depth, lag, attempts), oldest first: the dashboard's charts. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminHealthHistoryParamsType>, res: MedusaResponse) {
  const { hours, connector } = req.validatedQuery as AdminHealthHistoryParamsType
  const samples = await req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE).metricHistory({ hours, connector })
  res.json({ hours, samples })
}
