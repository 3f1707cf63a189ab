export type RateLimitSettings = {
  /** Requests per second to the remote, across every worker sharing the limiter. 0 = unlimited. */
  requestsPerSecond: number
  /** Requests that may go at once after a quiet spell. @default max(1, requestsPerSecond / 10) */
  burst: number
  /** Requests in flight at once, across every worker. 0 = unlimited. */
  maxInFlight: number
}

export type ThrottleState = {
  shared: boolean
  requestsPerSecond: number
  burst: number
  maxInFlight: number
  inFlight: number
  /** When the remote asked us to wait (429 / Retry-After), until when. */
  cooldownUntil: string | null
}

/**
 * Admission to one remote. Every request to it passes here, retries and lookups included,
 * so retrying can never push the remote past its limit.
 */
export interface Throttle {
  /** Waits for a token and an in-flight slot; the returned function gives the slot back. */
  acquire(): Promise<() => void>
  /** The remote said "slow down" for `ms`: nobody sends before then. */
  cooldown(ms: number): Promise<void>
  state(): Promise<ThrottleState>
  close(): Promise<void>
}
