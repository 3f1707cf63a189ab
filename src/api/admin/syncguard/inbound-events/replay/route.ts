import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { requestInboundApply } from "../../../../../inbound/fast-path"
import { SYNCGUARD_MODULE } from "../../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../../modules/syncguard/service"
import type { AdminReplayInboundEventsType } from "../validators"

/** Dead inbound events go back to the queue with a fresh attempt budget and are applied again. */
export async function POST(req: AuthenticatedMedusaRequest<AdminReplayInboundEventsType>, res: MedusaResponse) {
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const ids = await syncguard.replayDeadInboundEvents(req.validatedBody)
  requestInboundApply(req.scope, ids)
  res.json({ replayed: ids.length, ids })
}
