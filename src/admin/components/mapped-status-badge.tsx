import { StatusBadge } from "@medusajs/ui"
import type { ComponentPropsWithoutRef } from "react"
import { type BadgeColor, colorOf } from "./status-colors"

type Props = Omit<ComponentPropsWithoutRef<typeof StatusBadge>, "color"> & {
  status: string
  colors: Readonly<Record<string, BadgeColor>>
}

/** A status in the colour its map gives it; the raw status word unless children say otherwise. */
export const MappedStatusBadge = ({ status, colors, children, ...props }: Props) => (
  <StatusBadge color={colorOf(colors, status)} {...props}>
    {children ?? status}
  </StatusBadge>
)
