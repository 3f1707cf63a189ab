import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../../modules/syncguard/service"

/** An admin has reviewed the violations: reopen the invoice API. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const connector = syncguard.config.invoices?.connector
  if (!connector) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The invoice API is not configured on this store")
  }
  const reopened = await syncguard.reopenInvoices(connector)
  req.scope
    .resolve(ContainerRegistrationKeys.LOGGER)
    .warn(
      `syncguard: invoice API for ${connector} ${reopened ? "reopened" : "was already open"} by admin ${req.auth_context.actor_id}`
    )
  res.json({ connector, reopened, closed: null })
}
