import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { requestInboundApply } from "../../../../inbound/fast-path"
import { marketplacesOf } from "../../../../marketplace/import-order"
import { handlePushedOrder } from "../../../../marketplace/pushed-order"
import { SYNCGUARD_MODULE } from "../../../../modules/syncguard"
import { CapabilityMissingError } from "../../../../modules/syncguard/errors"
import { claimOwner, newCorrelationId, WORKER_ID } from "../../../../modules/syncguard/outbox/ids"
import type SyncguardModuleService from "../../../../modules/syncguard/service"
import { requireConnector } from "../../../admin/syncguard/connectors/helpers"
import { withDomainErrors } from "../../../errors"
import { verifiedEvents } from "../../verified-events"

/**
 * What a remote pushes (public; authenticated by the connector's signature check over the raw
 * body, which nothing parses before: see ../../verified-events). Nothing is recorded before the
 * signature holds. An inbound-profile event is recorded once per event id (a duplicate answers
 * 200 at once) and applied after the answer; a marketplace's notification only makes its poll
 * early.
 */
export const POST = withDomainErrors(async function POST(req: MedusaRequest, res: MedusaResponse) {
  const name = req.params.connector
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const connector = requireConnector(syncguard, name)
  if (!connector.inbound) {
    throw new CapabilityMissingError(name, "receive pushed changes (configure its webhooks.secrets)")
  }
  const events = await verifiedEvents(connector.inbound, name, req)

  if (connector.inbound.profile === "inbound-events") {
    const [event] = events
    const { id, duplicate } = await syncguard.recordInboundEvent({
      connector: name,
      eventId: event.id,
      type: event.type,
      payload: event.data,
      version: event.version ?? null,
      correlationId: newCorrelationId(),
    })
    res.status(200).json({ id, duplicate })
    if (!duplicate) requestInboundApply(req.scope, [id])
    return
  }

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
