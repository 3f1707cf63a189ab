import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../../../../../../../modules/syncguard"
import { CapabilityMissingError } from "../../../../../../../modules/syncguard/errors"
import type SyncguardModuleService from "../../../../../../../modules/syncguard/service"
import { publishStock } from "../../../../../../../stock/publish-stock"
import { withDomainErrors } from "../../../../../../errors"
import { requireConnector } from "../../../../connectors/helpers"
import type { AdminSetStockBufferType } from "../../../../validators"

/** Fixes one SKU's buffer on one marketplace (null: back to the computed one), then republishes it. */
export const POST = withDomainErrors(async function POST(
  req: AuthenticatedMedusaRequest<AdminSetStockBufferType>,
  res: MedusaResponse
) {
  const { name, variant_id } = req.params
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const connector = requireConnector(syncguard, name)
  if (!connector.outbound?.takes("stock")) {
    throw new CapabilityMissingError(name, "publish stock (it takes no stock messages)")
  }
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "product_variant", fields: ["id"], filters: { id: variant_id } })
  if (!data.length) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Variant ${variant_id} was not found`)
  await syncguard.setStockBufferOverride(name, variant_id, req.validatedBody.buffer)
  await publishStock(req.scope, [variant_id])
  const { rows } = await syncguard.stockPublications({ connector: name, variantIds: [variant_id] })
  res.json({ stock: rows[0] ?? null })
})
