import type { MedusaContainer } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  getTotalVariantAvailability,
  getVariantAvailability,
} from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import type { StockState } from "../modules/syncguard/connectors/contract"
import { publishedAmount } from "../modules/syncguard/policies/stock-buffer"
import type SyncguardModuleService from "../modules/syncguard/service"
import { stockSalesChannelId } from "./sales-channel"

type Container = Pick<MedusaContainer, "resolve">

/**
 * Medusa's own availability per variant (stocked − reserved, over the connector's sales
 * channel's locations when it has one, else every location); 0 for a variant without inventory.
 */
export async function availableFor(
  container: Container,
  connector: string,
  variantIds: string[]
): Promise<Map<string, number>> {
  if (!variantIds.length) return new Map()
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const channel =
    syncguard.connectors.settingsOf(connector).kind === "bol" ? await stockSalesChannelId(container, connector) : null
  const availability = channel
    ? await getVariantAvailability(query, { variant_ids: variantIds, sales_channel_id: channel })
    : await getTotalVariantAvailability(query, { variant_ids: variantIds })
  return new Map(variantIds.map((id) => [id, Math.max(0, Number(availability[id]?.availability ?? 0))]))
}

/**
 * The stock a connector is to publish for these variants, computed now: Medusa's own
 * availability (stocked − reserved over the connector's sales channel's locations) minus the
 * buffer in effect. A variant that no longer exists is missing from the map. What is about to be
 * sent is recorded, so the admin sees it (and, once acknowledged, as published).
 */
export async function loadStockStates(
  container: Container,
  connector: string,
  variantIds: string[]
): Promise<Map<string, StockState>> {
  if (!variantIds.length) return new Map()
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const { data: variants } = await query.graph({
    entity: "product_variant",
    fields: ["id", "sku", "barcode", "manage_inventory"],
    filters: { id: variantIds },
  })
  if (!variants.length) return new Map()
  const ids = (variants as Array<{ id: string }>).map((v) => v.id)
  const availability = await availableFor(container, connector, ids)
  const buffers = await syncguard.stockBuffers(connector, ids)
  const states = new Map<string, StockState>()
  for (const v of variants as Array<{ id: string; sku: string | null; barcode: string | null }>) {
    const available = availability.get(v.id) ?? 0
    const buffer = buffers.get(v.id) ?? 0
    states.set(v.id, {
      variant_id: v.id,
      sku: v.sku ?? null,
      barcode: v.barcode ?? null,
      available,
      buffer,
      amount: publishedAmount(available, buffer),
    })
  }
  await syncguard.recordStockSending(
    connector,
    [...states.values()].map((s) => ({
      variant_id: s.variant_id,
      sku: s.sku,
      available: s.available,
      buffer: s.buffer,
      amount: s.amount,
    }))
  )
  return states
}
