import { StatusBadge } from "@medusajs/ui"
import type { ComponentPropsWithoutRef } from "react"
import { MappedStatusBadge } from "../mapped-status-badge"
import { BREAKER_COLORS } from "../status-colors"
import type { BreakerReport } from "./types"

type Props = Omit<ComponentPropsWithoutRef<typeof StatusBadge>, "color" | "children"> & {
  breaker: BreakerReport | null | undefined
}

/** "breaker closed" / "breaker half-open" / "breaker open"; no report yet means closed. */
export const BreakerBadge = ({ breaker, ...props }: Props) => {
  const state = breaker?.state ?? "closed"
  return (
    <MappedStatusBadge colors={BREAKER_COLORS} status={state} {...props}>
      breaker {state.replace("_", "-")}
    </MappedStatusBadge>
  )
}
