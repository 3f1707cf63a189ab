import { OutboxStatus } from "../outbox/states"
import { OUTBOX as T, placeholders, Sql } from "./db"

/**
 * Which dead letters an admin means: the same filter lists them and replays them, so "replay all
 * matching" touches exactly what the table showed.
 */
export type DeadLetterFilter = {
  ids?: string[]
  connector?: string
  operation?: string
  entity_type?: string
  /** the error class of the message's last attempt (timeout, http_4xx, …) */
  error_class?: string
  error_contains?: string
  created_after?: Date
  created_before?: Date
  limit?: number
}

export type DeadLetterRow = {
  id: string
  connector: string
  operation: string
  entity_type: string
  entity_id: string
  attempts: number
  last_error: string | null
  last_http_status: number | null
  error_class: string | null
  created_at: Date
  updated_at: Date
}

/** The last attempt's error class, joined once per message. */
const LAST_ATTEMPT = `LEFT JOIN LATERAL (
    SELECT a.error_class FROM syncguard_delivery_attempt a
     WHERE a.message_id = m.id AND a.deleted_at IS NULL ORDER BY a.attempt_number DESC LIMIT 1
  ) last ON true`

/** `FROM … WHERE …` of the dead letters a filter selects, with its parameters (alias m). */
export function deadLetterSelection(filter: DeadLetterFilter): { from: string; params: unknown[] } | null {
  const where: string[] = [`m.status = '${OutboxStatus.DEAD}'`, "m.deleted_at IS NULL"]
  const params: unknown[] = []
  const add = (sql: string, value: unknown) => {
    where.push(sql)
    params.push(value)
  }
  if (filter.ids) {
    if (!filter.ids.length) return null
    where.push(`m.id IN (${placeholders(filter.ids)})`)
    params.push(...filter.ids)
  }
  if (filter.connector) add("m.connector = ?", filter.connector)
  if (filter.operation) add("m.operation = ?", filter.operation)
  if (filter.entity_type) add("m.entity_type = ?", filter.entity_type)
  if (filter.error_class) add("last.error_class = ?", filter.error_class)
  if (filter.error_contains) add("m.last_error ILIKE ?", `%${filter.error_contains.replace(/[%_\\]/g, "\\$&")}%`)
  if (filter.created_after) add("m.created_at >= ?", filter.created_after)
  if (filter.created_before) add("m.created_at < ?", filter.created_before)
  return { from: `FROM ${T} m ${LAST_ATTEMPT} WHERE ${where.join(" AND ")}`, params }
}

/** A page of dead letters, newest first, with the total and the values each filter can take. */
export async function listDeadLetters(
  db: Sql,
  filter: DeadLetterFilter,
  page: { limit: number; offset: number }
): Promise<{
  rows: DeadLetterRow[]
  count: number
  facets: { connectors: string[]; entity_types: string[]; error_classes: string[] }
}> {
  const selection = deadLetterSelection(filter)
  const all = deadLetterSelection({})!
  const [rows, counted, facets] = await Promise.all([
    selection
      ? db.execute(
          `SELECT m.id, m.connector, m.operation, m.entity_type, m.entity_id, m.attempts, m.last_error,
                  m.last_http_status, last.error_class, m.created_at, m.updated_at
             ${selection.from} ORDER BY m.created_at DESC, m.id DESC LIMIT ? OFFSET ?`,
          [...selection.params, page.limit, page.offset]
        )
      : [],
    selection ? db.execute(`SELECT count(*)::int AS n ${selection.from}`, selection.params) : [{ n: 0 }],
    db.execute(
      `SELECT array_agg(DISTINCT m.connector) AS connectors, array_agg(DISTINCT m.entity_type) AS entity_types,
              array_remove(array_agg(DISTINCT last.error_class), NULL) AS error_classes
         ${all.from}`,
      all.params
    ),
  ])
  const f = facets[0] ?? {}
  return {
    rows,
    count: counted[0]?.n ?? 0,
    facets: {
      connectors: f.connectors ?? [],
      entity_types: f.entity_types ?? [],
      error_classes: f.error_classes ?? [],
    },
  }
}
