import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SYNCGUARD_MODULE } from "../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../modules/syncguard/service"
import type { AdminListStockParamsType } from "../validators"

/**
 * What each marketplace connector publishes per SKU: available, the buffer in effect and its
 * inputs (velocity, lag p95, computed vs override), the amount sent and acknowledged, and low
 * stock (available ≤ buffer).
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminListStockParamsType>, res: MedusaResponse) {
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const q = req.validatedQuery
  const { rows, count } = await syncguard.stockPublications({
    connector: q.connector,
    variantIds: q.variant_id ? [q.variant_id] : undefined,
    lowStockOnly: q.low_stock === true,
    limit: q.limit,
    offset: q.offset,
  })
  res.json({
    stock: rows.map((r) => ({
      connector: r.connector,
      variant_id: r.variant_id,
      sku: r.sku,
      available: r.available,
      buffer: r.buffer,
      buffer_source: r.buffer_override === null ? "computed" : "override",
      buffer_computed: r.buffer_computed,
      buffer_override: r.buffer_override,
      velocity_per_hour: Number(r.velocity_per_hour),
      velocity_short_per_hour: Number(r.velocity_short_per_hour),
      lag_p95_ms: r.lag_p95_ms,
      import_lag_p95_ms: r.import_lag_p95_ms,
      low_stock: r.low_stock,
      computed_at: r.computed_at,
      sending_amount: r.sending_amount,
      published_amount: r.published_amount,
      published_at: r.published_at,
    })),
    count,
    limit: q.limit,
    offset: q.offset,
  })
}
