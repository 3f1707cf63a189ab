import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SYNCGUARD_MODULE } from "../../../../../../modules/syncguard"
import { CapabilityMissingError } from "../../../../../../modules/syncguard/errors"
import type SyncguardModuleService from "../../../../../../modules/syncguard/service"
import { withDomainErrors } from "../../../../../errors"
import type { AdminConnectorStockParamsType } from "../../../validators"
import { requireConnector } from "../../helpers"

/** Stock on hand per SKU and warehouse as the remote counts it, read live (for reconciliation). */
export const GET = withDomainErrors(async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminConnectorStockParamsType>,
  res: MedusaResponse
) {
  const name = req.params.name
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const connector = requireConnector(syncguard, name)
  if (!connector.stock) {
    throw new CapabilityMissingError(name, `read stock levels (a ${connector.kind} connector has no stock source)`)
  }
  const skus = req.validatedQuery.sku
  // an UpstreamError becomes a 502 that never carries the remote's answer (src/api/errors.ts)
  const levels = await connector.stock.stockLevels(skus)
  res.json({
    connector: name,
    stock_levels: levels.map((l) => ({
      sku: l.sku,
      location: l.location,
      quantity: l.quantity,
      forecast_quantity: l.forecastQuantity,
    })),
    missing_skus: skus.filter((sku) => !levels.some((l) => l.sku === sku)),
  })
})
