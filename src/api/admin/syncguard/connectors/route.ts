import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SYNCGUARD_MODULE } from "../../../../modules/syncguard"
import { redactSettings } from "../../../../modules/syncguard/policies/redact"
import type SyncguardModuleService from "../../../../modules/syncguard/service"

/** The configured connectors: their state as health sees it, and their settings with credentials hidden. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const { connectors } = await syncguard.health()
  res.json({
    connectors: connectors.map((c) => ({ ...c, settings: redactSettings(syncguard.config.connectors[c.name] ?? {}) })),
  })
}
