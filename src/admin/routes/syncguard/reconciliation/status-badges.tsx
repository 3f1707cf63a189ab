import { StatusBadge } from "@medusajs/ui"
import type { FindingStatus, RunStatus } from "./types"

type Color = "green" | "red" | "orange" | "blue" | "grey" | "purple"

const RUN_COLORS: Record<RunStatus, Color> = {
  running: "blue",
  completed: "green",
  failed: "red",
  // no heartbeat: the next run compares its window again
  abandoned: "orange",
}

const FINDING_COLORS: Record<FindingStatus, Color> = {
  open: "orange",
  repaired: "green",
  repair_failed: "red",
  dismissed: "grey",
  // a later run found the same thing: act on that one
  superseded: "purple",
}

const label = (status: string) => status.replace(/_/g, " ")

export const RunStatusBadge = ({ status }: { status: RunStatus }) => (
  <StatusBadge color={RUN_COLORS[status] ?? "grey"} className="whitespace-nowrap">
    {label(status)}
  </StatusBadge>
)

export const FindingStatusBadge = ({ status }: { status: FindingStatus }) => (
  <StatusBadge color={FINDING_COLORS[status] ?? "grey"} className="whitespace-nowrap">
    {label(status)}
  </StatusBadge>
)
