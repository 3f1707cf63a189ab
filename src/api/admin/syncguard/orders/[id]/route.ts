import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SYNCGUARD_MODULE } from "../../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../../modules/syncguard/service"
import { summarizeEntitySync } from "../../../../../modules/syncguard/policies/summarize-sync"

/** An order's sync status per connector, for the order page widget. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const messages = await syncguard.listOutboxMessages(
    { entity_type: "order", entity_id: req.params.id },
    { order: { created_at: "ASC" }, take: 500 }
  )
  res.json({
    order_id: req.params.id,
    connectors: summarizeEntitySync(syncguard.connectors.taking("order"), messages),
  })
}
