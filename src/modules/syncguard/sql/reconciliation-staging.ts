import { Sql } from "./db"
import { OutboxStatus } from "../outbox/states"

/**
 * What a run compares besides Medusa's own rows: the remote's change feed staged for the run, and
 * what the outbox knows about the records it checks.
 */

export const STAGED = "syncguard_reconciliation_remote_record"
const OUTBOX = "syncguard_outbox_message"

export type StagedRecord = { reference: string; remote_id: string; fields: Record<string, unknown> }

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
