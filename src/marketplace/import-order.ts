import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { raiseAlert } from "../alerts/raise-alert"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import type { BolConnectorConfig } from "../modules/syncguard/config/options"
import type { MarketplaceOrder, MarketplaceOrderSource } from "../modules/syncguard/connectors/contract"
import type SyncguardModuleService from "../modules/syncguard/service"
import { publishStock } from "../stock/publish-stock"
import { channelLocations, ensureMarketplaceSalesChannel } from "../stock/sales-channel"
import { createMarketplaceOrderWorkflow } from "../workflows/create-marketplace-order"
import { confirmCancellation } from "./cancellations"
import { MARKETPLACE_CONNECTOR_KEY, MARKETPLACE_ORDER_KEY, toMedusaOrderInput } from "./map-order"
import {
  attachMarketplaceReservations,
  releaseMarketplaceReservations,
  reserveMarketplaceLines,
} from "./marketplace-reservations"
import { resolveRegion, variantsForLines } from "./medusa-lookups"

export type ImportOutcome = "created" | "exists" | "busy" | "recovered" | "rejected" | "oversold" | "failed"

export type Marketplace = { name: string; settings: BolConnectorConfig; source: MarketplaceOrderSource }

/** The marketplace connectors configured (those that read an order feed). */
export function marketplacesOf(container: Pick<MedusaContainer, "resolve">): Marketplace[] {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  return syncguard.connectors.names().flatMap((name) => {
    const connector = syncguard.connectors.get(name)
    const settings = syncguard.connectors.settingsOf(name)
    return connector?.marketplaceOrders && settings.kind === "bol" && settings.orders.enabled
      ? [{ name, settings, source: connector.marketplaceOrders }]
      : []
  })
}

/**
 * Brings one marketplace order into Medusa, exactly once: reserveMarketplaceOrder, then the
 * creation it leaves to do.
 */
export async function importMarketplaceOrder(
  container: MedusaContainer,
  marketplace: Marketplace,
  remoteOrderId: string,
  owner: string,
  changedAt: string | null = null,
  /** the order as the marketplace just answered it (a push reads it first) */
  prefetched?: MarketplaceOrder | null,
  confirmations?: Array<Promise<void>>
): Promise<ImportOutcome> {
  const stage = await reserveMarketplaceOrder(container, marketplace, remoteOrderId, owner, {
    changedAt,
    prefetched,
    confirmations,
  })
  return typeof stage === "function" ? stage() : stage
}

/**
 * What the orders of one poll share, read once for all of them: where they are created and
 * reserved, and the variants whose stock they moved (published once, after the pass).
 */
export type ImportBatch = { salesChannelId: string; regionId: string; locationIds: string[]; touched: Set<string> }

export async function importBatchFor(container: MedusaContainer, marketplace: Marketplace): Promise<ImportBatch> {
  const salesChannelId = await ensureMarketplaceSalesChannel(container, marketplace.name)
  return {
    salesChannelId,
    regionId: await resolveRegion(container, marketplace.settings.orders),
    locationIds: await channelLocations(container, salesChannelId),
    touched: new Set(),
  }
}

/** The second stage of an import: creates the Medusa order whose stock is reserved. */
export type CreateReservedOrder = () => Promise<ImportOutcome>

/**
 * The first stage of bringing a marketplace order in: claim it, read it, and reserve its stock
 * in Medusa at once (the storefront cannot sell those units from then on), leaving the Medusa
 * order's creation, the slow part, to the function it returns. A poll reserves every new order
 * first and creates them after, so the last order's reservation does not wait behind every
 * creation. The unique claim decides who imports it; a claim left by a crashed worker is taken
 * over, and the new owner first looks for the order the dead one may have created (tagged in its
 * metadata). An order the stock cannot cover (sold on both channels at once) is not created: its
 * lines are cancelled on the marketplace as out of stock, counted, and alerted.
 */
export async function reserveMarketplaceOrder(
  container: MedusaContainer,
  marketplace: Marketplace,
  remoteOrderId: string,
  owner: string,
  options: {
    changedAt?: string | null
    prefetched?: MarketplaceOrder | null
    /**
     * where an out-of-stock cancellation's confirmation goes to be awaited by the caller (a poll
     * awaits them after its imports, so a slow cancellation holds none); without it, awaited here
     */
    confirmations?: Array<Promise<void>>
    /** a poll's shared reads; the variants it touched are published by the poll, once */
    batch?: ImportBatch
  } = {}
): Promise<ImportOutcome | CreateReservedOrder> {
  const { changedAt = null, prefetched, confirmations, batch } = options
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const claim = await syncguard.claimMarketplaceOrder({
    connector: marketplace.name,
    remoteOrderId,
    owner,
    changedAt: changedAt ? new Date(changedAt) : null,
  })
  if (!claim.claimed) return claim.row.status === "claimed" ? "busy" : "exists"
  const row = claim.row
  const failed = async (error: unknown): Promise<ImportOutcome> => {
    const message = (error as Error).message
    await syncguard.releaseMarketplaceOrder({ id: row.id, owner, error: message })
    logger.warn(`syncguard: importing ${marketplace.name} order ${remoteOrderId} failed, retried next poll: ${message}`)
    return "failed"
  }
  try {
    if (claim.takeover) {
      const existing = await findTaggedOrder(container, marketplace.name, remoteOrderId)
      if (existing) {
        await attachMarketplaceReservations(container, {
          connector: marketplace.name,
          remote_order_id: remoteOrderId,
          items: existing.items,
        })
        await syncguard.finishMarketplaceOrder({ id: row.id, owner, status: "created", medusaOrderId: existing.id })
        logger.info(
          `syncguard: ${marketplace.name} order ${remoteOrderId} was created before a crash; recorded as ${existing.id}`
        )
        return "recovered"
      }
    }
    const order = prefetched ?? (await marketplace.source.getOrder(remoteOrderId))
    if (!order)
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `the marketplace does not know order ${remoteOrderId}`)
    const salesChannelId = batch?.salesChannelId ?? (await ensureMarketplaceSalesChannel(container, marketplace.name))
    const mapped = toMedusaOrderInput(order, {
      connector: marketplace.name,
      match: marketplace.settings.offerMatch,
      variants: await variantsForLines(container, order.lines, marketplace.settings.offerMatch),
      regionId: batch?.regionId ?? (await resolveRegion(container, marketplace.settings.orders)),
      salesChannelId,
      currencyCode: marketplace.settings.orders.currencyCode,
    })
    if (!mapped.ok) {
      // reserved by an earlier try whose order was never created (the buyer cancelled since)
      await releaseMarketplaceReservations(container, marketplace.name, remoteOrderId)
      await syncguard.finishMarketplaceOrder({
        id: row.id,
        owner,
        status: "rejected",
        medusaOrderId: null,
        error: mapped.reason,
      })
      await raiseAlert(container, {
        kind: "marketplace_order_rejected",
        message: `${marketplace.name} order ${remoteOrderId} could not be created in Medusa: ${mapped.reason}`,
        data: { connector: marketplace.name, remote_order_id: remoteOrderId },
      })
      return "rejected"
    }
    const placedAt = order.placedAt && !Number.isNaN(Date.parse(order.placedAt)) ? new Date(order.placedAt) : null
    try {
      await reserveMarketplaceLines(container, {
        sales_channel_id: salesChannelId,
        location_ids: batch?.locationIds,
        // a claim inserted just now has no reservations from an earlier try to find
        fresh: !claim.takeover,
        connector: marketplace.name,
        remote_order_id: remoteOrderId,
        lines: mapped.input.items.map((i) => ({
          line_ref: i.metadata.marketplace_line_id,
          variant_id: i.variant_id,
          quantity: i.quantity,
        })),
      })
    } catch (error) {
      if (!isStockShortage(error)) throw error
      // both channels sold the last units: the marketplace sale cannot be covered
      const pending = await marketplace.source.requestCancellation(
        remoteOrderId,
        order.lines.filter((l) => l.quantity > l.quantityCancelled).map((l) => l.remoteLineId),
        "OUT_OF_STOCK"
      )
      await syncguard.finishMarketplaceOrder({
        id: row.id,
        owner,
        status: "rejected",
        medusaOrderId: null,
        error: `oversold: ${(error as Error).message}; cancelled on the marketplace as out of stock`,
        oversoldUnits: mapped.units,
        placedAt,
      })
      const confirmed = confirmCancellation(container, marketplace.name, row.id, remoteOrderId, pending)
      if (confirmations) confirmations.push(confirmed)
      else await confirmed
      await raiseAlert(container, {
        kind: "oversold",
        message: `${marketplace.name} order ${remoteOrderId} sold ${mapped.units} unit(s) the shared stock could not cover; cancelled on ${marketplace.name} as out of stock`,
        data: { connector: marketplace.name, remote_order_id: remoteOrderId, units: mapped.units },
      })
      return "oversold"
    }
    if (!(await syncguard.markMarketplaceOrderReserved({ id: row.id, owner, placedAt }))) return "busy"
    // the reservation changed availability for every channel, this one included
    if (batch) for (const id of mapped.variantIds) batch.touched.add(id)
    else await publishStock(container, mapped.variantIds)
    return async () => {
      try {
        const { result } = await createMarketplaceOrderWorkflow(container).run({ input: mapped.input })
        const finished = await syncguard.finishMarketplaceOrder({
          id: row.id,
          owner,
          status: "created",
          medusaOrderId: result.id,
          placedAt,
        })
        if (!finished) {
          logger.warn(
            `syncguard: ${marketplace.name} order ${remoteOrderId}: the claim was taken over while its order ${result.id} was created; the new owner finds it by its metadata`
          )
        }
        return "created"
      } catch (error) {
        return failed(error)
      }
    }
  } catch (error) {
    return failed(error)
  }
}

async function findTaggedOrder(container: MedusaContainer, connector: string, remoteOrderId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  type Tagged = {
    id: string
    metadata?: Record<string, unknown>
    items?: Array<{ id: string; metadata?: Record<string, unknown> | null }>
  }
  const { data } = await query.graph({
    entity: "order",
    fields: ["id", "metadata", "items.id", "items.metadata"],
    filters: { metadata: { [MARKETPLACE_ORDER_KEY]: remoteOrderId } } as any,
  })
  const match = (data as Tagged[]).find(
    (o) =>
      o.metadata?.[MARKETPLACE_ORDER_KEY] === remoteOrderId && o.metadata?.[MARKETPLACE_CONNECTOR_KEY] === connector
  )
  return match ? { id: match.id, items: match.items ?? [] } : null
}

/**
 * Only "the stock cannot cover it" is an oversell. A channel without locations or a variant
 * without inventory items is a setup problem: retried and logged, never cancelled on the
 * marketplace.
 */
export function isStockShortage(error: unknown): boolean {
  const e = error as { type?: string; code?: string; message?: string }
  if (e?.code === MedusaError.Codes.INSUFFICIENT_INVENTORY) return true
  return (
    e?.type === MedusaError.Types.NOT_ALLOWED &&
    /not enough stock available|does not have the required inventory/i.test(e?.message ?? "")
  )
}
