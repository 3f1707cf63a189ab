/**
 * An inbound event's life, in one place (the outbox's twin for the other direction):
 *
 *   received ─claim─► applying ─► applied            done (the outcome says how: applied, stale, conflict …)
 *   retry_scheduled ─claim─┘   ├─► retry_scheduled   Medusa could not apply it yet (backoff)
 *                              └─► dead              attempts exhausted, or it can never apply
 *   applying whose lease expired ─claim─► applying   (a crashed worker; applying again is safe:
 *                                                    sets are absolute, deltas go through the ledger)
 *   dead ─replay─► received
 */
export const InboundStatus = Object.freeze({
  RECEIVED: "received",
  APPLYING: "applying",
  APPLIED: "applied",
  RETRY_SCHEDULED: "retry_scheduled",
  DEAD: "dead",
} as const)
export type InboundStatus = (typeof InboundStatus)[keyof typeof InboundStatus]
export const INBOUND_STATUSES: readonly InboundStatus[] = Object.freeze(Object.values(InboundStatus))

/**
 * How an applied event ended:
 *   applied    every field it wrote was the sender's and is now in Medusa
 *   partial    the sender's fields applied, others became conflicts
 *   conflict   nothing applied: every field it wrote belongs to another system
 *   stale      older than what was applied already (sequence or change time): ignored
 *   duplicate  its operation id was applied already (through another event or channel)
 *   unchanged  Medusa already had these values
 */
export type InboundOutcome = "applied" | "partial" | "conflict" | "stale" | "duplicate" | "unchanged"

const TRANSITIONS: Readonly<Record<InboundStatus, readonly InboundStatus[]>> = Object.freeze({
  received: [InboundStatus.APPLYING],
  retry_scheduled: [InboundStatus.APPLYING],
  applying: [InboundStatus.APPLYING, InboundStatus.APPLIED, InboundStatus.RETRY_SCHEDULED, InboundStatus.DEAD],
  applied: [],
  dead: [InboundStatus.RECEIVED],
})

export function canTransitionInbound(from: InboundStatus, to: InboundStatus): boolean {
  return TRANSITIONS[from].includes(to)
}
