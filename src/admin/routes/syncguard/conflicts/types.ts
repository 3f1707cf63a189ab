import type { Paged } from "../../../lib/paging"

/** The statuses GET /admin/syncguard/conflicts filters by (conflicts/validators.ts). */
export const CONFLICT_STATUSES = ["open", "accepted", "kept"] as const
export type ConflictStatus = (typeof CONFLICT_STATUSES)[number]

/** A FieldConflict row as the admin API returns it (dates as ISO strings). */
export type FieldConflict = {
  id: string
  entity_type: string
  entity_id: string
  field: string
  region: string | null
  incoming_value: unknown
  current_value: unknown
  owner: string
  sender: string
  event_id: string
  /** "ownership" (the map) or "promotion" (an open price list window) */
  reason: string
  status: ConflictStatus
  occurrences: number
  decided_by: string | null
  decided_at: string | null
  resent: boolean
  created_at: string
  updated_at: string
}

export type ConflictList = Paged<"conflicts", FieldConflict>

export type ResolveBody = { resolution: "accept_incoming" | "keep_ours"; resend?: boolean }
