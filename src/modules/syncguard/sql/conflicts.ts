import { generateEntityId } from "@medusajs/framework/utils"
import type { OwnershipRule } from "../policies/ownership"
import { placeholders, Sql, whereEquals } from "./db"

const T = "syncguard_field_conflict"
const R = "syncguard_ownership_rule"

export type ConflictStatus = "open" | "accepted" | "kept"

export type FieldConflictRow = {
  id: string
  entity_type: string
  entity_id: string
  field: string
  region: string | null
  incoming_value: unknown
  current_value: unknown
  owner: string
  sender: string
  event_id: string
  reason: "ownership" | "promotion"
  status: ConflictStatus
  occurrences: number
  decided_by: string | null
  decided_at: Date | null
  resent: boolean
  created_at: Date
  updated_at: Date
}

export type ConflictInput = Pick<
  FieldConflictRow,
  | "entity_type"
  | "entity_id"
  | "field"
  | "region"
  | "incoming_value"
  | "current_value"
  | "owner"
  | "sender"
  | "event_id"
  | "reason"
>

// JSON, not a separator character: Postgres refuses NUL in text, and ids may hold anything else
const openKey = (c: ConflictInput) => JSON.stringify([c.entity_type, c.entity_id, c.field, c.region, c.sender])

/**
 * Records a conflict, or brings the open one for the same entity, field, region and sender up to
 * date (the newest incoming value, one more occurrence). `created` says whether it is new (alert once).
 */
export async function recordConflict(db: Sql, c: ConflictInput): Promise<{ row: FieldConflictRow; created: boolean }> {
  const [row] = (await db.execute(
    `INSERT INTO ${T} (id, entity_type, entity_id, field, region, incoming_value, current_value, owner, sender, event_id,
                       reason, status, occurrences, open_key, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, 'open', 1, ?, now(), now())
     ON CONFLICT (open_key) WHERE open_key IS NOT NULL AND deleted_at IS NULL
     DO UPDATE SET incoming_value = EXCLUDED.incoming_value, current_value = EXCLUDED.current_value,
                   owner = EXCLUDED.owner, event_id = EXCLUDED.event_id, reason = EXCLUDED.reason,
                   occurrences = ${T}.occurrences + 1, updated_at = now()
     RETURNING *, (xmax = 0) AS created`,
    [
      generateEntityId(undefined, "sgfc"),
      c.entity_type,
      c.entity_id,
      c.field,
      c.region,
      JSON.stringify(c.incoming_value ?? null),
      JSON.stringify(c.current_value ?? null),
      c.owner,
      c.sender,
      c.event_id,
      c.reason,
      openKey(c),
    ]
  )) as Array<FieldConflictRow & { created: boolean }>
  const { created, ...rest } = row
  return { row: rest as FieldConflictRow, created }
}

export type ConflictFilter = {
  entity_type?: string
  entity_id?: string
  field?: string
  status?: ConflictStatus[]
  sender?: string
  limit: number
  offset: number
}

export async function listConflicts(db: Sql, f: ConflictFilter): Promise<{ rows: FieldConflictRow[]; count: number }> {
  const { where, params } = whereEquals(f, ["entity_type", "entity_id", "field", "sender"])
  if (f.status?.length) {
    where.push(`status IN (${placeholders(f.status)})`)
    params.push(...f.status)
  }
  const rows = (await db.execute(
    `SELECT *, count(*) OVER () AS total FROM ${T} WHERE ${where.join(" AND ")}
      ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?`,
    [...params, f.limit, f.offset]
  )) as Array<FieldConflictRow & { total: string }>
  return {
    rows: rows.map(({ total: _t, ...r }) => r as FieldConflictRow),
    count: rows.length ? Number(rows[0].total) : 0,
  }
}

export async function getConflict(db: Sql, id: string): Promise<FieldConflictRow | null> {
  const [row] = (await db.execute(`SELECT * FROM ${T} WHERE id = ? AND deleted_at IS NULL`, [id])) as FieldConflictRow[]
  return row ?? null
}

/** Closes an open conflict with the admin's decision; false when it was decided already (a double click). */
export async function decideConflict(
  db: Sql,
  input: { id: string; status: "accepted" | "kept"; decidedBy: string; resent: boolean }
): Promise<FieldConflictRow | null> {
  const [row] = (await db.execute(
    `UPDATE ${T} SET status = ?, decided_by = ?, decided_at = now(), resent = ?, open_key = NULL, updated_at = now()
      WHERE id = ? AND status = 'open' AND deleted_at IS NULL RETURNING *`,
    [input.status, input.decidedBy, input.resent, input.id]
  )) as FieldConflictRow[]
  return row ?? null
}

export async function countOpenConflicts(db: Sql): Promise<Record<string, number>> {
  const rows = (await db.execute(
    `SELECT sender, count(*)::int AS n FROM ${T} WHERE status = 'open' AND deleted_at IS NULL GROUP BY sender`
  )) as Array<{ sender: string; n: number }>
  return Object.fromEntries(rows.map((r) => [r.sender, r.n]))
}

// ---- runtime overrides of the ownership map ----

export type OwnershipRuleRow = OwnershipRule & { id: string; updated_by: string | null; updated_at: Date }

const ruleKey = (r: Pick<OwnershipRule, "entity_type" | "field" | "region">) =>
  JSON.stringify([r.entity_type, r.field, r.region ? r.region.toLowerCase() : null])

export async function listRules(db: Sql): Promise<OwnershipRuleRow[]> {
  return (await db.execute(
    `SELECT id, entity_type, field, region, owner, updated_by, updated_at FROM ${R} WHERE deleted_at IS NULL
      ORDER BY entity_type, field NULLS FIRST, region NULLS FIRST`
  )) as OwnershipRuleRow[]
}

export async function upsertRules(db: Sql, rules: OwnershipRule[], updatedBy: string | null): Promise<void> {
  for (const r of rules) {
    await db.execute(
      `INSERT INTO ${R} (id, entity_type, field, region, owner, rule_key, updated_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, now(), now())
       ON CONFLICT (rule_key) WHERE deleted_at IS NULL
       DO UPDATE SET owner = EXCLUDED.owner, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [
        generateEntityId(undefined, "sgown"),
        r.entity_type,
        r.field,
        r.region ? r.region.toLowerCase() : null,
        r.owner,
        ruleKey(r),
        updatedBy,
      ]
    )
  }
}

export async function deleteRule(db: Sql, id: string): Promise<boolean> {
  const rows = (await db.execute(`DELETE FROM ${R} WHERE id = ? RETURNING id`, [id])) as unknown[]
  return rows.length > 0
}
