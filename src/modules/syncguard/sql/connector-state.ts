import { generateEntityId } from "@medusajs/framework/utils"
import { Sql } from "./db"

/**
 * State kept per connector and per customer for the invoice API and the operator: customer
 * identities, scope violations and the fail-closed switch, and the pause switch.
 */

/** Remembers which remote customer a Medusa customer is (the newest answer wins). */
export async function upsertCustomerIdentity(
  db: Sql,
  input: { connector: string; customer_id: string; remote_customer_id: string; source: "sync" | "lookup" }
): Promise<void> {
  await db.execute(
    `INSERT INTO syncguard_customer_identity (id, connector, customer_id, remote_customer_id, source, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, now(), now())
     ON CONFLICT (connector, customer_id) WHERE deleted_at IS NULL
     DO UPDATE SET remote_customer_id = EXCLUDED.remote_customer_id, source = EXCLUDED.source, updated_at = now()`,
    [generateEntityId(undefined, "sgcid"), input.connector, input.customer_id, input.remote_customer_id, input.source]
  )
}

export type ScopeViolationsInput = {
  connector: string
  customer_id: string
  query: string
  violations: Array<{ invoiceId: string; reason: string; count: number }>
  threshold: number
  windowMs: number
}

/**
 * Records violations and closes the connector's invoice API once the window's count (since the
 * last reopen) reaches the threshold. Returns the window's count and whether this call closed it.
 */
export async function recordScopeViolations(
  db: Sql,
  input: ScopeViolationsInput
): Promise<{ windowCount: number; closedNow: boolean }> {
  if (!input.violations.length) {
    return { windowCount: 0, closedNow: false }
  }
  const rows = input.violations.map((v) => [
    generateEntityId(undefined, "sgviol"),
    input.connector,
    input.customer_id,
    input.query,
    v.invoiceId,
    v.reason,
    v.count,
  ])
  await db.execute(
    `INSERT INTO syncguard_scope_violation (id, connector, customer_id, query, invoice_id, reason, count, created_at, updated_at)
     VALUES ${rows.map(() => "(?, ?, ?, ?, ?, ?, ?, now(), now())").join(", ")}`,
    rows.flat()
  )
  const [{ total }] = await db.execute(
    `SELECT COALESCE(sum(count), 0)::int AS total FROM syncguard_scope_violation
      WHERE connector = ? AND deleted_at IS NULL AND created_at > now() - (? * interval '1 millisecond')
        AND created_at > COALESCE((SELECT updated_at FROM syncguard_connector_state
                                    WHERE connector = ? AND deleted_at IS NULL AND invoices_closed_at IS NULL), 'epoch')`,
    [input.connector, input.windowMs, input.connector]
  )
  if (total < input.threshold) {
    return { windowCount: total, closedNow: false }
  }
  const closed = await db.execute(
    `INSERT INTO syncguard_connector_state (id, connector, invoices_closed_at, invoices_closed_reason, created_at, updated_at)
     VALUES (?, ?, now(), ?, now(), now())
     ON CONFLICT (connector) WHERE deleted_at IS NULL
     DO UPDATE SET invoices_closed_at = now(), invoices_closed_reason = EXCLUDED.invoices_closed_reason, updated_at = now()
       WHERE syncguard_connector_state.invoices_closed_at IS NULL
     RETURNING id`,
    [
      generateEntityId(undefined, "sgcst"),
      input.connector,
      `${total} scope violations within ${Math.round(input.windowMs / 1000)} s (threshold ${input.threshold})`,
    ]
  )
  return { windowCount: total, closedNow: (closed as unknown[]).length > 0 }
}

/** The customer's remote id and whether the invoice API is closed, in one round trip. */
export async function invoiceContext(
  db: Sql,
  connector: string,
  customerId: string
): Promise<{ remote_customer_id: string | null; closed: { closed_at: Date; reason: string | null } | null }> {
  const [row] = await db.execute(
    `SELECT (SELECT remote_customer_id FROM syncguard_customer_identity
              WHERE connector = ? AND customer_id = ? AND deleted_at IS NULL LIMIT 1) AS remote_customer_id,
            s.invoices_closed_at, s.invoices_closed_reason
       FROM (SELECT 1) one
       LEFT JOIN syncguard_connector_state s ON s.connector = ? AND s.deleted_at IS NULL`,
    [connector, customerId, connector]
  )
  return {
    remote_customer_id: row?.remote_customer_id ?? null,
    closed: row?.invoices_closed_at ? { closed_at: row.invoices_closed_at, reason: row.invoices_closed_reason } : null,
  }
}

/** Reopens a closed invoice API; violations before now no longer count. */
export async function reopenInvoices(db: Sql, connector: string): Promise<boolean> {
  const rows = await db.execute(
    `UPDATE syncguard_connector_state SET invoices_closed_at = NULL, invoices_closed_reason = NULL, updated_at = now()
      WHERE connector = ? AND deleted_at IS NULL AND invoices_closed_at IS NOT NULL RETURNING id`,
    [connector]
  )
  return (rows as unknown[]).length > 0
}

/** Pauses or resumes a connector for every worker. */
export async function setConnectorPaused(
  db: Sql,
  input: { connector: string; paused: boolean; reason?: string | null }
): Promise<void> {
  await db.execute(
    `INSERT INTO syncguard_connector_state (id, connector, paused, paused_reason, paused_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, CASE WHEN ? THEN now() END, now(), now())
     ON CONFLICT (connector) WHERE deleted_at IS NULL
     DO UPDATE SET paused = EXCLUDED.paused, paused_reason = EXCLUDED.paused_reason, paused_at = EXCLUDED.paused_at,
                   updated_at = now()`,
    [generateEntityId(undefined, "sgcst"), input.connector, input.paused, input.reason ?? null, input.paused]
  )
}
