import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import { bufferUnits } from "../modules/syncguard/policies/stock-buffer"
import type SyncguardModuleService from "../modules/syncguard/service"
import { publishStock } from "./publish-stock"
import { availableFor } from "./stock-state"

export type BufferRun = {
  connector: string
  variants: number
  changed: number
  lag_p95_ms: number | null
  low_stock: number
}

/**
 * Sizes each marketplace SKU's buffer from what was measured: units sold per second over the
 * velocity window on every channel, × this connector's stock lag p95 (change → acknowledgement).
 * Covers the variants already published there and every variant sold in the window. Where a
 * buffer changed, the variant's stock is published again (the amount shown depends on it).
 */
export async function computeStockBuffers(container: MedusaContainer): Promise<BufferRun[]> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const runs: BufferRun[] = []
  for (const connector of syncguard.connectors.taking("stock")) {
    const settings = syncguard.connectors.settingsOf(connector)
    if (settings.kind !== "bol" || !settings.buffer.enabled) continue
    const { buffer } = settings
    const since = new Date(Date.now() - buffer.velocityWindowMs)
    const { data: orders } = await query.graph({
      entity: "order",
      // an order item's quantity is its detail's (items.quantity is filled only when totals are asked for)
      fields: ["id", "status", "items.variant_id", "items.detail.quantity"],
      filters: { created_at: { $gte: since } },
    })
    const sold = new Map<string, number>()
    for (const order of orders as any[]) {
      if (order?.status === "canceled") continue
      for (const item of order?.items ?? []) {
        if (item?.variant_id)
          sold.set(
            item.variant_id,
            (sold.get(item.variant_id) ?? 0) + MathBN.convert(item.detail?.quantity ?? item.quantity ?? 0).toNumber()
          )
      }
    }
    const { rows: known } = await syncguard.stockPublications({ connector, limit: 100_000 })
    const previous = new Map(known.map((r) => [r.variant_id, r]))
    const variantIds = [...new Set([...previous.keys(), ...sold.keys()])]
    if (!variantIds.length) continue
    const measuredLag = await syncguard.stockLagP95(connector, buffer.lagWindowMs)
    const lag = measuredLag ?? buffer.defaultLagMs
    const available = await availableFor(container, connector, variantIds)
    const { data: variants } = await query.graph({
      entity: "product_variant",
      fields: ["id", "sku", "manage_inventory"],
      filters: { id: variantIds },
    })
    // a variant whose inventory Medusa does not manage is always in stock: it has no amount to
    // publish, and publishing its "0 available" would take its offer off the marketplace
    const skus = new Map(
      (variants as Array<{ id: string; sku: string | null; manage_inventory: boolean }>)
        .filter((v) => v.manage_inventory !== false)
        .map((v) => [v.id, v.sku])
    )
    const windowSeconds = buffer.velocityWindowMs / 1000
    const updates = variantIds
      .filter((id) => skus.has(id))
      .map((id) => {
        const velocityPerSecond = (sold.get(id) ?? 0) / windowSeconds
        return {
          variant_id: id,
          sku: skus.get(id) ?? null,
          available: available.get(id) ?? 0,
          velocity_per_hour: velocityPerSecond * 3600,
          lag_p95_ms: measuredLag,
          buffer_computed: bufferUnits({ velocityPerSecond, lagP95Ms: lag, floor: buffer.floor, max: buffer.max }),
        }
      })
    await syncguard.upsertStockBuffers(connector, updates)
    const changed = updates
      .filter((u) => {
        const before = previous.get(u.variant_id)
        return !before || (before.buffer_override === null && before.buffer_computed !== u.buffer_computed)
      })
      .map((u) => u.variant_id)
    if (changed.length) await publishStock(container, changed)
    runs.push({
      connector,
      variants: updates.length,
      changed: changed.length,
      lag_p95_ms: measuredLag,
      low_stock: updates.filter(
        (u) => u.available <= (previous.get(u.variant_id)?.buffer_override ?? u.buffer_computed)
      ).length,
    })
  }
  return runs
}
