import { ORDER_FIELDS } from "../modules/syncguard/policies/drift"
import type { FindingInput } from "../modules/syncguard/sql/reconciliation"
import { comparePage, hasFeed, stageRemoteFeed } from "./compare-page"
import { keysetPages } from "./keyset"
import { existingOrderIds, OrderFacts, readOrderPage } from "./medusa-orders"
import type { RunContext, RunOutcome } from "./run-context"

/**
 * Orders changed in the window against the remote: missing (enqueued through the outbox with the
 * create's own key, so it can never double), mismatched status / total / line count, one order
 * held twice by the remote, and remote orders naming no Medusa order (orphans, where the remote
 * has a change feed to find them in).
 */
export async function reconcileOrders(ctx: RunContext): Promise<RunOutcome> {
  await stageRemoteFeed(ctx, "order")
  let last: string | null = null
  for await (const page of keysetPages<OrderFacts>(
    (after, limit) => readOrderPage(ctx.container, ctx.window, after, limit),
    ctx.window.from,
    ctx.config.pageSize
  )) {
    await comparePage(ctx, "order", page, ORDER_FIELDS)
    last = page[page.length - 1].key_at
    await ctx.progress()
  }
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
