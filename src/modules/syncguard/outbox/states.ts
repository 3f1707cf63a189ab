/**
 * The outbox message's life, in one place. Every status, what it means, and which moves are
 * allowed; the SQL and the steps use these names, never string literals.
 *
 *   pending ─claim─► in_flight ─► delivered
 *   retry_scheduled ─claim─┘  │ ├─► retry_scheduled   the remote said no for now (backoff)
 *   unknown ─claim─┘          │ ├─► unknown           sent, no answer: look it up before sending again
 *                             │ ├─► dead              permanent failure, or attempts exhausted
 *                             │ └─► (release)         deferred unspent: paused, breaker open, limiter
 *                             │                       down, or an unknown outcome still settling
 *   in_flight whose lease expired ─claim─► in_flight  (a crashed worker: treated like unknown)
 *   dead ─replay─► unknown    (a fresh attempt budget; verified before anything is resent)
 */
export const OutboxStatus = Object.freeze({
  /** enqueued, never tried */
  PENDING: "pending",
  /** claimed by a worker under a lease */
  IN_FLIGHT: "in_flight",
  /** the remote has it (acknowledged, or found by a lookup) */
  DELIVERED: "delivered",
  /** failed in a way that cannot have applied it; tried again after a backoff */
  RETRY_SCHEDULED: "retry_scheduled",
  /** sent, but no answer came back (timeout, lost acknowledgement, 500): may or may not have applied */
  UNKNOWN: "unknown",
  /** given up: needs an operator (replay) */
  DEAD: "dead",
} as const)
export type OutboxStatus = (typeof OutboxStatus)[keyof typeof OutboxStatus]

export const ALL_STATUSES: readonly OutboxStatus[] = Object.freeze(Object.values(OutboxStatus))

/** A worker may claim these once `next_attempt_at` has passed (and `in_flight` once its lease expired). */
export const CLAIMABLE_STATUSES: readonly OutboxStatus[] = Object.freeze([
  OutboxStatus.PENDING,
  OutboxStatus.RETRY_SCHEDULED,
  OutboxStatus.UNKNOWN,
])

/** Nothing more happens to these on their own. */
export const TERMINAL_STATUSES: readonly OutboxStatus[] = Object.freeze([OutboxStatus.DELIVERED, OutboxStatus.DEAD])

/** Still owes the remote something: a later message about the same entity waits for it. */
export const UNFINISHED_STATUSES: readonly OutboxStatus[] = Object.freeze(
  ALL_STATUSES.filter((s) => !TERMINAL_STATUSES.includes(s))
)

const TRANSITIONS: Readonly<Record<OutboxStatus, readonly OutboxStatus[]>> = Object.freeze({
  pending: [OutboxStatus.IN_FLIGHT],
  retry_scheduled: [OutboxStatus.IN_FLIGHT],
  unknown: [OutboxStatus.IN_FLIGHT],
  in_flight: [
    OutboxStatus.IN_FLIGHT, // reclaimed after its lease expired
    OutboxStatus.DELIVERED,
    OutboxStatus.RETRY_SCHEDULED,
    OutboxStatus.UNKNOWN,
    OutboxStatus.DEAD,
    OutboxStatus.PENDING, // released unspent
  ],
  delivered: [],
  dead: [OutboxStatus.UNKNOWN], // replay
})

export function canTransition(from: OutboxStatus, to: OutboxStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

/**
 * A message claimed from `unknown`, or reclaimed from a crashed worker's `in_flight`, may
 * already be on the remote: look it up before anything is sent again.
 */
export function needsVerification(prev: OutboxStatus): boolean {
  return prev === OutboxStatus.UNKNOWN || prev === OutboxStatus.IN_FLIGHT
}

/** The status a claim goes back to when it is released unspent: a reclaimed in_flight stays suspect. */
export function releaseStatus(prev: OutboxStatus): OutboxStatus {
  return prev === OutboxStatus.IN_FLIGHT ? OutboxStatus.UNKNOWN : prev
}

/** `'a', 'b'` for SQL `IN (...)`: the statuses are fixed identifiers, never user input. */
export function sqlStatuses(statuses: readonly OutboxStatus[]): string {
  return statuses.map((s) => `'${s}'`).join(", ")
}
