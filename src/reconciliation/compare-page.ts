import type { RemoteRecord } from "../modules/syncguard/connectors/contract"
import { compareRecord, FieldRule, RemoteFacts } from "../modules/syncguard/policies/drift"
import type { FindingInput, StagedRecord } from "../modules/syncguard/sql/reconciliation"
import { Keyset, KeysetRow, keysetPages } from "./keyset"
import type { RunContext } from "./run-context"

/**
 * The walk orders and customers share: the remote's change feed staged, then our records changed
 * in the window a keyset page at a time, each page compared. Returns the newest change compared
 * (where the next run's cursor goes), or null when there was none.
 */
export async function compareWindow<T extends KeysetRow>(
  ctx: RunContext,
  entityType: "order" | "customer",
  readPage: (window: RunContext["window"], after: Keyset, limit: number) => Promise<T[]>,
  rules: FieldRule[]
): Promise<string | null> {
  await stageRemoteFeed(ctx, entityType)
  let last: string | null = null
  for await (const page of keysetPages<T>(
    (after, limit) => readPage(ctx.window, after, limit),
    ctx.window.from,
    ctx.config.pageSize
  )) {
    await comparePage(ctx, entityType, page, rules)
    last = page[page.length - 1].key_at
    await ctx.progress()
  }
  return last
}

/**
 * Compares one page of our records (orders or customers) with what the remote holds for them:
 * the records its change feed staged for this run, and a lookup by reference for the rest. A
 * difference about a record whose message is still on its way is not drift yet (in_flight).
 * Also counts sent vs applied: acknowledged by the remote, confirmed present, records it holds.
 */
export async function comparePage(
  ctx: RunContext,
  entityType: "order" | "customer",
  page: Array<{ id: string } & Record<string, unknown>>,
  rules: FieldRule[]
): Promise<void> {
  const ids = page.map((r) => r.id)
  const remotes = new Map<string, RemoteFacts[]>(ids.map((id) => [id, []]))
  const staged: StagedRecord[] = hasFeed(ctx, entityType) ? await ctx.syncguard.takeStagedRecords(ctx.run.id, ids) : []
  for (const s of staged) remotes.get(s.reference)?.push({ remoteId: s.remote_id, fields: s.fields ?? {} })
  const fresh = new Set(ids.filter((id) => !remotes.get(id)!.length))
  await lookUp(ctx, entityType, [...fresh], remotes)
  // the feed was read before this page: a record that changed on either side since (a message
  // delivered meanwhile, a record that moved to a later page and was read twice) is looked up
  // again before it is reported
  const doubted = page.filter((r) => !fresh.has(r.id) && compareRecord(r, remotes.get(r.id)!, rules).length)
  await lookUp(
    ctx,
    entityType,
    doubted.map((r) => r.id),
    remotes
  )

  const outbox = await ctx.syncguard.outboxFacts(ctx.run.connector, entityType, ids)
  const findings: FindingInput[] = []
  for (const record of page) {
    const theirs = remotes.get(record.id) ?? []
    const facts = outbox.get(record.id)
    ctx.counts.checked++
    if (facts?.sent) ctx.counts.sent++
    if (facts?.acknowledged) ctx.counts.acknowledged++
    if (theirs.length) ctx.counts.confirmed++
    ctx.counts.remote_records += theirs.length
    const verdicts = compareRecord(record, theirs, rules)
    if (!verdicts.length) continue
    if (facts?.unfinished && verdicts.every((v) => v.kind !== "duplicated")) {
      ctx.counts.in_flight++
      continue
    }
    for (const v of verdicts) {
      findings.push({
        kind: v.kind,
        entity_id: record.id,
        remote_id: v.remoteId,
        field: v.field,
        ours: v.ours,
        theirs: v.theirs,
      })
    }
  }
  await ctx.report(findings)
}

/** Replaces what is known of these references with the remote's answer now (each remote record once). */
async function lookUp(
  ctx: RunContext,
  entityType: string,
  references: string[],
  remotes: Map<string, RemoteFacts[]>
): Promise<void> {
  if (!references.length) return
  const found: Map<string, RemoteRecord[]> = await ctx.connector.lookups!.findByReference(entityType, references)
  for (const reference of references) {
    const byId = new Map<string, RemoteFacts>()
    for (const r of found.get(reference) ?? []) byId.set(r.remoteId, { remoteId: r.remoteId, fields: r.fields })
    remotes.set(reference, [...byId.values()])
  }
}

/**
 * Reads the remote's change feed since the window's start into the run's staging table, a page at
 * a time (its own cursor). A cursor that comes back again ends the walk rather than loop.
 */
export async function stageRemoteFeed(ctx: RunContext, entityType: string): Promise<void> {
  const feed = ctx.connector.lookups?.changedSince
  if (!feed || !hasFeed(ctx, entityType)) return
  const seen = new Set<string>()
  let cursor: string | null = null
  do {
    const page = await feed.call(ctx.connector.lookups, entityType, ctx.window.from, cursor, ctx.config.pageSize)
    await ctx.syncguard.stageRemoteRecords(
      ctx.run.id,
      page.records.map((r) => ({ reference: r.reference, remote_id: r.remoteId, fields: r.fields }))
    )
    await ctx.progress()
    cursor = page.nextCursor
    if (cursor && seen.has(cursor)) break
    if (cursor) seen.add(cursor)
  } while (cursor)
}

/** Whether the connector's remote lists changes of this type (otherwise: lookups by reference only). */
export function hasFeed(ctx: Pick<RunContext, "connector">, entityType: string): boolean {
  const lookups = ctx.connector.lookups
  return !!lookups?.changedSince && !!lookups.feedTypes?.includes(entityType)
}
