/**
 * A reconciliation run's life and a drift finding's, in one place.
 *
 *   run:      running ─► completed | failed
 *             running, no heartbeat for staleRunMs ─► abandoned (its window is redone by the next run)
 *   finding:  open ─► repaired | repair_failed | dismissed | superseded
 *             repair_failed ─► repaired | repair_failed | dismissed | superseded
 * A finding is superseded when a later run finds the same thing again (that run's finding is the
 * one to act on).
 */
export const RunStatus = Object.freeze({
  RUNNING: "running",
  COMPLETED: "completed",
  FAILED: "failed",
  ABANDONED: "abandoned",
} as const)
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus]

export const FindingStatus = Object.freeze({
  OPEN: "open",
  REPAIRED: "repaired",
  REPAIR_FAILED: "repair_failed",
  DISMISSED: "dismissed",
  SUPERSEDED: "superseded",
} as const)
export type FindingStatus = (typeof FindingStatus)[keyof typeof FindingStatus]

export const DRIFT_KINDS = ["missing", "mismatched", "duplicated", "orphaned"] as const
export type DriftKind = (typeof DRIFT_KINDS)[number]

export const RECONCILED_ENTITIES = ["order", "inventory", "customer"] as const
export type ReconciledEntity = (typeof RECONCILED_ENTITIES)[number]

/** Findings that still call for a decision (a repair or a dismissal). */
export const ACTIONABLE_FINDING_STATUSES: readonly FindingStatus[] = Object.freeze([
  FindingStatus.OPEN,
  FindingStatus.REPAIR_FAILED,
])

export function isActionable(status: string): boolean {
  return (ACTIONABLE_FINDING_STATUSES as readonly string[]).includes(status)
}

/** `'a', 'b'` for SQL `IN (...)`: fixed identifiers, never user input. */
export const sqlList = (values: readonly string[]) => values.map((s) => `'${s}'`).join(", ")
