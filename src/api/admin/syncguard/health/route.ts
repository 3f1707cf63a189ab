import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SYNCGUARD_MODULE } from "../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../modules/syncguard/service"

/** Sync health: per-connector queue, breaker, pause, rate, lag, dead letters; job heartbeats. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json(await req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE).health())
}
