import { generateEntityId } from "@medusajs/framework/utils"
import { placeholders, Sql } from "./db"
import { DriftKind, FindingStatus, RunStatus, sqlList, ACTIONABLE_FINDING_STATUSES } from "../reconciliation/states"
import { OutboxStatus } from "../outbox/states"

const RUN = "syncguard_reconciliation_run"
const FINDING = "syncguard_drift_finding"
const STAGED = "syncguard_reconciliation_remote_record"
const OUTBOX = "syncguard_outbox_message"

export const RUN_COUNTS = [
  "checked",
  "missing",
  "mismatched",
  "duplicated",
  "orphaned",
  "repaired",
  "in_flight",
  "sent",
  "acknowledged",
  "confirmed",
  "remote_records",
] as const
export type RunCounts = Record<(typeof RUN_COUNTS)[number], number>

export type ReconciliationRunRow = RunCounts & {
  id: string
  connector: string
  entity_type: string
  dry_run: boolean
  trigger: "schedule" | "admin"
  status: RunStatus
  window_from: Date | null
  window_to: Date | null
  cursor_before: Date | null
  cursor_after: Date | null
  started_at: Date
  heartbeat_at: Date
  finished_at: Date | null
  error: string | null
  started_by: string | null
}

export type DriftFindingRow = {
  id: string
  run_id: string
  connector: string
  entity_type: string
  kind: DriftKind
  entity_id: string
  remote_id: string | null
  field: string | null
  ours: unknown
  theirs: unknown
  status: FindingStatus
  repair: string | null
  repaired_by: string | null
  repaired_at: Date | null
  created_at: Date
}

export type FindingInput = Pick<DriftFindingRow, "kind" | "entity_id" | "remote_id" | "field" | "ours" | "theirs">

export type StagedRecord = { reference: string; remote_id: string; fields: Record<string, unknown> }

const RUN_COLUMNS = `id, connector, entity_type, dry_run, trigger, status, window_from, window_to, cursor_before,
  cursor_after, ${RUN_COUNTS.join(", ")}, started_at, heartbeat_at, finished_at, error, started_by`

const FINDING_COLUMNS = `id, run_id, connector, entity_type, kind, entity_id, remote_id, field, ours, theirs, status,
  repair, repaired_by, repaired_at, created_at`

const toInt = <T extends Record<string, unknown>>(row: T): T => {
  for (const c of RUN_COUNTS) if (c in row) (row as Record<string, unknown>)[c] = Number(row[c] ?? 0)
  return row
}

/**
 * Starts a run, unless one for the same connector and entity type is running: then null. The
 * partial unique index on running_key decides between workers that got here at once.
 */
export async function startRun(
  db: Sql,
  input: Pick<
    ReconciliationRunRow,
    "connector" | "entity_type" | "dry_run" | "trigger" | "cursor_before" | "window_from" | "window_to" | "started_by"
  >
): Promise<ReconciliationRunRow | null> {
  const rows = (await db.execute(
    `INSERT INTO ${RUN} (id, connector, entity_type, dry_run, trigger, status, window_from, window_to, cursor_before,
                         started_at, heartbeat_at, started_by, running_key, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, '${RunStatus.RUNNING}', ?, ?, ?, now(), now(), ?, ?, now(), now())
     ON CONFLICT (running_key) WHERE running_key IS NOT NULL AND deleted_at IS NULL DO NOTHING
     RETURNING ${RUN_COLUMNS}`,
    [
      generateEntityId(undefined, "sgrr"),
      input.connector,
      input.entity_type,
      input.dry_run,
      input.trigger,
      input.window_from,
      input.window_to,
      input.cursor_before,
      input.started_by,
      JSON.stringify([input.connector, input.entity_type]),
    ]
  )) as ReconciliationRunRow[]
  return rows[0] ? toInt(rows[0]) : null
}

/** The run holding the slot for this connector and entity type, if any. */
export async function runningRun(db: Sql, connector: string, entityType: string): Promise<ReconciliationRunRow | null> {
  const rows = (await db.execute(`SELECT ${RUN_COLUMNS} FROM ${RUN} WHERE running_key = ? AND deleted_at IS NULL`, [
    JSON.stringify([connector, entityType]),
  ])) as ReconciliationRunRow[]
  return rows[0] ? toInt(rows[0]) : null
}

/** Runs whose worker stopped beating are abandoned (their window is redone: the cursor never moved). */
export async function abandonStaleRuns(db: Sql, staleMs: number): Promise<string[]> {
  const rows = (await db.execute(
    `UPDATE ${RUN} SET status = '${RunStatus.ABANDONED}', running_key = NULL, finished_at = now(), updated_at = now(),
            error = 'no heartbeat for ' || ?::int / 1000 || ' s: the worker running it stopped'
     WHERE running_key IS NOT NULL AND deleted_at IS NULL AND heartbeat_at < now() - (?::int * interval '1 millisecond')
     RETURNING id`,
    [staleMs, staleMs]
  )) as Array<{ id: string }>
  if (rows.length) {
    await db.execute(
      `DELETE FROM ${STAGED} WHERE run_id IN (${placeholders(rows)})`,
      rows.map((r) => r.id)
    )
  }
  return rows.map((r) => r.id)
}

/** A heartbeat with the counts so far; false when the run is no longer this worker's (abandoned meanwhile). */
export async function beatRun(db: Sql, id: string, counts: Partial<RunCounts>): Promise<boolean> {
  const sets = Object.keys(counts).filter((c) => (RUN_COUNTS as readonly string[]).includes(c))
  const rows = (await db.execute(
    `UPDATE ${RUN} SET heartbeat_at = now(), updated_at = now()${sets.map((c) => `, ${c} = ?`).join("")}
     WHERE id = ? AND running_key IS NOT NULL RETURNING id`,
    [...sets.map((c) => counts[c as keyof RunCounts]), id]
  )) as unknown[]
  return rows.length > 0
}

/** Ends a run; its staged remote records go. Only a completed run moves the cursor (cursor_after). */
export async function finishRun(
  db: Sql,
  id: string,
  end: {
    status: RunStatus
    counts: Partial<RunCounts>
    cursor_after: Date | string | null
    window_to?: Date | null
    error?: string | null
  }
): Promise<ReconciliationRunRow | null> {
  const sets = Object.keys(end.counts).filter((c) => (RUN_COUNTS as readonly string[]).includes(c))
  const rows = (await db.execute(
    `UPDATE ${RUN} SET status = ?, running_key = NULL, finished_at = now(), heartbeat_at = now(), updated_at = now(),
            cursor_after = ?::timestamptz, error = ?, window_to = COALESCE(?::timestamptz, window_to)${sets.map((c) => `, ${c} = ?`).join("")}
     WHERE id = ? AND running_key IS NOT NULL RETURNING ${RUN_COLUMNS}`,
    [
      end.status,
      end.cursor_after,
      end.error ?? null,
      end.window_to ?? null,
      ...sets.map((c) => end.counts[c as keyof RunCounts]),
      id,
    ]
  )) as ReconciliationRunRow[]
  await db.execute(`DELETE FROM ${STAGED} WHERE run_id = ?`, [id])
  return rows[0] ? toInt(rows[0]) : null
}

/** Where the next run starts: the cursor of the last completed run that was not a dry run. */
export async function lastCursor(db: Sql, connector: string, entityType: string): Promise<Date | null> {
  const rows = (await db.execute(
    `SELECT cursor_after FROM ${RUN}
     WHERE connector = ? AND entity_type = ? AND status = '${RunStatus.COMPLETED}' AND dry_run = false
       AND deleted_at IS NULL AND cursor_after IS NOT NULL
     ORDER BY finished_at DESC LIMIT 1`,
    [connector, entityType]
  )) as Array<{ cursor_after: Date }>
  return rows[0]?.cursor_after ?? null
}

/** When a run of this connector and entity type last started (any trigger): the schedule's clock, shared by workers. */
export async function lastStartedAt(db: Sql, connector: string, entityType: string): Promise<Date | null> {
  const rows = (await db.execute(
    `SELECT max(started_at) AS at FROM ${RUN} WHERE connector = ? AND entity_type = ? AND dry_run = false AND deleted_at IS NULL`,
    [connector, entityType]
  )) as Array<{ at: Date | null }>
  return rows[0]?.at ?? null
}

export type RunFilter = { connector?: string; entity_type?: string; status?: string; limit: number; offset: number }

export async function listRuns(db: Sql, f: RunFilter): Promise<{ rows: ReconciliationRunRow[]; count: number }> {
  const where = ["deleted_at IS NULL"]
  const params: unknown[] = []
  for (const key of ["connector", "entity_type", "status"] as const) {
    if (f[key]) {
      where.push(`${key} = ?`)
      params.push(f[key])
    }
  }
  const rows = (await db.execute(
    `SELECT ${RUN_COLUMNS}, count(*) OVER () AS total FROM ${RUN} WHERE ${where.join(" AND ")}
     ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?`,
    [...params, f.limit, f.offset]
  )) as Array<ReconciliationRunRow & { total: string }>
  const count = rows.length
    ? Number(rows[0].total)
    : Number(
        (
          (await db.execute(`SELECT count(*) AS n FROM ${RUN} WHERE ${where.join(" AND ")}`, params)) as Array<{
            n: string
          }>
        )[0].n
      )
  return { rows: rows.map(({ total: _t, ...r }) => toInt(r as ReconciliationRunRow)), count }
}

export async function getRun(db: Sql, id: string): Promise<ReconciliationRunRow | null> {
  const rows = (await db.execute(`SELECT ${RUN_COLUMNS} FROM ${RUN} WHERE id = ? AND deleted_at IS NULL`, [
    id,
  ])) as ReconciliationRunRow[]
  return rows[0] ? toInt(rows[0]) : null
}

/** The last completed run per connector and entity type (health's "sent vs applied"). */
export async function latestCompletedRuns(db: Sql): Promise<ReconciliationRunRow[]> {
  const rows = (await db.execute(
    `SELECT DISTINCT ON (connector, entity_type) ${RUN_COLUMNS} FROM ${RUN}
     WHERE status = '${RunStatus.COMPLETED}' AND deleted_at IS NULL
     ORDER BY connector, entity_type, finished_at DESC`
  )) as ReconciliationRunRow[]
  return rows.map(toInt)
}

/** The last finished run (whatever its end) per connector and entity type: health reports one that failed. */
export async function latestFinishedRuns(db: Sql): Promise<ReconciliationRunRow[]> {
  const rows = (await db.execute(
    `SELECT DISTINCT ON (connector, entity_type) ${RUN_COLUMNS} FROM ${RUN}
     WHERE running_key IS NULL AND finished_at IS NOT NULL AND deleted_at IS NULL
     ORDER BY connector, entity_type, finished_at DESC`
  )) as ReconciliationRunRow[]
  return rows.map(toInt)
}

/**
 * Records a run's findings. The same finding still actionable from an earlier run (same connector,
 * entity, kind and field) is superseded: the newest run's finding is the one to act on.
 */
export async function insertFindings(
  db: Sql,
  run: Pick<ReconciliationRunRow, "id" | "connector" | "entity_type">,
  findings: FindingInput[]
): Promise<DriftFindingRow[]> {
  if (!findings.length) return []
  const params: unknown[] = []
  const values = findings.map((f) => {
    params.push(
      generateEntityId(undefined, "sgdf"),
      run.id,
      run.connector,
      run.entity_type,
      f.kind,
      f.entity_id,
      f.remote_id,
      f.field,
      JSON.stringify(f.ours ?? null),
      JSON.stringify(f.theirs ?? null)
    )
    return `(?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, '${FindingStatus.OPEN}', now(), now())`
  })
  const rows = (await db.execute(
    `INSERT INTO ${FINDING} (id, run_id, connector, entity_type, kind, entity_id, remote_id, field, ours, theirs, status,
                             created_at, updated_at)
     VALUES ${values.join(", ")} RETURNING ${FINDING_COLUMNS}`,
    params
  )) as DriftFindingRow[]
  await db.execute(
    `UPDATE ${FINDING} f SET status = '${FindingStatus.SUPERSEDED}', updated_at = now()
     FROM jsonb_to_recordset(?::jsonb) AS n(entity_id text, kind text, field text)
     WHERE f.connector = ? AND f.entity_type = ? AND f.run_id <> ? AND f.deleted_at IS NULL
       AND f.status IN (${sqlList(ACTIONABLE_FINDING_STATUSES)})
       AND f.entity_id = n.entity_id AND f.kind = n.kind AND COALESCE(f.field, '') = n.field`,
    [
      JSON.stringify(findings.map((f) => ({ entity_id: f.entity_id, kind: f.kind, field: f.field ?? "" }))),
      run.connector,
      run.entity_type,
      run.id,
    ]
  )
  return rows
}

export type FindingFilter = {
  run_id?: string
  kind?: string
  status?: string
  connector?: string
  entity_type?: string
  entity_id?: string
  limit: number
  offset: number
}

export async function listFindings(db: Sql, f: FindingFilter): Promise<{ rows: DriftFindingRow[]; count: number }> {
  const where = ["deleted_at IS NULL"]
  const params: unknown[] = []
  for (const key of ["run_id", "kind", "status", "connector", "entity_type", "entity_id"] as const) {
    if (f[key]) {
      where.push(`${key} = ?`)
      params.push(f[key])
    }
  }
  const clause = where.join(" AND ")
  const rows = (await db.execute(
    `SELECT ${FINDING_COLUMNS} FROM ${FINDING} WHERE ${clause} ORDER BY created_at, id LIMIT ? OFFSET ?`,
    [...params, f.limit, f.offset]
  )) as DriftFindingRow[]
  const [{ n }] = (await db.execute(`SELECT count(*) AS n FROM ${FINDING} WHERE ${clause}`, params)) as Array<{
    n: string
  }>
  return { rows, count: Number(n) }
}

export async function getFinding(db: Sql, id: string): Promise<DriftFindingRow | null> {
  const rows = (await db.execute(`SELECT ${FINDING_COLUMNS} FROM ${FINDING} WHERE id = ? AND deleted_at IS NULL`, [
    id,
  ])) as DriftFindingRow[]
  return rows[0] ?? null
}

/**
 * Records the outcome of a repair or a dismissal, only while the finding is actionable: a second
 * decision on the same finding changes nothing (null).
 */
export async function settleFinding(
  db: Sql,
  id: string,
  outcome: { status: FindingStatus; repair: string; by: string | null }
): Promise<DriftFindingRow | null> {
  const rows = (await db.execute(
    `UPDATE ${FINDING} SET status = ?, repair = ?, repaired_by = ?, repaired_at = now(), updated_at = now()
     WHERE id = ? AND deleted_at IS NULL AND status IN (${sqlList(ACTIONABLE_FINDING_STATUSES)})
     RETURNING ${FINDING_COLUMNS}`,
    [outcome.status, outcome.repair, outcome.by, id]
  )) as DriftFindingRow[]
  return rows[0] ?? null
}

/** One more repaired finding on its run's count. */
export async function countRepair(db: Sql, runId: string): Promise<void> {
  await db.execute(`UPDATE ${RUN} SET repaired = repaired + 1, updated_at = now() WHERE id = ?`, [runId])
}

// ---- the remote side, staged for a run ----

export async function stageRemoteRecords(db: Sql, runId: string, records: StagedRecord[]): Promise<void> {
  if (!records.length) return
  await db.execute(
    `INSERT INTO ${STAGED} (id, run_id, reference, remote_id, fields, matched, created_at, updated_at)
     SELECT 'sgrx_' || md5(random()::text || clock_timestamp()::text || r.reference || r.remote_id), ?, r.reference, r.remote_id, r.fields, false, now(), now()
     FROM jsonb_to_recordset(?::jsonb) AS r(reference text, remote_id text, fields jsonb)`,
    [runId, JSON.stringify(records)]
  )
}

/** The staged records naming these references, marked as matched (what is left unmatched may be orphans). */
export async function takeStagedRecords(db: Sql, runId: string, references: string[]): Promise<StagedRecord[]> {
  if (!references.length) return []
  return (await db.execute(
    `UPDATE ${STAGED} SET matched = true WHERE run_id = ? AND reference IN (SELECT jsonb_array_elements_text(?::jsonb))
     RETURNING reference, remote_id, fields`,
    [runId, JSON.stringify(references)]
  )) as StagedRecord[]
}

/** Unmatched staged records, a page at a time (keyset on id). */
export async function unmatchedStagedRecords(
  db: Sql,
  runId: string,
  afterId: string | null,
  limit: number
): Promise<Array<StagedRecord & { id: string }>> {
  return (await db.execute(
    `SELECT id, reference, remote_id, fields FROM ${STAGED}
     WHERE run_id = ? AND matched = false AND (?::text IS NULL OR id > ?) ORDER BY id LIMIT ?`,
    [runId, afterId, afterId, limit]
  )) as Array<StagedRecord & { id: string }>
}

// ---- what the outbox knows about the records a run checks ----

export type OutboxFacts = {
  entity_id: string
  acknowledged: boolean
  sent: boolean
  unfinished: boolean
  dead: boolean
}

/**
 * Per entity: whether a message about it is still on its way (then a difference is not drift
 * yet), whether one was sent and whether the remote acknowledged one.
 */
export async function outboxFacts(
  db: Sql,
  connector: string,
  entityType: string,
  entityIds: string[]
): Promise<Map<string, OutboxFacts>> {
  const facts = new Map<string, OutboxFacts>()
  if (!entityIds.length) return facts
  const rows = (await db.execute(
    `SELECT entity_id,
            bool_or(status = '${OutboxStatus.DELIVERED}') AS acknowledged,
            bool_or(attempts > 0 OR status = '${OutboxStatus.DELIVERED}') AS sent,
            bool_or(status NOT IN ('${OutboxStatus.DELIVERED}', '${OutboxStatus.DEAD}')) AS unfinished,
            bool_or(status = '${OutboxStatus.DEAD}') AS dead
     FROM ${OUTBOX}
     WHERE connector = ? AND entity_type = ? AND entity_id IN (SELECT jsonb_array_elements_text(?::jsonb)) AND deleted_at IS NULL
     GROUP BY entity_id`,
    [connector, entityType, JSON.stringify(entityIds)]
  )) as OutboxFacts[]
  for (const row of rows) facts.set(row.entity_id, row)
  return facts
}

/** The outbox messages about one entity on one connector, newest first (what a repair must not double). */
export async function messagesAbout(
  db: Sql,
  connector: string,
  entityType: string,
  entityId: string
): Promise<Array<{ id: string; operation: string; status: OutboxStatus; idempotency_key: string }>> {
  return (await db.execute(
    `SELECT id, operation, status, idempotency_key FROM ${OUTBOX}
     WHERE connector = ? AND entity_type = ? AND entity_id = ? AND deleted_at IS NULL ORDER BY created_at DESC`,
    [connector, entityType, entityId]
  )) as Array<{ id: string; operation: string; status: OutboxStatus; idempotency_key: string }>
}

/** Actionable findings per connector and entity type (health). */
export async function openFindingCounts(
  db: Sql
): Promise<Array<{ connector: string; entity_type: string; n: number }>> {
  const rows = (await db.execute(
    `SELECT connector, entity_type, count(*) AS n FROM ${FINDING}
     WHERE status IN (${sqlList(ACTIONABLE_FINDING_STATUSES)}) AND deleted_at IS NULL GROUP BY connector, entity_type`
  )) as Array<{ connector: string; entity_type: string; n: string }>
  return rows.map((r) => ({ ...r, n: Number(r.n) }))
}

/**
 * Deletes finished runs older than the cutoff with their findings, except the run that holds a
 * cursor (the last completed real run per connector and entity type: deleting it would send the
 * next run back to the initial window) and runs with findings still waiting for a decision.
 */
export async function purgeOldRuns(db: Sql, olderThanMs: number): Promise<number> {
  const rows = (await db.execute(
    `WITH cursors AS (
       SELECT DISTINCT ON (connector, entity_type) id FROM ${RUN}
       WHERE status = '${RunStatus.COMPLETED}' AND dry_run = false AND deleted_at IS NULL
       ORDER BY connector, entity_type, finished_at DESC
     ), old AS (
       SELECT r.id FROM ${RUN} r
       WHERE r.running_key IS NULL AND r.finished_at < now() - (?::bigint * interval '1 millisecond')
         AND r.id NOT IN (SELECT id FROM cursors)
         AND NOT EXISTS (SELECT 1 FROM ${FINDING} f WHERE f.run_id = r.id
                         AND f.status IN (${sqlList(ACTIONABLE_FINDING_STATUSES)}))
     ), gone AS (DELETE FROM ${FINDING} WHERE run_id IN (SELECT id FROM old))
     DELETE FROM ${RUN} WHERE id IN (SELECT id FROM old) RETURNING id`,
    [olderThanMs]
  )) as unknown[]
  return rows.length
}
