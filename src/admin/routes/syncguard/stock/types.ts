import type { Paged } from "../../../lib/paging"

/** A row of `GET /admin/syncguard/stock`: one SKU on one marketplace connector. */
export type StockPublication = {
  connector: string
  variant_id: string
  sku: string | null
  available: number
  /** what is held back: the override when an admin set one, else the computed buffer */
  buffer: number
  buffer_source: "computed" | "override"
  buffer_computed: number
  buffer_override: number | null
  /** units sold per hour on the other channels, over the velocity window and over the short one */
  velocity_per_hour: number
  velocity_short_per_hour: number
  /** a stock change → the marketplace's acknowledgement, p95 */
  lag_p95_ms: number | null
  /** a marketplace sale → its reservation in Medusa, p95 */
  import_lag_p95_ms: number | null
  low_stock: boolean
  computed_at: string | null
  sending_amount: number | null
  published_amount: number | null
  published_at: string | null
}

export type StockList = Paged<"stock", StockPublication>

/**
 * The amount a message is sending that the marketplace has not acknowledged yet, or null.
 * sending_amount is never cleared, so it is in flight only while it differs from what was acknowledged.
 */
export function sendingAmount(row: StockPublication): number | null {
  if (row.sending_amount === null) return null
  if (row.published_at !== null && row.sending_amount === row.published_amount) return null
  return row.sending_amount
}
