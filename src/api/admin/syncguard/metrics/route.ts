import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SYNCGUARD_MODULE } from "../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../modules/syncguard/service"
import { renderPrometheus } from "./prometheus"

/** Prometheus text format (scrape with an admin API key: `Authorization: Basic <key>:`). */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { contentType, body } = await renderPrometheus(
    await req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE).health()
  )
  res.setHeader("Content-Type", contentType)
  res.send(body)
}
