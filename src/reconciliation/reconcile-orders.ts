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

/**
 * Staged records no Medusa order of the window matched, naming no Medusa order at all. The feed
 * may have served one remote record several times (a repeated row on overlapping pages, a record
 * edited while the feed was read, even under another reference), so each candidate reference is
 * looked up again, once per run, and each remote record is reported once: one remote record is
 * one finding per run, whatever the feed did. A record that since names an order Medusa has, or
 * is gone, is no orphan.
 */
async function reportOrphans(ctx: RunContext): Promise<void> {
  const asked = new Set<string>()
  const reported = new Set<string>()
  let after: string | null = null
  for (;;) {
    const page = await ctx.syncguard.unmatchedStagedRecords(ctx.run.id, after, ctx.config.pageSize)
    if (!page.length) return
    after = page[page.length - 1].id
    const references = [...new Set(page.map((r) => r.reference))].filter((r) => !asked.has(r))
    for (const r of references) asked.add(r)
    const known = await existingOrderIds(ctx.container, references)
    const candidates = references.filter((r) => !known.has(r))
    const found = candidates.length ? await ctx.connector.lookups!.findByReference("order", candidates) : new Map()
    const orphans: FindingInput[] = []
    for (const reference of candidates) {
      for (const record of found.get(reference) ?? []) {
        if (reported.has(record.remoteId)) continue
        reported.add(record.remoteId)
        orphans.push({
          kind: "orphaned",
          entity_id: reference,
          remote_id: record.remoteId,
          field: null,
          ours: null,
          theirs: record.fields,
        })
      }
    }
    await ctx.report(orphans)
    await ctx.progress()
  }
}
