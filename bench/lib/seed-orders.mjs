// Seeds orders straight into Medusa's order-module tables with SQL, for benchmarks that need far
// more orders than the workflows could create in reasonable time (100,000 in a few seconds, where
// createOrderWorkflow takes minutes). Run it after `medusa db:migrate` (bench/lib/app.mjs bootApp).
//
// Each order n (1..N) gets, all generated inside Postgres (generate_series, one statement per
// batch, the five inserts as data-modifying CTEs so every FK holds at the statement's end):
//   "order"          id order_bench_<n, 6 digits>, status pending, version 1, currency eur, not a
//                    draft, no region / sales channel / customer / addresses, display_id from the
//                    table's sequence, metadata { bench: "reconcile", n }
//   order_line_item  1 to 3 of them (ordli_bench_<n>_<j>): a title, SKU, unit_price in steps of 0.25
//                    (5.00 to 54.75) with its raw_unit_price, no shipping needed
//   order_item       one per line item (orditem_bench_<n>_<j>): order_id, version 1, item_id,
//                    quantity 1 to 3, every other quantity 0, each with its raw_* twin
//   order_summary    ordsum_bench_<n>, version 1, totals as Medusa writes them for an unpaid order:
//                    current/original/accounting total = Σ unit_price × quantity, pending_difference
//                    the same, paid/refunded/transaction/credit-line totals 0, each with raw_*
// Timestamps: updated_at spread over the last 30 days, with ties on purpose (what keyset paging
// must get right): every 97th order shares one instant (about 1,000 rows at 100,000, more than
// a page), and the rest come in runs of 3 consecutive orders with the same instant; microsecond
// precision, as `now()` gives in Postgres. created_at is up to a day before updated_at.
import pg from "pg"

export const ORDER_ID_PREFIX = "order_bench_"
export const orderId = (n) => `${ORDER_ID_PREFIX}${String(n).padStart(6, "0")}`

const raw = (expr) => `jsonb_build_object('value', (${expr})::text, 'precision', 20)`
const RAW_ZERO = `'{"value": "0", "precision": 20}'::jsonb`

/** The totals jsonb of order_summary for an unpaid order of `t` (a numeric expression). */
function summaryTotals(t) {
  const zero = ["paid_total", "refunded_total", "transaction_total", "credit_line_total"]
  const total = ["current_order_total", "original_order_total", "accounting_total", "pending_difference"]
  const pairs = [
    ...total.flatMap((k) => [`'${k}', ${t}`, `'raw_${k}', ${raw(t)}`]),
    ...zero.flatMap((k) => [`'${k}', 0`, `'raw_${k}', ${RAW_ZERO}`]),
  ]
  return `jsonb_build_object(${pairs.join(", ")})`
}

// $1, $2: the batch's first and last n; $3: the anchor instant (the newest updated_at)
const BATCH_SQL = `
WITH g AS (
  SELECT n,
         '${ORDER_ID_PREFIX}' || lpad(n::text, 6, '0') AS id,
         1 + ((n * 7919) % 3) AS k,
         CASE WHEN n % 97 = 0 THEN $3::timestamptz
              ELSE $3::timestamptz - (((n / 3) * 7919) % 2592000) * interval '1 second'
                                   - (((n / 3) * 104729) % 1000000) * interval '1 microsecond'
         END AS ts
    FROM generate_series($1::bigint, $2::bigint) AS n
),
li AS (
  SELECT g.n, g.id AS order_id, g.ts, j,
         'ordli_bench_' || lpad(g.n::text, 6, '0') || '_' || j AS li_id,
         'orditem_bench_' || lpad(g.n::text, 6, '0') || '_' || j AS oi_id,
         5 + ((g.n * 31 + j * 17) % 200) * 0.25 AS unit_price,
         1 + ((g.n + j) % 3) AS qty
    FROM g CROSS JOIN LATERAL generate_series(1, g.k) AS j
),
sums AS (SELECT n, sum(unit_price * qty) AS total FROM li GROUP BY n),
ins_order AS (
  INSERT INTO "order" (id, version, status, is_draft_order, email, currency_code, no_notification, metadata,
                       created_at, updated_at)
  SELECT id, 1, 'pending', false, 'bench+' || n || '@syncguard.local', 'eur', true,
         jsonb_build_object('bench', 'reconcile', 'n', n),
         ts - ((n * 131) % 86400) * interval '1 second', ts
    FROM g
  RETURNING 1
),
ins_line AS (
  INSERT INTO order_line_item (id, title, product_title, variant_title, variant_sku, requires_shipping,
                               is_discountable, is_tax_inclusive, is_custom_price, is_giftcard, unit_price,
                               raw_unit_price, created_at, updated_at)
  SELECT li_id, 'Bench item ' || ((n * 31 + j * 17) % 200), 'Bench product', 'Standard',
         'BENCH-' || ((n * 31 + j * 17) % 200), false, true, false, false, false, unit_price,
         ${raw("unit_price")}, ts, ts
    FROM li
  RETURNING 1
),
ins_item AS (
  INSERT INTO order_item (id, order_id, version, item_id, quantity, raw_quantity, fulfilled_quantity,
                          shipped_quantity, return_requested_quantity, return_received_quantity,
                          return_dismissed_quantity, written_off_quantity, delivered_quantity, created_at, updated_at)
  SELECT oi_id, order_id, 1, li_id, qty, ${raw("qty")}, 0, 0, 0, 0, 0, 0, 0, ts, ts
    FROM li
  RETURNING 1
),
ins_summary AS (
  INSERT INTO order_summary (id, order_id, version, totals, created_at, updated_at)
  SELECT 'ordsum_bench_' || lpad(g.n::text, 6, '0'), g.id, 1, ${summaryTotals("s.total")}, g.ts, g.ts
    FROM g JOIN sums s USING (n)
  RETURNING 1
)
SELECT (SELECT count(*) FROM ins_order)::int AS orders,
       (SELECT count(*) FROM ins_line)::int AS line_items,
       (SELECT count(*) FROM ins_item)::int AS items,
       (SELECT count(*) FROM ins_summary)::int AS summaries`

/**
 * Inserts orders 1..n in batches (each its own statement and transaction), then ANALYZEs the
 * tables, as a database that has held them a while would have statistics.
 * @param {string} databaseUrl
 * @param {{ n: number, batch?: number, anchor?: Date, onBatch?: (done: number) => void }} opts
 *   anchor: the newest updated_at (default: a minute ago, to the millisecond)
 * @returns {Promise<{ orders: number, lineItems: number, items: number, summaries: number, ms: number }>}
 */
export async function seedOrdersSql(databaseUrl, { n, batch = 10_000, anchor, onBatch } = {}) {
  const started = Date.now()
  const at = anchor ?? new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000)
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  const out = { orders: 0, lineItems: 0, items: 0, summaries: 0 }
  try {
    // the planner guesses millions of rows from the set-returning functions and would spend more
    // time JIT-compiling each batch than running it
    await db.query("SET jit = off")
    for (let from = 1; from <= n; from += batch) {
      const to = Math.min(n, from + batch - 1)
      const { rows } = await db.query(BATCH_SQL, [from, to, at.toISOString()])
      out.orders += rows[0].orders
      out.lineItems += rows[0].line_items
      out.items += rows[0].items
      out.summaries += rows[0].summaries
      onBatch?.(to)
    }
    await db.query(`ANALYZE "order", order_summary, order_item, order_line_item`)
  } finally {
    await db.end()
  }
  return { ...out, ms: Date.now() - started }
}

/**
 * What reconciliation compares, read as it reads it: every live, non-draft order with its current
 * version's total and item count, in id order.
 * @param {string} databaseUrl
 * @returns {Promise<Array<{ id: string, status: string, updated_at: Date, currency_code: string, total: string, item_count: number }>>}
 */
export async function readOrders(databaseUrl, { prefix = ORDER_ID_PREFIX } = {}) {
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  try {
    const { rows } = await db.query(
      `select o.id, o.status, o.updated_at, o.currency_code,
              coalesce((s.totals->'raw_current_order_total'->>'value'), s.totals->>'current_order_total')::numeric as total,
              (select count(*) from order_item i
                where i.order_id = o.id and i.version = o.version and i.deleted_at is null)::int as item_count
         from "order" o
         left join order_summary s on s.order_id = o.id and s.version = o.version and s.deleted_at is null
        where o.deleted_at is null and o.is_draft_order = false and o.id like $1
        order by o.id`,
      [`${prefix}%`]
    )
    return rows
  } finally {
    await db.end()
  }
}
