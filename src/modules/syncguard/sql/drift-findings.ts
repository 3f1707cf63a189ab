import { generateEntityId } from "@medusajs/framework/utils"
import { Sql, whereEquals } from "./db"
import { ACTIONABLE_FINDING_STATUSES, DriftKind, FindingStatus, sqlList } from "../reconciliation/states"
import type { ReconciliationRunRow } from "./reconciliation-runs"

/** Drift findings: recorded per run (superseding the same finding of an earlier run), listed, settled. */

export const FINDING = "syncguard_drift_finding"

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

const FINDING_COLUMNS = `id, run_id, connector, entity_type, kind, entity_id, remote_id, field, ours, theirs, status,
  repair, repaired_by, repaired_at, created_at`

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
  const { where, params } = whereEquals(f, ["run_id", "kind", "status", "connector", "entity_type", "entity_id"])
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
