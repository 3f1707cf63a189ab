import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { buildHealthReport } from "../../../../lib/health"

/** Sync health: per-connector queue, breaker, pause, rate, lag, dead letters; job heartbeats. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json(await buildHealthReport(req.scope))
}
