import { ORDER_FIELDS } from "../modules/syncguard/policies/drift"
import type { FindingInput } from "../modules/syncguard/sql/reconciliation"
import { compareWindow, hasFeed } from "./compare-page"
import { existingOrderIds, readOrderPage } from "./medusa-orders"
import type { RunContext, RunOutcome } from "./run-context"

/**
 * Orders changed in the window against the remote: missing (enqueued through the outbox with the
 * create's own key, so it can never double), mismatched status / total / line count, one order
 * held twice by the remote, and remote orders naming no Medusa order (orphans, where the remote
 * has a change feed to find them in).
 */
export async function reconcileOrders(ctx: RunContext): Promise<RunOutcome> {
  const last = await compareWindow(
    ctx,
    "order",
    (window, after, limit) => readOrderPage(ctx.container, window, after, limit),
    ORDER_FIELDS
  )
  if (hasFeed(ctx, "order")) await reportOrphans(ctx)
  // the next run starts at the newest change compared here (minus its lookback); nothing compared:
  // where this one started, so an idle store does not widen every later window
  return { cursorAfter: last ?? ctx.run.cursor_before ?? ctx.window.from }
}

async function reportOrphans(ctx: RunContext): Promise<void> {
  let after: string | null = null
  for (;;) {
    const page = await ctx.syncguard.unmatchedStagedRecords(ctx.run.id, after, ctx.config.pageSize)
    if (!page.length) return
    after = page[page.length - 1].id
    const known = await existingOrderIds(ctx.container, [...new Set(page.map((r) => r.reference))])
    const orphans: FindingInput[] = page
      .filter((r) => !known.has(r.reference))
      .map((r) => ({
        kind: "orphaned",
        entity_id: r.reference,
        remote_id: r.remote_id,
        field: null,
        ours: null,
        theirs: r.fields,
      }))
    await ctx.report(orphans)
    await ctx.progress()
  }
}
