import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import type { StockState } from "../modules/syncguard/connectors/contract"
import { marketplaceAmount, type StockRule } from "../modules/syncguard/policies/stock-buffer"
import type SyncguardModuleService from "../modules/syncguard/service"
import { MARKETPLACE_RESERVATION_KEY } from "../marketplace/marketplace-reservations"
import { stockSalesChannelId } from "./sales-channel"

type Container = Pick<MedusaContainer, "resolve">

/** Per variant: what Medusa has for sale, and how much of its reservations hold this marketplace's own orders. */
export type VariantStock = { available: number; held: number }

/**
 * Available units per variant, as Medusa's `getVariantAvailability` computes them (per linked
 * inventory item: the sum of stocked − reserved over the channel's locations, or every location,
 * divided by the required quantity, floored; the lowest over the items), read fresh. Medusa's
 * helper reads through the Query cache when a caching module is installed, and a reservation
 * does not invalidate it at once: a stale read here would publish an older amount after a newer
 * one. 0 for a variant without inventory. `held`: the units this connector's own orders hold
 * (reservations tagged with MARKETPLACE_RESERVATION_KEY), computed the same way, so that
 * `available + held` is what the variant would have without them.
 */
export async function stockFor(
  container: Container,
  connector: string,
  variantIds: string[]
): Promise<Map<string, VariantStock>> {
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
        "inventory_items.inventory.reservation_items.location_id",
        "inventory_items.inventory.reservation_items.quantity",
        "inventory_items.inventory.reservation_items.metadata",
      ],
      filters: { id: variantIds },
    },
    { cache: { enable: false } }
  )
  const here = (locationId: string) => !locations || locations.has(locationId)
  const stock = new Map<string, VariantStock>()
  for (const v of variants as any[]) {
    const perItem = (v.inventory_items ?? []).map((link: any) => {
      const required = Math.max(1, toNumber(link.required_quantity) || 1)
      const levels: any[] = link?.inventory?.location_levels ?? []
      const free = levels
        .filter((l) => here(l.location_id))
        .reduce((sum, l) => sum + toNumber(l.stocked_quantity) - toNumber(l.reserved_quantity), 0)
      const held = ((link?.inventory?.reservation_items ?? []) as any[])
        .filter((r) => here(r.location_id) && r?.metadata?.[MARKETPLACE_RESERVATION_KEY] === connector)
        .reduce((sum, r) => sum + toNumber(r.quantity), 0)
      return { available: Math.floor(free / required), withHeld: Math.floor((free + held) / required) }
    })
    const available = perItem.length ? Math.max(0, Math.min(...perItem.map((i: any) => i.available))) : 0
    const withHeld = perItem.length ? Math.max(0, Math.min(...perItem.map((i: any) => i.withHeld))) : 0
    stock.set(v.id, { available, held: Math.max(0, withHeld - available) })
  }
  return new Map(variantIds.map((id) => [id, stock.get(id) ?? { available: 0, held: 0 }]))
}

/** Medusa's available units per variant (see stockFor). */
export async function availableFor(
  container: Container,
  connector: string,
  variantIds: string[]
): Promise<Map<string, number>> {
  const stock = await stockFor(container, connector, variantIds)
  return new Map([...stock].map(([id, s]) => [id, s.available]))
}

/** What the marketplace should show per variant now (the amount loadStockStates would send), nothing recorded. */
export async function amountsToSend(
  container: Container,
  connector: string,
  variantIds: string[]
): Promise<Map<string, number>> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const stock = await stockFor(container, connector, variantIds)
  const publications = await syncguard.stockPublicationsFor(connector, variantIds)
  const rule = stockRuleOf(syncguard, connector)
  return new Map(
    variantIds.map((id) => {
      const { available, held } = stock.get(id) ?? { available: 0, held: 0 }
      return [id, marketplaceAmount({ available, held, buffer: publications.get(id)?.buffer ?? 0, rule })]
    })
  )
}

function stockRuleOf(syncguard: SyncguardModuleService, connector: string): StockRule {
  const settings = syncguard.connectors.settingsOf(connector)
  return settings.kind === "bol" ? settings.stockRule : "since-update"
}

/** A quantity as Medusa stores it (BigNumber, string or number), as a number; 0 when absent. */
export const toNumber = (value: unknown): number =>
  value === null || value === undefined ? 0 : MathBN.convert(value as any).toNumber()

/**
 * The stock a connector is to publish for these variants, computed now: Medusa's own
 * availability (stocked − reserved over the connector's sales channel's locations), plus, under
 * the "open-orders" rule, what it holds for that marketplace's own orders, minus the buffer in
 * effect. A variant that no longer exists is missing from the map. What is about to be
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
  const stock = await stockFor(container, connector, ids)
  const publications = await syncguard.stockPublicationsFor(connector, ids)
  const rule = stockRuleOf(syncguard, connector)
  const states = new Map<string, StockState>()
  for (const v of managed) {
    const { available, held } = stock.get(v.id) ?? { available: 0, held: 0 }
    const publication = publications.get(v.id)
    const buffer = publication?.buffer ?? 0
    states.set(v.id, {
      variant_id: v.id,
      sku: v.sku ?? null,
      barcode: v.barcode ?? null,
      available,
      held,
      buffer,
      amount: marketplaceAmount({ available, held, buffer, rule }),
      published: publication?.published ?? null,
      attempted: publication?.attempted ?? null,
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
