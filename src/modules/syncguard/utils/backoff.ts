import type { RetryPolicy } from "../types/options"

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 1000,
  maxDelayMs: 5 * 60 * 1000,
  maxAttempts: 10,
}

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

/** Whether a failed try leaves room for another. */
export function hasAttemptsLeft(attempt: number, policy: RetryPolicy): boolean {
  return attempt < policy.maxAttempts
}

export function resolveRetryPolicy(...layers: Array<Partial<RetryPolicy> | undefined>): RetryPolicy {
  const policy = Object.assign({}, DEFAULT_RETRY_POLICY, ...layers.filter(Boolean)) as RetryPolicy
  if (!(policy.baseDelayMs > 0) || !(policy.maxDelayMs >= policy.baseDelayMs) || !(policy.maxAttempts >= 1)) {
    throw new Error(
      `Invalid retry policy ${JSON.stringify(policy)}: need baseDelayMs > 0, maxDelayMs >= baseDelayMs, maxAttempts >= 1`
    )
  }
  return policy
}
