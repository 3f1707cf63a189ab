import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { buildHealthReport } from "../../../../lib/health"
import { renderPrometheus } from "../../../../lib/prometheus"

/** Prometheus text format (scrape with an admin API key: `Authorization: Basic <key>:`). */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { contentType, body } = await renderPrometheus(await buildHealthReport(req.scope))
  res.setHeader("Content-Type", contentType)
  res.send(body)
}
