import { generateEntityId } from "@medusajs/framework/utils"
import { OUTBOX, placeholders, Sql } from "./db"

const T = "syncguard_stock_publication"

export type StockPublicationRow = {
  connector: string
  variant_id: string
  sku: string | null
  available: number
  velocity_per_hour: number
  velocity_short_per_hour: number
  lag_p95_ms: number | null
  import_lag_p95_ms: number | null
  buffer_computed: number
  buffer_override: number | null
  buffer: number
  low_stock: boolean
  computed_at: Date | null
  sending_amount: number | null
  published_amount: number | null
  published_at: Date | null
}

/**
 * Per connector and variant: the buffer and its inputs (the buffer job), the amount a message
 * is sending, the amount the marketplace acknowledged. One row each, upserted.
 */

/**
 * Per variant: the buffer in effect (override, else computed), the amount last acknowledged, and
 * the amount the last attempt sent.
 */
export async function publicationsFor(
  db: Sql,
  connector: string,
  variantIds: string[]
): Promise<Map<string, { buffer: number; published: number | null; attempted: number | null }>> {
  if (!variantIds.length) return new Map()
  const rows = (await db.execute(
    `SELECT variant_id, COALESCE(buffer_override, buffer_computed) AS buffer, published_amount, attempted_amount FROM ${T}
      WHERE connector = ? AND variant_id IN (${placeholders(variantIds)}) AND deleted_at IS NULL`,
    [connector, ...variantIds]
  )) as Array<{ variant_id: string; buffer: number; published_amount: number | null; attempted_amount: number | null }>
  const n = (v: number | null) => (v === null ? null : Number(v))
  return new Map(
    rows.map((r) => [
      r.variant_id,
      { buffer: Number(r.buffer), published: n(r.published_amount), attempted: n(r.attempted_amount) },
    ])
  )
}

/** What the message about to go will send (set when its state is loaded). */
export async function recordSending(
  db: Sql,
  connector: string,
  rows: Array<{ variant_id: string; sku: string | null; available: number; buffer: number; amount: number }>
): Promise<void> {
  for (const r of rows) {
    await db.execute(
      `INSERT INTO ${T} (id, connector, variant_id, sku, available, buffer, low_stock, sending_amount, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, now(), now())
       ON CONFLICT (connector, variant_id) WHERE deleted_at IS NULL DO UPDATE SET
         sku = EXCLUDED.sku, available = EXCLUDED.available, buffer = EXCLUDED.buffer,
         low_stock = EXCLUDED.low_stock, sending_amount = EXCLUDED.sending_amount, updated_at = now()`,
      [
        generateEntityId(undefined, "sgstk"),
        connector,
        r.variant_id,
        r.sku,
        r.available,
        r.buffer,
        r.available <= r.buffer,
        r.amount,
      ]
    )
  }
}

/**
 * An attempt with this variant's amount went out unanswered or failed: that amount is what a
 * lookup compares with, whatever later loads (a parked message re-reads the stock each time it
 * looks) put in sending_amount.
 */
export async function recordAttempted(db: Sql, connector: string, variantId: string): Promise<void> {
  await db.execute(
    `UPDATE ${T} SET attempted_amount = sending_amount, updated_at = now()
      WHERE connector = ? AND variant_id = ? AND deleted_at IS NULL`,
    [connector, variantId]
  )
}

/** The marketplace acknowledged the message about this variant: what it was sending is published. */
export async function recordPublished(db: Sql, connector: string, variantId: string): Promise<void> {
  await db.execute(
    `UPDATE ${T} SET published_amount = sending_amount, attempted_amount = sending_amount, published_at = now(), updated_at = now()
      WHERE connector = ? AND variant_id = ? AND deleted_at IS NULL`,
    [connector, variantId]
  )
}

export type BufferUpdate = {
  variant_id: string
  sku: string | null
  available: number
  velocity_per_hour: number
  velocity_short_per_hour: number
  lag_p95_ms: number | null
  import_lag_p95_ms: number | null
  buffer_computed: number
}

/** Stores the buffer job's result; the override, where an admin set one, stays in effect. */
export async function upsertBuffers(db: Sql, connector: string, rows: BufferUpdate[]): Promise<void> {
  for (const r of rows) {
    await db.execute(
      `INSERT INTO ${T} (id, connector, variant_id, sku, available, velocity_per_hour, velocity_short_per_hour, lag_p95_ms,
                         import_lag_p95_ms, buffer_computed, buffer, low_stock, computed_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), now(), now())
       ON CONFLICT (connector, variant_id) WHERE deleted_at IS NULL DO UPDATE SET
         sku = EXCLUDED.sku, available = EXCLUDED.available, velocity_per_hour = EXCLUDED.velocity_per_hour,
         velocity_short_per_hour = EXCLUDED.velocity_short_per_hour, lag_p95_ms = EXCLUDED.lag_p95_ms,
         import_lag_p95_ms = EXCLUDED.import_lag_p95_ms, buffer_computed = EXCLUDED.buffer_computed,
         buffer = COALESCE(${T}.buffer_override, EXCLUDED.buffer_computed),
         low_stock = EXCLUDED.available <= COALESCE(${T}.buffer_override, EXCLUDED.buffer_computed),
         computed_at = now(), updated_at = now()`,
      [
        generateEntityId(undefined, "sgstk"),
        connector,
        r.variant_id,
        r.sku,
        r.available,
        r.velocity_per_hour,
        r.velocity_short_per_hour,
        r.lag_p95_ms,
        r.import_lag_p95_ms,
        r.buffer_computed,
        r.buffer_computed,
        r.available <= r.buffer_computed,
      ]
    )
  }
}

/** Sets (a number) or clears (null) an admin's buffer for one variant. */
export async function setOverride(
  db: Sql,
  connector: string,
  variantId: string,
  override: number | null
): Promise<void> {
  await db.execute(
    `INSERT INTO ${T} (id, connector, variant_id, buffer_override, buffer, created_at, updated_at)
     VALUES (?, ?, ?, ?, COALESCE(?, 0), now(), now())
     ON CONFLICT (connector, variant_id) WHERE deleted_at IS NULL DO UPDATE SET
       buffer_override = EXCLUDED.buffer_override,
       buffer = COALESCE(EXCLUDED.buffer_override, ${T}.buffer_computed),
       low_stock = ${T}.available <= COALESCE(EXCLUDED.buffer_override, ${T}.buffer_computed),
       updated_at = now()`,
    [generateEntityId(undefined, "sgstk"), connector, variantId, override, override]
  )
}

export async function listPublications(
  db: Sql,
  filter: { connector?: string; variantIds?: string[]; lowStockOnly?: boolean; limit: number; offset: number }
): Promise<{ rows: StockPublicationRow[]; count: number }> {
  const where = ["deleted_at IS NULL"]
  const params: unknown[] = []
  if (filter.connector) {
    where.push("connector = ?")
    params.push(filter.connector)
  }
  if (filter.variantIds?.length) {
    where.push(`variant_id IN (${placeholders(filter.variantIds)})`)
    params.push(...filter.variantIds)
  }
  if (filter.lowStockOnly) where.push("low_stock = true")
  const clause = where.join(" AND ")
  const rows = (await db.execute(
    `SELECT connector, variant_id, sku, available, velocity_per_hour, velocity_short_per_hour, lag_p95_ms,
            import_lag_p95_ms, buffer_computed, buffer_override,
            COALESCE(buffer_override, buffer_computed) AS buffer, low_stock, computed_at, sending_amount,
            published_amount, published_at
       FROM ${T} WHERE ${clause} ORDER BY connector, sku NULLS LAST, variant_id LIMIT ? OFFSET ?`,
    [...params, filter.limit, filter.offset]
  )) as StockPublicationRow[]
  const [{ count }] = (await db.execute(`SELECT count(*)::int AS count FROM ${T} WHERE ${clause}`, params)) as Array<{
    count: number
  }>
  return {
    rows: rows.map((r) => ({
      ...r,
      velocity_per_hour: Number(r.velocity_per_hour),
      velocity_short_per_hour: Number(r.velocity_short_per_hour),
    })),
    count,
  }
}

/**
 * Stock sync lag per connector: from the first change a message stood for (its creation; later
 * changes joined it) to the marketplace's acknowledgement, p95 over the window.
 */
export async function stockLagP95(db: Sql, connector: string, windowMs: number): Promise<number | null> {
  const [row] = (await db.execute(
    `SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (delivered_at - created_at)) * 1000) AS p95
       FROM ${OUTBOX}
      WHERE connector = ? AND entity_type = 'stock' AND status = 'delivered' AND deleted_at IS NULL
        AND delivered_at > now() - (? * interval '1 millisecond')`,
    [connector, windowMs]
  )) as Array<{ p95: number | null }>
  return row?.p95 === null || row?.p95 === undefined ? null : Math.round(Number(row.p95))
}
