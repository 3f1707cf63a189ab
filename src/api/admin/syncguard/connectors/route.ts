import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SYNCGUARD_MODULE } from "../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../modules/syncguard/service"

/** The configured connectors and their state. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { connectors } = await req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE).health()
  res.json({ connectors })
}
