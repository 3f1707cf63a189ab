import type { ConflictStatus } from "../routes/syncguard/conflicts/types"
import { MEDUSA_OWNER } from "../routes/syncguard/ownership/types"
import type { FindingStatus, RunStatus } from "../routes/syncguard/reconciliation/types"
import type { BreakerReport, HealthStatus } from "./health/types"

/** What StatusBadge and Badge take. */
export type BadgeColor = "green" | "orange" | "red" | "blue" | "grey" | "purple"

/** A status's colour; grey for one the map does not know (a newer API than this build). */
export const colorOf = (colors: Readonly<Record<string, BadgeColor>>, status: string): BadgeColor =>
  colors[status] ?? "grey"

export const HEALTH_COLORS: Record<HealthStatus, BadgeColor> = { ok: "green", degraded: "orange", failing: "red" }

export const BREAKER_COLORS: Record<BreakerReport["state"], BadgeColor> = {
  closed: "green",
  half_open: "orange",
  open: "red",
}

/**
 * Outbox statuses (plus the order summary's `not_queued`) and attempt outcomes, coloured by what
 * they ask of an operator: red needs a replay, orange is still being retried or verified.
 */
export const MESSAGE_COLORS: Record<string, BadgeColor> = {
  delivered: "green",
  pending: "blue",
  in_flight: "blue",
  retry_scheduled: "orange",
  retry: "orange",
  unknown: "orange",
  dead: "red",
  not_queued: "grey",
}

export const CONFLICT_COLORS: Record<ConflictStatus, BadgeColor> = { open: "orange", accepted: "green", kept: "blue" }

export const RUN_COLORS: Record<RunStatus, BadgeColor> = {
  running: "blue",
  completed: "green",
  failed: "red",
  // no heartbeat: the next run compares its window again
  abandoned: "orange",
}

export const FINDING_COLORS: Record<FindingStatus, BadgeColor> = {
  open: "orange",
  repaired: "green",
  repair_failed: "red",
  dismissed: "grey",
  // a later run found the same thing: act on that one
  superseded: "purple",
}

/** Medusa's fields in blue, a connector's in purple: on conflicts and in the ownership map alike. */
export const ownerColor = (owner: string): BadgeColor => (owner === MEDUSA_OWNER ? "blue" : "purple")
