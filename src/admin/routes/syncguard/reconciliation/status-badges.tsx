import { MappedStatusBadge } from "../../../components/mapped-status-badge"
import { type BadgeColor, FINDING_COLORS, RUN_COLORS } from "../../../components/status-colors"
import type { FindingStatus, RunStatus } from "./types"

const StatusWord = ({ status, colors }: { status: string; colors: Record<string, BadgeColor> }) => (
  <MappedStatusBadge colors={colors} status={status} className="whitespace-nowrap">
    {status.replace(/_/g, " ")}
  </MappedStatusBadge>
)

export const RunStatusBadge = ({ status }: { status: RunStatus }) => <StatusWord colors={RUN_COLORS} status={status} />

export const FindingStatusBadge = ({ status }: { status: FindingStatus }) => (
  <StatusWord colors={FINDING_COLORS} status={status} />
)
