import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { pollMarketplaceOrders } from "../../../../../../../marketplace/poll-orders"
import { SYNCGUARD_MODULE } from "../../../../../../../modules/syncguard"
import { CapabilityMissingError } from "../../../../../../../modules/syncguard/errors"
import type SyncguardModuleService from "../../../../../../../modules/syncguard/service"
import { withDomainErrors } from "../../../../../../errors"
import { requireConnector } from "../../../helpers"

/** Reads the marketplace's order feed now (what the scheduled poll does), and says what it found. */
export const POST = withDomainErrors(async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const name = req.params.name
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const connector = requireConnector(syncguard, name)
  if (!connector.marketplaceOrders) {
    throw new CapabilityMissingError(name, `read marketplace orders (a ${connector.kind} connector has no order feed)`)
  }
  const [summary] = await pollMarketplaceOrders(req.scope, { connector: name, force: true })
  // no summary: its orders are switched off (orders.enabled), or a poll of it is already running here
  res.json({
    poll: summary ?? {
      connector: name,
      seen: 0,
      skipped: "orders are disabled for this connector, or a poll is already running",
    },
  })
})
