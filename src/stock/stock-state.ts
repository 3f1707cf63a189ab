import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import type { StockState } from "../modules/syncguard/connectors/contract"
import { publishedAmount } from "../modules/syncguard/policies/stock-buffer"
import type SyncguardModuleService from "../modules/syncguard/service"
import { stockSalesChannelId } from "./sales-channel"

type Container = Pick<MedusaContainer, "resolve">

/**
 * Available units per variant, as Medusa's `getVariantAvailability` computes them (per linked
 * inventory item: the sum of stocked − reserved over the channel's locations, or every location,
 * divided by the required quantity, floored; the lowest over the items), read fresh. Medusa's
 * helper reads through the Query cache when a caching module is installed, and a reservation
 * does not invalidate it at once: a stale read here would publish an older amount after a newer
 * one. 0 for a variant without inventory.
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
  let locations: Set<string> | null = null
  if (channel) {
    const { data } = await query.graph(
      { entity: "sales_channel", fields: ["stock_locations.id"], filters: { id: channel } },
      { cache: { enable: false } }
    )
    locations = new Set(((data[0] as any)?.stock_locations ?? []).map((l: { id: string }) => l.id))
  }
  const { data: variants } = await query.graph(
    {
      entity: "product_variant",
      fields: [
        "id",
        "inventory_items.required_quantity",
        "inventory_items.inventory.location_levels.location_id",
        "inventory_items.inventory.location_levels.stocked_quantity",
        "inventory_items.inventory.location_levels.reserved_quantity",
      ],
      filters: { id: variantIds },
    },
    { cache: { enable: false } }
  )
  const available = new Map<string, number>()
  for (const v of variants as any[]) {
    const perItem = (v.inventory_items ?? []).map((link: any) => {
      const levels: any[] = link?.inventory?.location_levels ?? []
      const units = levels
        .filter((l) => !locations || locations.has(l.location_id))
        .reduce((sum, l) => sum + toNumber(l.stocked_quantity) - toNumber(l.reserved_quantity), 0)
      return Math.floor(units / Math.max(1, toNumber(link.required_quantity) || 1))
    })
    available.set(v.id, perItem.length ? Math.max(0, Math.min(...perItem)) : 0)
  }
  return new Map(variantIds.map((id) => [id, available.get(id) ?? 0]))
}

/** A quantity as Medusa stores it (BigNumber, string or number), as a number; 0 when absent. */
export const toNumber = (value: unknown): number =>
  value === null || value === undefined ? 0 : MathBN.convert(value as any).toNumber()

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
  // unmanaged inventory has no amount to publish (see compute-buffers.ts): left out like a deleted variant
  type Variant = { id: string; sku: string | null; barcode: string | null; manage_inventory: boolean }
  const managed = (variants as Variant[]).filter((v) => v.manage_inventory !== false)
  if (!managed.length) return new Map()
  const ids = managed.map((v) => v.id)
  const availability = await availableFor(container, connector, ids)
  const publications = await syncguard.stockPublicationsFor(connector, ids)
  const states = new Map<string, StockState>()
  for (const v of managed) {
    const available = availability.get(v.id) ?? 0
    const buffer = publications.get(v.id)?.buffer ?? 0
    states.set(v.id, {
      variant_id: v.id,
      sku: v.sku ?? null,
      barcode: v.barcode ?? null,
      available,
      buffer,
      amount: publishedAmount(available, buffer),
      published: publications.get(v.id)?.published ?? null,
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
