import type { MedusaContainer } from "@medusajs/framework/types"
import { Keyset, KeysetRow, medusaDb } from "./keyset"

/** An order as reconciliation compares it, in the connectors' neutral terms (policies/drift.ts). */
export type OrderFacts = KeysetRow & {
  status: string
  canceled: boolean
  total: number | null
  item_count: number
}

/**
 * One page of orders changed in the window, from Medusa's order tables in one statement. Query
 * would compute every order's totals on read; the stored summary (written by the order module
 * with each version) is what a 100 000-order store can compare every few minutes.
 */
export async function readOrderPage(
  container: Pick<MedusaContainer, "resolve">,
  window: { from: Date; to: Date },
  after: Keyset,
  limit: number
): Promise<OrderFacts[]> {
  const { rows } = await medusaDb(container).raw(
    `SELECT o.id, o.status, o.updated_at::text AS key_at,
            (SELECT coalesce(s.totals->'raw_current_order_total'->>'value', s.totals->>'current_order_total')
               FROM order_summary s WHERE s.order_id = o.id AND s.deleted_at IS NULL
               ORDER BY s.version DESC LIMIT 1) AS total,
            (SELECT count(*) FROM order_item i
               WHERE i.order_id = o.id AND i.version = o.version AND i.deleted_at IS NULL) AS item_count
     FROM "order" o
     WHERE o.deleted_at IS NULL AND o.is_draft_order = false
       AND o.updated_at >= ?::timestamptz AND o.updated_at < ?::timestamptz
       AND (o.updated_at, o.id) > (?::timestamptz, ?)
     ORDER BY o.updated_at, o.id
     LIMIT ?`,
    [window.from.toISOString(), window.to.toISOString(), after.at, after.id, limit]
  )
  return rows.map((r) => ({
    id: r.id,
    key_at: r.key_at,
    status: r.status,
    canceled: r.status === "canceled",
    total: r.total === null || r.total === undefined ? null : Number(r.total),
    item_count: Number(r.item_count),
  }))
}

/** Which of these ids are Medusa orders (a remote record naming any other is an orphan). */
export async function existingOrderIds(
  container: Pick<MedusaContainer, "resolve">,
  ids: string[]
): Promise<Set<string>> {
  if (!ids.length) return new Set()
  const { rows } = await medusaDb(container).raw(
    `SELECT id FROM "order" WHERE id IN (SELECT jsonb_array_elements_text(?::jsonb))`,
    [JSON.stringify(ids)]
  )
  return new Set(rows.map((r) => r.id as string))
}
