import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import { bufferUnits, loopLagMs, saleVelocity } from "../modules/syncguard/policies/stock-buffer"
import type SyncguardModuleService from "../modules/syncguard/service"
import { publishStock } from "./publish-stock"
import { stockSalesChannelId } from "./sales-channel"
import { availableFor } from "./stock-state"

export type BufferRun = {
  connector: string
  variants: number
  changed: number
  lag_p95_ms: number | null
  import_lag_p95_ms: number | null
  /** what the buffers were sized from: both lags, each measured or its default */
  loop_lag_ms: number
  low_stock: number
}

/**
 * Sizes each marketplace SKU's buffer from what was measured: units sold per second on the other
 * channels (the faster of the velocity window and the short one, so a sale that starts counts
 * within minutes), × the whole loop a unit can be sold twice in: a sale elsewhere until this
 * marketplace acknowledged the lower amount (stock lag p95), plus a sale there until Medusa
 * reserved it (import lag p95). Covers the variants already published there and every variant
 * sold in the window. Where a buffer changed, the variant's stock is published again.
 */
export async function computeStockBuffers(container: MedusaContainer): Promise<BufferRun[]> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const runs: BufferRun[] = []
  for (const connector of syncguard.connectors.taking("stock")) {
    const settings = syncguard.connectors.settingsOf(connector)
    if (settings.kind !== "bol" || !settings.buffer.enabled) continue
    const { buffer } = settings
    const now = Date.now()
    const shortSince = now - buffer.shortVelocityWindowMs
    // its own sales cannot oversell it: the marketplace subtracts them itself
    const ownChannel = await stockSalesChannelId(container, connector)
    const { data: orders } = await query.graph({
      entity: "order",
      // an order item's quantity is its detail's (items.quantity is filled only when totals are asked for)
      fields: ["id", "status", "created_at", "sales_channel_id", "items.variant_id", "items.detail.quantity"],
      filters: {
        created_at: { $gte: new Date(now - Math.max(buffer.velocityWindowMs, buffer.shortVelocityWindowMs)) },
      },
    })
    const sold = new Map<string, { long: number; short: number }>()
    for (const order of orders as any[]) {
      if (order?.status === "canceled") continue
      if (ownChannel && order?.sales_channel_id === ownChannel) continue
      const at = new Date(order.created_at).getTime()
      const inLong = at >= now - buffer.velocityWindowMs
      const inShort = at >= shortSince
      for (const item of order?.items ?? []) {
        if (!item?.variant_id) continue
        const units = MathBN.convert(item.detail?.quantity ?? item.quantity ?? 0).toNumber()
        const entry = sold.get(item.variant_id) ?? { long: 0, short: 0 }
        if (inLong) entry.long += units
        if (inShort) entry.short += units
        sold.set(item.variant_id, entry)
      }
    }
    const { rows: known } = await syncguard.stockPublications({ connector, limit: 100_000 })
    const previous = new Map(known.map((r) => [r.variant_id, r]))
    const variantIds = [...new Set([...previous.keys(), ...sold.keys()])]
    if (!variantIds.length) continue
    const ackLag = await syncguard.stockLagP95(connector, buffer.lagWindowMs)
    const importLag = await syncguard.marketplaceImportLagP95(connector, buffer.lagWindowMs)
    const lag = loopLagMs({
      ackLagP95Ms: ackLag,
      importLagP95Ms: importLag,
      defaultAckLagMs: buffer.defaultLagMs,
      // none measured: no marketplace sale in the window, so nothing on that side to cover yet
      defaultImportLagMs: 0,
    })
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
    const updates = variantIds
      .filter((id) => skus.has(id))
      .map((id) => {
        const units = sold.get(id) ?? { long: 0, short: 0 }
        const velocityPerSecond = saleVelocity({
          longUnits: units.long,
          longWindowMs: buffer.velocityWindowMs,
          shortUnits: units.short,
          shortWindowMs: buffer.shortVelocityWindowMs,
        })
        return {
          variant_id: id,
          sku: skus.get(id) ?? null,
          available: available.get(id) ?? 0,
          velocity_per_hour: (units.long / (buffer.velocityWindowMs / 1000)) * 3600,
          velocity_short_per_hour: (units.short / (buffer.shortVelocityWindowMs / 1000)) * 3600,
          lag_p95_ms: ackLag,
          import_lag_p95_ms: importLag,
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
      lag_p95_ms: ackLag,
      import_lag_p95_ms: importLag,
      loop_lag_ms: lag,
      low_stock: updates.filter(
        (u) => u.available <= (previous.get(u.variant_id)?.buffer_override ?? u.buffer_computed)
      ).length,
    })
  }
  return runs
}
