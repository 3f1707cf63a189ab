/** Messages that have not reached the remote yet: the queue depth, what a pause holds back and a resume lets go. */
export const WAITING_STATUSES = ["pending", "in_flight", "retry_scheduled", "unknown"] as const

/** How many messages wait, from a count per status (numbers, or numeric strings from a JSON column). */
export const waitingCount = (depth: Record<string, unknown> | null | undefined): number =>
  WAITING_STATUSES.reduce((n, status) => n + (Number(depth?.[status] ?? 0) || 0), 0)
