import type { BreakerReport, HealthStatus } from "./types"

export type BadgeColor = "green" | "orange" | "red" | "blue" | "grey" | "purple"

export const STATUS_COLOR: Record<HealthStatus, BadgeColor> = { ok: "green", degraded: "orange", failing: "red" }

export const BREAKER_COLOR: Record<BreakerReport["state"], BadgeColor> = {
  closed: "green",
  half_open: "orange",
  open: "red",
}

export const statusColor = (status: string): BadgeColor => STATUS_COLOR[status as HealthStatus] ?? "grey"
