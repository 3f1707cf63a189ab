import { Badge } from "@medusajs/ui"
import { formatDuration } from "../../../lib/format"
import type { StockPublication } from "./types"

export const BufferSourceBadge = ({ source }: { source: StockPublication["buffer_source"] }) => (
  <Badge size="2xsmall" color={source === "override" ? "purple" : "grey"}>
    {source}
  </Badge>
)

const velocity = (perHour: number | null | undefined) => {
  const v = Number(perHour ?? 0)
  return `${v.toFixed(v < 10 ? 2 : 1)} sold/h`
}

/**
 * The computed buffer's inputs in one line (see policies/stock-buffer.ts: the faster velocity of
 * the hour and the short window × the loop, ack lag p95 + import lag p95, plus the floor,
 * capped), so an operator can tell why it holds back what it does.
 */
export const bufferInputs = (row: StockPublication) =>
  `max(${velocity(row.velocity_per_hour)} hour, ${velocity(row.velocity_short_per_hour)} short) × ` +
  `(ack lag p95 ${formatDuration(row.lag_p95_ms)} + import lag p95 ${formatDuration(row.import_lag_p95_ms)}) ` +
  `→ computed ${row.buffer_computed}`
