import { generateEntityId } from "@medusajs/framework/utils"
import { InboundStatus, InboundOutcome } from "../inbound/states"
import { placeholders, Sql } from "./db"

const T = "syncguard_inbound_event"
const OPS = "syncguard_inbound_operation"
const WM = "syncguard_inbound_watermark"
const { RECEIVED, APPLYING, APPLIED, RETRY_SCHEDULED, DEAD } = InboundStatus

export type InboundEventRow = {
  id: string
  connector: string
  event_id: string
  type: string
  payload: Record<string, unknown>
  version: string | null
  status: InboundStatus
  outcome: InboundOutcome | null
  detail: Record<string, unknown> | null
  attempts: number
  max_attempts: number
  next_attempt_at: Date
  lease_owner: string | null
  last_error: string | null
  correlation_id: string
  received_at: Date
  applied_at: Date | null
}

/**
 * Records a pushed event. The unique (connector, event id) insert is the dedupe: one statement,
 * so twenty concurrent copies of one id record it once and every other copy learns it is a duplicate.
 */
export async function recordEvent(
  db: Sql,
  e: {
    connector: string
    eventId: string
    type: string
    payload: Record<string, unknown>
    version: number | null
    maxAttempts: number
    correlationId: string
  }
): Promise<{ id: string; duplicate: boolean }> {
  // one statement, no transaction around it: the acknowledgement waits for this and nothing else
  const rows = (await db.execute(
    `WITH inserted AS (
       INSERT INTO ${T} (id, connector, event_id, type, payload, version, status, attempts, max_attempts, next_attempt_at,
                         correlation_id, received_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?::jsonb, ?, '${RECEIVED}', 0, ?, now(), ?, now(), now(), now())
       ON CONFLICT (connector, event_id) WHERE deleted_at IS NULL DO NOTHING
       RETURNING id)
     SELECT id, false AS duplicate FROM inserted
     UNION ALL
     SELECT id, true AS duplicate FROM ${T}
      WHERE connector = ? AND event_id = ? AND deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM inserted)`,
    [
      generateEntityId(undefined, "sgin"),
      e.connector,
      e.eventId,
      e.type,
      JSON.stringify(e.payload),
      e.version === null ? null : String(e.version),
      e.maxAttempts,
      e.correlationId,
      e.connector,
      e.eventId,
    ]
  )) as Array<{ id: string; duplicate: boolean }>
  if (rows.length) return rows[0]
  // a concurrent copy committed after this statement's snapshot: it exists, read it now
  const [existing] = (await db.execute(
    `SELECT id FROM ${T} WHERE connector = ? AND event_id = ? AND deleted_at IS NULL`,
    [e.connector, e.eventId]
  )) as Array<{ id: string }>
  return { id: existing?.id ?? "", duplicate: true }
}

/** Leases due events (new, retry due, or a crashed worker's) to `owner`, oldest first. */
export async function claimDueEvents(
  db: Sql,
  input: { owner: string; limit: number; leaseMs: number; ids?: string[] }
): Promise<InboundEventRow[]> {
  const params: unknown[] = []
  let filter = ""
  if (input.ids) {
    if (!input.ids.length) return []
    filter = `AND e.id IN (${placeholders(input.ids)})`
    params.push(...input.ids)
  }
  return (await db.execute(
    `WITH picked AS (
       SELECT e.id FROM ${T} e
        WHERE e.deleted_at IS NULL
          AND ((e.status IN ('${RECEIVED}', '${RETRY_SCHEDULED}') AND e.next_attempt_at <= now())
               OR (e.status = '${APPLYING}' AND e.lease_expires_at < now()))
          ${filter}
        ORDER BY e.next_attempt_at, e.received_at
        LIMIT ?
        FOR UPDATE SKIP LOCKED)
     UPDATE ${T} AS t
        SET status = '${APPLYING}', lease_owner = ?, lease_expires_at = now() + (? * interval '1 millisecond'),
            attempts = t.attempts + 1, updated_at = now()
       FROM picked WHERE t.id = picked.id
     RETURNING t.*`,
    [...params, input.limit, input.owner, input.leaseMs]
  )) as InboundEventRow[]
}

/** Ends an attempt (fenced: only the lease's owner can). */
export async function finishEvent(
  db: Sql,
  input: {
    id: string
    owner: string
    status: typeof APPLIED | typeof RETRY_SCHEDULED | typeof DEAD
    outcome?: InboundOutcome | null
    detail?: Record<string, unknown> | null
    error?: string | null
    nextAttemptAt?: Date | null
  }
): Promise<boolean> {
  const rows = (await db.execute(
    `UPDATE ${T} SET status = ?, outcome = ?, detail = ?::jsonb, last_error = ?,
            next_attempt_at = COALESCE(?, next_attempt_at), lease_owner = NULL, lease_expires_at = NULL,
            applied_at = CASE WHEN ? = '${APPLIED}' THEN now() ELSE applied_at END, updated_at = now()
      WHERE id = ? AND lease_owner = ? AND status = '${APPLYING}' RETURNING id`,
    [
      input.status,
      input.outcome ?? null,
      input.detail ? JSON.stringify(input.detail) : null,
      input.error ?? null,
      input.nextAttemptAt ?? null,
      input.status,
      input.id,
      input.owner,
    ]
  )) as unknown[]
  return rows.length > 0
}

export type InboundEventFilter = {
  connector?: string
  status?: string[]
  type?: string
  limit: number
  offset: number
}

export async function listEvents(db: Sql, f: InboundEventFilter): Promise<{ rows: InboundEventRow[]; count: number }> {
  const where = ["deleted_at IS NULL"]
  const params: unknown[] = []
  if (f.connector) {
    where.push("connector = ?")
    params.push(f.connector)
  }
  if (f.status?.length) {
    where.push(`status IN (${placeholders(f.status)})`)
    params.push(...f.status)
  }
  if (f.type) {
    where.push("type = ?")
    params.push(f.type)
  }
  const rows = (await db.execute(
    `SELECT *, count(*) OVER () AS total FROM ${T} WHERE ${where.join(" AND ")}
      ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?`,
    [...params, f.limit, f.offset]
  )) as Array<InboundEventRow & { total: string }>
  const count = rows.length ? Number(rows[0].total) : 0
  return { rows: rows.map(({ total: _t, ...r }) => r as InboundEventRow), count }
}

/** Dead events back to `received` with a fresh attempt budget. */
export async function replayDeadEvents(db: Sql, filter: { ids?: string[]; connector?: string }): Promise<string[]> {
  const where = [`status = '${DEAD}'`, "deleted_at IS NULL"]
  const params: unknown[] = []
  if (filter.ids) {
    if (!filter.ids.length) return []
    where.push(`id IN (${placeholders(filter.ids)})`)
    params.push(...filter.ids)
  }
  if (filter.connector) {
    where.push("connector = ?")
    params.push(filter.connector)
  }
  const rows = (await db.execute(
    `UPDATE ${T} SET status = '${RECEIVED}', attempts = 0, next_attempt_at = now(), last_error = NULL, updated_at = now()
      WHERE ${where.join(" AND ")} RETURNING id`,
    params
  )) as Array<{ id: string }>
  return rows.map((r) => r.id)
}

export async function countEventsByStatus(db: Sql): Promise<Record<string, Record<string, number>>> {
  const rows = (await db.execute(
    `SELECT connector, status, count(*)::int AS n FROM ${T} WHERE deleted_at IS NULL GROUP BY connector, status`
  )) as Array<{ connector: string; status: string; n: number }>
  const out: Record<string, Record<string, number>> = {}
  for (const r of rows) (out[r.connector] ??= {})[r.status] = r.n
  return out
}

// ---- watermarks: the newest change applied per sender and subject ----

export async function watermark(db: Sql, connector: string, subject: string): Promise<number | null> {
  const [row] = (await db.execute(
    `SELECT version FROM ${WM} WHERE connector = ? AND subject = ? AND deleted_at IS NULL`,
    [connector, subject]
  )) as Array<{ version: string }>
  return row ? Number(row.version) : null
}

/** Moves the watermark forward (never back: a racing older write loses). */
export async function advanceWatermark(
  db: Sql,
  input: { connector: string; subject: string; version: number; eventId: string }
): Promise<void> {
  await db.execute(
    `INSERT INTO ${WM} (id, connector, subject, version, event_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, now(), now())
     ON CONFLICT (connector, subject) WHERE deleted_at IS NULL
     DO UPDATE SET version = EXCLUDED.version, event_id = EXCLUDED.event_id, updated_at = now()
      WHERE ${WM}.version::numeric < EXCLUDED.version::numeric`,
    [generateEntityId(undefined, "sgwm"), input.connector, input.subject, String(input.version), input.eventId]
  )
}

// ---- the operations ledger: deltas applied once per operation id ----

export type OperationRow = {
  id: string
  operation_id: string
  subject: string
  delta: number
  version: string | null
  status: "applying" | "applied"
  stocked_before: number | null
  event_id: string
  updated_at: Date
}

/** Claims an operation; `null` when it is already in the ledger (its row is returned instead). */
export async function beginOperation(
  db: Sql,
  input: {
    connector: string
    operationId: string
    subject: string
    delta: number
    version: number | null
    stockedBefore: number
    eventId: string
  }
): Promise<{ fresh: boolean; row: OperationRow }> {
  const inserted = (await db.execute(
    `INSERT INTO ${OPS} (id, connector, operation_id, subject, delta, version, status, stocked_before, event_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'applying', ?, ?, now(), now())
     ON CONFLICT (connector, operation_id) WHERE deleted_at IS NULL DO NOTHING RETURNING *`,
    [
      generateEntityId(undefined, "sgop"),
      input.connector,
      input.operationId,
      input.subject,
      input.delta,
      input.version === null ? null : String(input.version),
      input.stockedBefore,
      input.eventId,
    ]
  )) as OperationRow[]
  if (inserted.length) return { fresh: true, row: inserted[0] }
  const [row] = (await db.execute(
    `SELECT * FROM ${OPS} WHERE connector = ? AND operation_id = ? AND deleted_at IS NULL`,
    [input.connector, input.operationId]
  )) as OperationRow[]
  return { fresh: false, row }
}

export async function settleOperation(db: Sql, id: string, status: "applied" | "abandoned"): Promise<void> {
  if (status === "applied") {
    await db.execute(`UPDATE ${OPS} SET status = 'applied', updated_at = now() WHERE id = ?`, [id])
  } else {
    // never applied: gone from the ledger, so the operation can be applied when it comes again
    await db.execute(`DELETE FROM ${OPS} WHERE id = ?`, [id])
  }
}

/** The applied deltas of one subject that carry a version (a later set must keep the newer ones). */
export async function numberedOperations(db: Sql, connector: string, subject: string): Promise<OperationRow[]> {
  return (await db.execute(
    `SELECT * FROM ${OPS} WHERE connector = ? AND subject = ? AND status = 'applied' AND version IS NOT NULL
        AND deleted_at IS NULL`,
    [connector, subject]
  )) as OperationRow[]
}

/**
 * Deletes applied events past their retention. Their effects stay guarded without them: a
 * re-delivered delta finds its operation id in the ledger, an old absolute value is below its
 * subject's watermark (both kept).
 */
export async function purgeAppliedEvents(db: Sql, olderThanMs: number): Promise<number> {
  const rows = (await db.execute(
    `DELETE FROM ${T} WHERE status = '${APPLIED}' AND applied_at < now() - (? * interval '1 millisecond') RETURNING id`,
    [olderThanMs]
  )) as unknown[]
  return rows.length
}
