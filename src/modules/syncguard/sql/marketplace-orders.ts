import { generateEntityId } from "@medusajs/framework/utils"
import { placeholders, Sql } from "./db"

const T = "syncguard_marketplace_order"

export type MarketplaceOrderRow = {
  id: string
  connector: string
  remote_order_id: string
  status: "claimed" | "created" | "rejected" | "canceled"
  medusa_order_id: string | null
  claim_owner: string | null
  attempts: number
  last_error: string | null
  oversold_units: number
  cancellation_confirmed_at: Date | null
}

export type MarketplaceClaim =
  /** ours to create: `takeover` when a dead worker's claim expired (it may have created the order) */
  | { claimed: true; takeover: boolean; row: MarketplaceOrderRow }
  /** someone else has it, or it is done */
  | { claimed: false; row: MarketplaceOrderRow }

/**
 * Claims a marketplace order for creation. The unique (connector, remote order id) insert is
 * the dedupe: whoever inserts first owns it; everyone else finds the row. A claim whose lease
 * expired (its worker crashed) can be taken over.
 */
export async function claimOrder(
  db: Sql,
  input: { connector: string; remoteOrderId: string; owner: string; leaseMs: number; changedAt: Date | null }
): Promise<MarketplaceClaim> {
  const inserted = (await db.execute(
    `INSERT INTO ${T} (id, connector, remote_order_id, status, claim_owner, claim_expires_at, attempts, remote_changed_at,
                       created_at, updated_at)
     VALUES (?, ?, ?, 'claimed', ?, now() + (? * interval '1 millisecond'), 1, ?, now(), now())
     ON CONFLICT (connector, remote_order_id) WHERE deleted_at IS NULL DO NOTHING
     RETURNING *`,
    [
      generateEntityId(undefined, "sgmpo"),
      input.connector,
      input.remoteOrderId,
      input.owner,
      input.leaseMs,
      input.changedAt,
    ]
  )) as MarketplaceOrderRow[]
  if (inserted.length) return { claimed: true, takeover: false, row: inserted[0] }
  const taken = (await db.execute(
    `UPDATE ${T} SET claim_owner = ?, claim_expires_at = now() + (? * interval '1 millisecond'),
            attempts = attempts + 1, updated_at = now()
      WHERE connector = ? AND remote_order_id = ? AND deleted_at IS NULL
        AND status = 'claimed' AND claim_expires_at < now()
      RETURNING *`,
    [input.owner, input.leaseMs, input.connector, input.remoteOrderId]
  )) as MarketplaceOrderRow[]
  if (taken.length) return { claimed: true, takeover: true, row: taken[0] }
  const [row] = (await db.execute(
    `SELECT * FROM ${T} WHERE connector = ? AND remote_order_id = ? AND deleted_at IS NULL`,
    [input.connector, input.remoteOrderId]
  )) as MarketplaceOrderRow[]
  return { claimed: false, row }
}

/** Ends a claim (fenced: only its owner can). */
export async function finishOrder(
  db: Sql,
  input: {
    id: string
    owner: string
    status: "created" | "rejected"
    medusaOrderId: string | null
    error: string | null
    oversoldUnits: number
    /** when the buyer placed it; with now, the import lag the stock buffer is sized from */
    placedAt: Date | null
  }
): Promise<boolean> {
  const rows = (await db.execute(
    `UPDATE ${T} SET status = ?, medusa_order_id = ?, last_error = ?, oversold_units = ?, claim_owner = NULL,
            claim_expires_at = NULL, placed_at = COALESCE(?, placed_at), settled_at = COALESCE(settled_at, now()),
            updated_at = now()
      WHERE id = ? AND claim_owner = ? AND status = 'claimed' RETURNING id`,
    [input.status, input.medusaOrderId, input.error, input.oversoldUnits, input.placedAt, input.id, input.owner]
  )) as unknown[]
  return rows.length > 0
}

/**
 * The order's stock is reserved in Medusa (its Medusa order is created next): the moment the
 * storefront can no longer sell its units, which the import lag is measured to. Extends the
 * claim for the creation; false when another worker has taken it over.
 */
export async function markReserved(
  db: Sql,
  input: { id: string; owner: string; placedAt: Date | null; leaseMs: number }
): Promise<boolean> {
  const rows = (await db.execute(
    `UPDATE ${T} SET placed_at = COALESCE(?, placed_at), settled_at = COALESCE(settled_at, now()),
            claim_expires_at = now() + (? * interval '1 millisecond'), updated_at = now()
      WHERE id = ? AND claim_owner = ? AND status = 'claimed' RETURNING id`,
    [input.placedAt, input.leaseMs, input.id, input.owner]
  )) as unknown[]
  return rows.length > 0
}

/** The marketplace confirmed the out-of-stock cancellation of an order we could not cover. */
export async function confirmCancellation(db: Sql, id: string): Promise<void> {
  await db.execute(
    `UPDATE ${T} SET cancellation_confirmed_at = now(), updated_at = now()
      WHERE id = ? AND status = 'rejected' AND cancellation_confirmed_at IS NULL`,
    [id]
  )
}

/**
 * The out-of-stock cancellation was not confirmed: the order goes back to be claimed by the next
 * poll, which covers it from stock if some was freed meanwhile, or cancels it again.
 */
export async function reopenOrder(db: Sql, id: string, error: string): Promise<void> {
  await db.execute(
    `UPDATE ${T} SET status = 'claimed', claim_owner = NULL, claim_expires_at = now(), oversold_units = 0,
            settled_at = NULL, last_error = ?, updated_at = now()
      WHERE id = ? AND status = 'rejected' AND cancellation_confirmed_at IS NULL`,
    [error, id]
  )
}

/**
 * A marketplace sale → its reservation in Medusa (or its cancellation as oversold), p95 over
 * the window: the marketplace half of the stock buffer's loop. Null before any was measured.
 */
export async function importLagP95(db: Sql, connector: string, windowMs: number): Promise<number | null> {
  const [row] = (await db.execute(
    `SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY GREATEST(0, EXTRACT(EPOCH FROM (settled_at - placed_at)) * 1000)) AS p95
       FROM ${T}
      WHERE connector = ? AND placed_at IS NOT NULL AND settled_at IS NOT NULL AND deleted_at IS NULL
        AND settled_at > now() - (? * interval '1 millisecond')`,
    [connector, windowMs]
  )) as Array<{ p95: number | null }>
  return row?.p95 === null || row?.p95 === undefined ? null : Math.round(Number(row.p95))
}

/** Gives a claim back after a transient failure: the next poll tries again. */
export async function releaseOrder(db: Sql, input: { id: string; owner: string; error: string }): Promise<void> {
  await db.execute(
    `UPDATE ${T} SET claim_expires_at = now(), last_error = ?, updated_at = now()
      WHERE id = ? AND claim_owner = ? AND status = 'claimed'`,
    [input.error, input.id, input.owner]
  )
}

/** The buyer's cancellation was applied in Medusa and confirmed on the marketplace. */
export async function markCanceled(db: Sql, id: string): Promise<boolean> {
  const rows = (await db.execute(
    `UPDATE ${T} SET status = 'canceled', cancellation_confirmed_at = now(), updated_at = now()
      WHERE id = ? AND status IN ('created', 'rejected') RETURNING id`,
    [id]
  )) as unknown[]
  return rows.length > 0
}

/**
 * Of these marketplace order ids, those already settled here (created, rejected or cancelled) or
 * claimed by a live claim: a poll re-reads its whole overlapping window and leaves them alone
 * without a claim each.
 */
export async function settledOrClaimed(db: Sql, connector: string, remoteOrderIds: string[]): Promise<Set<string>> {
  if (!remoteOrderIds.length) return new Set()
  const rows = (await db.execute(
    `SELECT remote_order_id FROM ${T}
      WHERE connector = ? AND remote_order_id IN (${placeholders(remoteOrderIds)}) AND deleted_at IS NULL
        AND (status <> 'claimed' OR claim_expires_at >= now())`,
    [connector, ...remoteOrderIds]
  )) as Array<{ remote_order_id: string }>
  return new Set(rows.map((r) => r.remote_order_id))
}

export async function findOrder(
  db: Sql,
  connector: string,
  remoteOrderId: string
): Promise<MarketplaceOrderRow | null> {
  const [row] = (await db.execute(
    `SELECT * FROM ${T} WHERE connector = ? AND remote_order_id = ? AND deleted_at IS NULL`,
    [connector, remoteOrderId]
  )) as MarketplaceOrderRow[]
  return row ?? null
}
