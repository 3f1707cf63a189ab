import { StatusBadge } from "@medusajs/ui"
import type { ComponentPropsWithoutRef } from "react"

type BadgeColor = "green" | "red" | "orange" | "blue" | "grey" | "purple"

/**
 * Outbox statuses (plus the order summary's `not_queued`) and attempt outcomes, coloured by what
 * they ask of an operator: red needs a replay, orange is still being retried or verified.
 */
const COLORS: Record<string, BadgeColor> = {
  delivered: "green",
  pending: "blue",
  in_flight: "blue",
  retry_scheduled: "orange",
  retry: "orange",
  unknown: "orange",
  dead: "red",
  not_queued: "grey",
}

export const statusColor = (status: string): BadgeColor => COLORS[status] ?? "grey"

type Props = Omit<ComponentPropsWithoutRef<typeof StatusBadge>, "color"> & { status: string }

/** The raw status word unless children say otherwise: tests and logs use the same word. */
export const MessageStatusBadge = ({ status, children, ...props }: Props) => (
  <StatusBadge color={statusColor(status)} {...props}>
    {children ?? status}
  </StatusBadge>
)
