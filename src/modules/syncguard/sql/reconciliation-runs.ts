import { generateEntityId } from "@medusajs/framework/utils"
import { placeholders, Sql, whereEquals } from "./db"
import { ACTIONABLE_FINDING_STATUSES, RunStatus, sqlList } from "../reconciliation/states"
import { FINDING } from "./drift-findings"
import { STAGED } from "./reconciliation-staging"

/** Reconciliation runs: their running slot, heartbeats, ends, cursors, listings and retention. */

export const RUN = "syncguard_reconciliation_run"

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

const RUN_COLUMNS = `id, connector, entity_type, dry_run, trigger, status, window_from, window_to, cursor_before,
  cursor_after, ${RUN_COUNTS.join(", ")}, started_at, heartbeat_at, finished_at, error, started_by`

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
  const { where, params } = whereEquals(f, ["connector", "entity_type", "status"])
  const clause = where.join(" AND ")
  const rows = (await db.execute(
    `SELECT ${RUN_COLUMNS} FROM ${RUN} WHERE ${clause} ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?`,
    [...params, f.limit, f.offset]
  )) as ReconciliationRunRow[]
  const [{ n }] = (await db.execute(`SELECT count(*) AS n FROM ${RUN} WHERE ${clause}`, params)) as Array<{ n: string }>
  return { rows: rows.map(toInt), count: Number(n) }
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

/** One more repaired finding on its run's count. */
export async function countRepair(db: Sql, runId: string): Promise<void> {
  await db.execute(`UPDATE ${RUN} SET repaired = repaired + 1, updated_at = now() WHERE id = ?`, [runId])
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
