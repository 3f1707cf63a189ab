import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { handlePushedOrder, marketplacesOf } from "../../../../marketplace/import-order"
import { SYNCGUARD_MODULE } from "../../../../modules/syncguard"
import { CapabilityMissingError } from "../../../../modules/syncguard/errors"
import { claimOwner, WORKER_ID } from "../../../../modules/syncguard/outbox/ids"
import type SyncguardModuleService from "../../../../modules/syncguard/service"
import { requireConnector } from "../../../admin/syncguard/connectors/helpers"
import { withDomainErrors } from "../../../errors"

/**
 * What a remote pushes (public; authenticated by the connector's own signature check over the
 * raw body). It answers at once; the work runs afterwards, and the poll remains the safety net,
 * so a push lost here is only late, never lost.
 */
export const POST = withDomainErrors(async function POST(req: MedusaRequest, res: MedusaResponse) {
  const name = req.params.connector
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const connector = requireConnector(syncguard, name)
  if (!connector.inbound) throw new CapabilityMissingError(name, "receive pushed notifications")
  const raw = req.rawBody as Buffer | undefined
  if (!raw?.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, "Expected a JSON body")
  await connector.inbound.verifySignature(raw, req.headers)
  const events = connector.inbound.parse(raw)
  res.status(200).json({ received: events.length })

  const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  const marketplace = marketplacesOf(req.scope).find((m) => m.name === name)
  if (!marketplace) return
  for (const event of events) {
    if (event.data.resource !== "ORDER") continue
    const orderId = String(event.data.resourceId)
    void handlePushedOrder(req.scope, marketplace, orderId, claimOwner(WORKER_ID)).catch((error) =>
      logger.warn(
        `syncguard: pushed ${name} order ${orderId} not handled yet (the poll will): ${(error as Error).message}`
      )
    )
  }
})
