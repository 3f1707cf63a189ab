/**
 * Pushes refused before anything was recorded (bad or missing signature, stale timestamp), per
 * connector and reason, counted in this process: a flood of forged requests costs no database
 * write. Health and /metrics report them.
 */
const counts = new Map<string, Map<string, number>>()

export function countRejectedPush(connector: string, reason: "signature" | "body"): void {
  const byReason = counts.get(connector) ?? new Map<string, number>()
  byReason.set(reason, (byReason.get(reason) ?? 0) + 1)
  counts.set(connector, byReason)
}

export function rejectedPushes(): Record<string, Record<string, number>> {
  return Object.fromEntries([...counts].map(([c, m]) => [c, Object.fromEntries(m)]))
}
