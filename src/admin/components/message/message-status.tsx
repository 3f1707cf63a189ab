import type { ComponentPropsWithoutRef } from "react"
import { MappedStatusBadge } from "../mapped-status-badge"
import { MESSAGE_COLORS } from "../status-colors"

type Props = Omit<ComponentPropsWithoutRef<typeof MappedStatusBadge>, "colors">

/** An outbox status or attempt outcome: the raw word unless children say otherwise, as tests and logs use it. */
export const MessageStatusBadge = (props: Props) => <MappedStatusBadge colors={MESSAGE_COLORS} {...props} />
