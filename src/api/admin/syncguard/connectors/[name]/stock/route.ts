import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../../../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../../../modules/syncguard/service"
import { UpstreamError } from "../../../../../../modules/syncguard/types/connector"
import type { AdminConnectorStockParamsType } from "../../../validators"

/** Stock on hand per SKU and warehouse as the remote counts it, read live (for reconciliation). */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminConnectorStockParamsType>, res: MedusaResponse) {
  const name = req.params.name
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const connector = syncguard.connectors.get(name)
  if (!connector) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Connector "${name}" is not configured; known connectors: ${syncguard.connectors.names().join(", ") || "none"}`
    )
  }
  if (!connector.stock) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Connector "${name}" (${connector.kind}) cannot read stock levels`)
  }
  const skus = req.validatedQuery.sku
  try {
    const levels = await connector.stock.stockLevels(skus)
    res.json({
      connector: name,
      stock_levels: levels.map((l) => ({ sku: l.sku, location: l.location, quantity: l.quantity, forecast_quantity: l.forecastQuantity })),
      missing_skus: skus.filter((sku) => !levels.some((l) => l.sku === sku)),
    })
  } catch (error) {
    if (error instanceof UpstreamError) {
      res.status(502).json({ type: "upstream_unavailable", message: `Connector "${name}" could not read stock: ${error.message}` })
      return
    }
    throw error
  }
}
