import { fieldDiffers } from "../modules/syncguard/policies/drift"
import { stockEntity } from "../modules/syncguard/entities/stock"
import type { FindingInput } from "../modules/syncguard/sql/reconciliation"
import { amountsToSend } from "../stock/stock-state"
import { readVariantPage, stockedFor } from "./medusa-stock"
import type { RunContext, RunOutcome } from "./run-context"

/**
 * Every managed SKU's stock against the remote's. A marketplace (a connector we publish stock to)
 * is compared on the amount it should show (available minus the buffer); an ERP on units on hand
 * over all its warehouses against Medusa's stocked units over all locations. A SKU the remote does
 * not know is left alone: not every SKU is listed everywhere. Inventory has no change cursor: every
 * run compares every SKU.
 */
export async function reconcileInventory(ctx: RunContext): Promise<RunOutcome> {
  const publishes = !!ctx.connector.outbound?.takes(stockEntity.type)
  const field = publishes ? "published_amount" : "stocked_quantity"
  let after = ""
  for (;;) {
    const page = await readVariantPage(ctx.container, after, ctx.config.pageSize)
    if (!page.length) break
    after = page[page.length - 1].id
    const ids = page.map((v) => v.id)
    const ours = publishes ? await publishedFor(ctx, ids) : await stockedFor(ctx.container, ids)
    const levels = await ctx.connector.stock!.stockLevels(page.map((v) => v.sku))
    const theirs = new Map<string, number>()
    for (const level of levels) theirs.set(level.sku, (theirs.get(level.sku) ?? 0) + level.quantity)
    const outbox = publishes ? await ctx.syncguard.outboxFacts(ctx.run.connector, stockEntity.type, ids) : new Map()
    const findings: FindingInput[] = []
    for (const variant of page) {
      const remote = theirs.get(variant.sku)
      const mine = ours.get(variant.id)
      if (remote === undefined || mine === undefined) continue
      ctx.counts.checked++
      ctx.counts.confirmed++
      ctx.counts.remote_records++
      if (!fieldDiffers({ field, as: "quantity", tolerance: ctx.config.inventoryTolerance }, mine, remote)) continue
      if (outbox.get(variant.id)?.unfinished) {
        ctx.counts.in_flight++
        continue
      }
      findings.push({
        kind: "mismatched",
        entity_id: variant.sku,
        remote_id: variant.sku,
        field,
        ours: mine,
        theirs: remote,
      })
    }
    await ctx.report(findings)
    await ctx.progress()
    if (page.length < ctx.config.pageSize) break
  }
  return { cursorAfter: null }
}

function publishedFor(ctx: RunContext, variantIds: string[]): Promise<Map<string, number>> {
  return amountsToSend(ctx.container, ctx.run.connector, variantIds)
}
