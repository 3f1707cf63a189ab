import type { RetryPolicy } from "../config/options"

/**
 * The delay before the next try after `attempt` failed tries (1-based).
 * Full jitter (AWS architecture blog): spreads a burst of failures evenly over the window
 * instead of retrying them in lockstep. A remote's Retry-After is a floor, with a little
 * jitter on top so everything it turned away does not come back in the same millisecond.
 */
export function computeRetryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  options: { retryAfterMs?: number; random?: () => number } = {}
): number {
  const random = options.random ?? Math.random
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30)
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent)
  const jittered = Math.floor(random() * ceiling)
  if (options.retryAfterMs === undefined || options.retryAfterMs <= 0) {
    return jittered
  }
  const spread = Math.floor(random() * Math.min(policy.baseDelayMs, options.retryAfterMs))
  return Math.max(jittered, options.retryAfterMs + spread)
}

export function computeNextAttemptAt(
  attempt: number,
  policy: RetryPolicy,
  options: { retryAfterMs?: number; random?: () => number; now?: Date } = {}
): Date {
  const now = options.now ?? new Date()
  return new Date(now.getTime() + computeRetryDelayMs(attempt, policy, options))
}
