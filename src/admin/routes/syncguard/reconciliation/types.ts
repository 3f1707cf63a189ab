import type { Paged } from "../../../lib/paging"

/**
 * The reconciliation API's shapes as the admin reads them (src/modules/syncguard/sql/reconciliation-runs.ts
 * and drift-findings.ts); dates arrive as ISO strings.
 */
export const ENTITY_TYPES = ["order", "inventory", "customer"] as const
export type EntityType = (typeof ENTITY_TYPES)[number]

export const DRIFT_KINDS = ["missing", "mismatched", "duplicated", "orphaned"] as const
export type DriftKind = (typeof DRIFT_KINDS)[number]

export const RUN_STATUSES = ["running", "completed", "failed", "abandoned"] as const
export type RunStatus = (typeof RUN_STATUSES)[number]

export type FindingStatus = "open" | "repaired" | "repair_failed" | "dismissed" | "superseded"

export type ReconciliationRun = {
  id: string
  connector: string
  entity_type: EntityType
  dry_run: boolean
  trigger: "schedule" | "admin"
  status: RunStatus
  window_from: string | null
  window_to: string | null
  cursor_before: string | null
  cursor_after: string | null
  checked: number
  missing: number
  mismatched: number
  duplicated: number
  orphaned: number
  repaired: number
  in_flight: number
  sent: number
  acknowledged: number
  confirmed: number
  remote_records: number
  started_at: string
  heartbeat_at: string
  finished_at: string | null
  error: string | null
  started_by: string | null
}

export type DriftFinding = {
  id: string
  run_id: string
  connector: string
  entity_type: EntityType
  kind: DriftKind
  entity_id: string
  remote_id: string | null
  field: string | null
  ours: unknown
  theirs: unknown
  status: FindingStatus
  repair: string | null
  repaired_by: string | null
  repaired_at: string | null
  created_at: string
}

export type RunList = Paged<"runs", ReconciliationRun>
export type RunDetail = { run: ReconciliationRun; findings: DriftFinding[]; count: number }
export type FindingList = Paged<"findings", DriftFinding>

export type RepairOutcome = { id: string; finding: DriftFinding | null; error?: string; status?: number }
export type RepairKindResult = { repaired: number; failed: number; not_repairable: number; results: RepairOutcome[] }

/** Findings that still call for a decision (states.ts ACTIONABLE_FINDING_STATUSES). */
export const isActionable = (status: FindingStatus) => status === "open" || status === "repair_failed"

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`

/** How long a run took, or has been going. */
export const runDurationMs = (run: ReconciliationRun, now = Date.now()) =>
  (run.finished_at ? new Date(run.finished_at).getTime() : now) - new Date(run.started_at).getTime()
