import { generateEntityId } from "@medusajs/framework/utils"
import { OutboxStatus, sqlStatuses, CLAIMABLE_STATUSES, TERMINAL_STATUSES } from "../outbox/states"
import { nextReplayKey } from "../outbox/keys"
import { deadLetterSelection, DeadLetterFilter } from "./dead-letters"
import { OUTBOX as T, placeholders, Sql } from "./db"

const CLAIMABLE = sqlStatuses(CLAIMABLE_STATUSES)
const TERMINAL = sqlStatuses(TERMINAL_STATUSES)
const { PENDING, IN_FLIGHT, DELIVERED, UNKNOWN, DEAD } = OutboxStatus

/**
 * The outbox's own statements: enqueue, claim with a lease, renew and release it, replay dead
 * letters. Every one is a single statement, safe for any number of workers at once.
 */

/** One message to enqueue, as callers describe it. */
export type EnqueueMessageInput = {
  depends_on_id?: string | null
  connector: string
  operation: string
  entity_type: string
  entity_id: string
  idempotency_key: string
  correlation_id: string
  source_changed_at?: Date | null
  /** a newer state joins an unsent older message instead of adding one (entity descriptor `coalesces`) */
  coalesces?: boolean
  /** not sent before this long from now: the rest of a burst of changes joins it meanwhile */
  delay_ms?: number
}

export type EnqueueRow = EnqueueMessageInput & { max_attempts: number }

/** A claimed row, as the claim query returns it. */
export type ClaimedMessage = Omit<
  EnqueueMessageInput,
  "source_changed_at" | "depends_on_id" | "coalesces" | "delay_ms"
> & {
  id: string
  status: OutboxStatus
  attempts: number
  max_attempts: number
  lease_owner: string
  lease_expires_at: Date
  /** The status before this claim: `unknown` or an expired `in_flight` means verify before sending. */
  prev_status: OutboxStatus
  /** For a reclaimed `in_flight`: when the crashed worker's lease ran out (its send began before). */
  prev_lease_expires_at: Date | null
  /** A lookup that finds nothing before this time does not count (the remote may still commit). */
  settle_until: Date | null
  depends_on_id: string | null
}

export type ReplayedMessage = { id: string; attempts: number; next_attempt_at: Date; idempotency_key: string }

/**
 * Inserts rows; a (connector, idempotency key) that exists is skipped. A row whose entity
 * coalesces joins an unsent (pending) message about the same entity instead: that message will
 * load the newest state when it is sent, so it only takes the newer change time. Returns the ids
 * of the rows that were new.
 */
export async function insertMessages(db: Sql, inputs: EnqueueRow[]): Promise<string[]> {
  const fresh: EnqueueRow[] = []
  for (const m of inputs) {
    if (!m.coalesces) {
      fresh.push(m)
      continue
    }
    const joined = await db.execute(
      `UPDATE ${T} SET source_changed_at = GREATEST(source_changed_at, ?), updated_at = now()
        WHERE id = (SELECT id FROM ${T} WHERE connector = ? AND entity_type = ? AND entity_id = ? AND operation = ?
                       AND status = '${PENDING}' AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 1)
         -- checked again after the row lock: a worker may have claimed (and loaded) it meanwhile,
         -- and a change joined to a message already loaded would never be sent
         AND status = '${PENDING}'
      RETURNING id`,
      [m.source_changed_at ?? null, m.connector, m.entity_type, m.entity_id, m.operation]
    )
    if (!(joined as unknown[]).length) fresh.push(m)
  }
  if (!fresh.length) {
    return []
  }
  const rows = fresh.map((m) => [
    generateEntityId(undefined, "sgmsg"),
    m.connector,
    m.operation,
    m.entity_type,
    m.entity_id,
    m.idempotency_key,
    m.correlation_id,
    m.max_attempts,
    Math.max(0, Math.round(m.delay_ms ?? 0)),
    m.source_changed_at ?? null,
    m.depends_on_id ?? null,
  ])
  const result = await db.execute(
    `INSERT INTO ${T} (id, connector, operation, entity_type, entity_id, idempotency_key, correlation_id,
       status, attempts, max_attempts, next_attempt_at, source_changed_at, depends_on_id, created_at, updated_at)
     VALUES ${rows
       .map(
         () => `(?, ?, ?, ?, ?, ?, ?, '${PENDING}', 0, ?, now() + (? * interval '1 millisecond'), ?, ?, now(), now())`
       )
       .join(", ")}
     ON CONFLICT (connector, idempotency_key) WHERE deleted_at IS NULL DO NOTHING
     RETURNING id`,
    rows.flat()
  )
  return (result as Array<{ id: string }>).map((r) => r.id)
}

/**
 * Leases up to `limit` due messages to `owner`. SKIP LOCKED lets any number of workers claim
 * side by side without ever sharing a message; the lease lets another worker take over once a
 * crashed worker's claim expires. A message waits while an older message about the same entity
 * is unfinished, so an update never overtakes its create, and while the message it depends on
 * is undelivered.
 */
export async function claimDue(
  db: Sql,
  input: {
    owner: string
    limit: number
    leaseMs: number
    ids?: string[]
    connector?: string
    excludeConnectors?: string[]
  }
): Promise<ClaimedMessage[]> {
  const filters: string[] = []
  const params: unknown[] = []
  if (input.ids) {
    if (!input.ids.length) {
      return []
    }
    filters.push(`AND m.id IN (${placeholders(input.ids)})`)
    params.push(...input.ids)
  }
  if (input.connector) {
    filters.push("AND m.connector = ?")
    params.push(input.connector)
  }
  if (input.excludeConnectors?.length) {
    filters.push(`AND m.connector NOT IN (${placeholders(input.excludeConnectors)})`)
    params.push(...input.excludeConnectors)
  }
  const rows = await db.execute(
    `WITH picked AS (
       SELECT m.id, m.status AS prev_status, m.lease_expires_at AS prev_lease_expires_at FROM ${T} m
        WHERE m.deleted_at IS NULL
          AND ((m.status IN (${CLAIMABLE}) AND m.next_attempt_at <= now())
               OR (m.status = '${IN_FLIGHT}' AND m.lease_expires_at < now()))
          ${filters.join(" ")}
          AND NOT EXISTS (
            SELECT 1 FROM ${T} o
             WHERE o.connector = m.connector AND o.entity_type = m.entity_type AND o.entity_id = m.entity_id
               AND o.deleted_at IS NULL AND o.status NOT IN (${TERMINAL})
               AND (o.created_at, o.id) < (m.created_at, m.id))
          AND (m.depends_on_id IS NULL OR EXISTS (
            SELECT 1 FROM ${T} d WHERE d.id = m.depends_on_id AND d.status = '${DELIVERED}'))
        ORDER BY m.next_attempt_at, m.created_at
        LIMIT ?
        FOR UPDATE SKIP LOCKED)
     UPDATE ${T} AS t
        SET status = '${IN_FLIGHT}', lease_owner = ?, lease_expires_at = now() + (? * interval '1 millisecond'),
            attempts = t.attempts + 1, updated_at = now()
       FROM picked
      WHERE t.id = picked.id
     RETURNING t.id, t.connector, t.operation, t.entity_type, t.entity_id, t.idempotency_key, t.correlation_id,
               t.status, t.attempts, t.max_attempts, t.lease_owner, t.lease_expires_at, t.depends_on_id,
               t.settle_until, picked.prev_status, picked.prev_lease_expires_at`,
    [...params, input.limit, input.owner, input.leaseMs]
  )
  return rows as ClaimedMessage[]
}

/** Extends a claim while the owner still holds it; false when another worker has taken over. */
export async function renewLease(db: Sql, input: { id: string; owner: string; leaseMs: number }): Promise<boolean> {
  const rows = await db.execute(
    `UPDATE ${T} SET lease_expires_at = now() + (? * interval '1 millisecond')
      WHERE id = ? AND lease_owner = ? AND status = '${IN_FLIGHT}' AND lease_expires_at > now() RETURNING id`,
    [input.leaseMs, input.id, input.owner]
  )
  return (rows as unknown[]).length > 0
}

/**
 * Gives a claim back with its attempt unspent (see outbox/states.ts releaseStatus). A settle
 * time, when given, is kept: the message is parked until then without holding a worker.
 */
export async function releaseClaim(
  db: Sql,
  input: { id: string; owner: string; nextAttemptAt: Date; status: OutboxStatus; settleUntil?: Date | null }
): Promise<boolean> {
  const rows = await db.execute(
    `UPDATE ${T} SET status = ?, attempts = GREATEST(attempts - 1, 0), next_attempt_at = ?, lease_owner = NULL,
            lease_expires_at = NULL, settle_until = COALESCE(?, settle_until), updated_at = now()
      WHERE id = ? AND lease_owner = ? AND status = '${IN_FLIGHT}' RETURNING id`,
    [input.status, input.nextAttemptAt, input.settleUntil ?? null, input.id, input.owner]
  )
  return (rows as unknown[]).length > 0
}

/** The newest unfinished message about an entity on a connector: what a dependent message waits for. */
export async function latestUnfinishedMessageId(
  db: Sql,
  connector: string,
  entityType: string,
  entityId: string
): Promise<string | null> {
  const [row] = await db.execute(
    `SELECT id FROM ${T} WHERE connector = ? AND entity_type = ? AND entity_id = ? AND deleted_at IS NULL
        AND status NOT IN (${TERMINAL}) ORDER BY created_at DESC, id DESC LIMIT 1`,
    [connector, entityType, entityId]
  )
  return row?.id ?? null
}

/**
 * Puts matching dead letters back as `unknown` with a fresh attempt budget and a new key
 * generation (outbox/keys.ts nextReplayKey). Returns the previous values for undoing.
 */
export async function replayDeadLetters(db: Sql, filter: DeadLetterFilter): Promise<ReplayedMessage[]> {
  const selection = deadLetterSelection(filter)
  if (!selection) return []
  const chosen: ReplayedMessage[] = await db.execute(
    `SELECT m.id, m.attempts, m.next_attempt_at, m.idempotency_key ${selection.from}
      ORDER BY m.created_at LIMIT ? FOR UPDATE OF m SKIP LOCKED`,
    [...selection.params, filter.limit ?? 1000]
  )
  if (!chosen.length) return []
  const keys = chosen.flatMap((c) => [c.id, nextReplayKey(c.idempotency_key)])
  await db.execute(
    `UPDATE ${T} t SET status = '${UNKNOWN}', attempts = 0, next_attempt_at = now(), updated_at = now(),
            idempotency_key = v.key
       FROM (VALUES ${chosen.map(() => "(?, ?)").join(", ")}) AS v(id, key)
      WHERE t.id = v.id`,
    keys
  )
  return chosen
}

/** Undoes a replay, for messages nobody has claimed since. */
export async function restoreDeadLetters(db: Sql, previous: ReplayedMessage[]): Promise<void> {
  for (const p of previous) {
    await db.execute(
      `UPDATE ${T} SET status = '${DEAD}', attempts = ?, next_attempt_at = ?, idempotency_key = ?, updated_at = now()
        WHERE id = ? AND status = '${UNKNOWN}' AND lease_owner IS NULL`,
      [p.attempts, p.next_attempt_at, p.idempotency_key, p.id]
    )
  }
}

/** Milliseconds until the next waiting message falls due; null when none waits. */
export async function msUntilNextDue(db: Sql, excludeConnectors: string[]): Promise<number | null> {
  const rows = await db.execute(
    `SELECT (extract(epoch FROM min(next_attempt_at) - now()) * 1000)::float AS ms FROM ${T}
      WHERE deleted_at IS NULL AND status IN (${CLAIMABLE}) AND next_attempt_at > now()
      ${excludeConnectors.length ? `AND connector NOT IN (${placeholders(excludeConnectors)})` : ""}`,
    excludeConnectors
  )
  const ms = (rows as Array<{ ms: number | null }>)[0]?.ms
  return ms === null || ms === undefined ? null : Math.max(0, Number(ms))
}

/** Rows per status, optionally for one connector. */
export async function countByStatus(db: Sql, connector?: string): Promise<Array<{ status: string; count: number }>> {
  return db.execute(
    `SELECT status, count(*)::int AS count FROM ${T} WHERE deleted_at IS NULL ${connector ? "AND connector = ?" : ""} GROUP BY status`,
    connector ? [connector] : []
  )
}

/**
 * The next unfinished message about the same entity on the same connector (it waited for this
 * one), and how long until it is due: delivering one hands the entity on to its successor at
 * once instead of leaving it to the next sweep.
 */
export async function successorOf(
  db: Sql,
  message: { id: string; connector: string; entity_type: string; entity_id: string }
): Promise<{ id: string; dueInMs: number } | null> {
  const [row] = (await db.execute(
    `SELECT id, GREATEST(0, extract(epoch FROM next_attempt_at - now()) * 1000)::float AS due_in_ms FROM ${T}
      WHERE connector = ? AND entity_type = ? AND entity_id = ? AND id <> ? AND deleted_at IS NULL
        AND status IN (${CLAIMABLE})
      ORDER BY created_at, id LIMIT 1`,
    [message.connector, message.entity_type, message.entity_id, message.id]
  )) as Array<{ id: string; due_in_ms: number }>
  return row ? { id: row.id, dueInMs: Number(row.due_in_ms) } : null
}
