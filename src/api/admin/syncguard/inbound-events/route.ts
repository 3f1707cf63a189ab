import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SYNCGUARD_MODULE } from "../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../modules/syncguard/service"
import type { AdminListInboundEventsParamsType } from "./validators"

/** What remotes pushed, newest first, with how each applied (outcome, detail) or why it did not (dead). */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminListInboundEventsParamsType>,
  res: MedusaResponse
) {
  const { limit, offset, ...filter } = req.validatedQuery as AdminListInboundEventsParamsType
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const { rows, count } = await syncguard.inboundEvents({ ...filter, limit, offset })
  res.json({ events: rows, count, limit, offset })
}
