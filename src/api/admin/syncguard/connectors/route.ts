import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { buildHealthReport } from "../../../../lib/health"

/** The configured connectors and their state. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { connectors } = await buildHealthReport(req.scope)
  res.json({ connectors })
}
