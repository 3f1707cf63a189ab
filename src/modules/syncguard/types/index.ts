/** Where a message is in its life. `unknown` = sent, but no answer came back (lost acknowledgement). */
export const OutboxStatus = {
  PENDING: "pending",
  IN_FLIGHT: "in_flight",
  DELIVERED: "delivered",
  RETRY_SCHEDULED: "retry_scheduled",
  UNKNOWN: "unknown",
  DEAD: "dead",
} as const
export type OutboxStatus = (typeof OutboxStatus)[keyof typeof OutboxStatus]

/** Statuses a worker may pick up once `next_attempt_at` has passed. */
export const CLAIMABLE_STATUSES: OutboxStatus[] = [
  OutboxStatus.PENDING,
  OutboxStatus.RETRY_SCHEDULED,
  OutboxStatus.UNKNOWN,
]

export const TERMINAL_STATUSES: OutboxStatus[] = [OutboxStatus.DELIVERED, OutboxStatus.DEAD]

/** Medusa entity kinds the outbox carries. */
export type SyncEntityType = "order" | "customer" | "inventory"

/** What we ask a remote to do; `<entity>.<verb>`. */
export type SyncOperation = "order.create" | "order.update" | "order.cancel" | "customer.upsert"

export * from "./options"
export * from "./connector"
