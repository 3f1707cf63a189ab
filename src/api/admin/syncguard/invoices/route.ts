import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SYNCGUARD_MODULE } from "../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../modules/syncguard/service"

/** Whether the invoice API is open, and why it was closed if it is not. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const connector = syncguard.config.invoices?.connector ?? null
  res.json({ connector, closed: connector ? await syncguard.invoicesClosed(connector) : null })
}
