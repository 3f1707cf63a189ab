import type { RateSource } from "./learn-rate"

export type { RateSource }

export type RateLimitSettings = {
  /** Requests per second to the remote, across every worker sharing the limiter: a hard cap. 0 = none configured. */
  requestsPerSecond: number
  /** Requests that may go at once after a quiet spell. 0 = max(1, rate in effect / 10). */
  burst: number
  /** Requests in flight at once, across every worker. 0 = unlimited. */
  maxInFlight: number
  /**
   * Learn the remote's limit from 429s, Retry-After and rate-limit headers: alone when no
   * requestsPerSecond is configured, below it otherwise. @default true
   */
  learn?: boolean
  /** Learning never goes slower than this. @default 0.05 */
  minRequestsPerSecond?: number
  /** Where learning starts with nothing learned yet (a configured cap starts at the cap). @default 4 */
  initialRequestsPerSecond?: number
}

/** `shared`: one limit through Redis. `local`: no Redis configured. `degraded`: Redis configured but not answering, this worker limits itself to its share. */
export type ThrottleMode = "shared" | "local" | "degraded"

export type ThrottleState = {
  /** mode === "shared" */
  shared: boolean
  mode: ThrottleMode
  /** Since when Redis has not answered (mode "degraded"). */
  degradedSince: string | null
  degradedReason: string | null
  /** The configured cap (0 = none). */
  requestsPerSecond: number
  /** The burst in effect. */
  burst: number
  maxInFlight: number
  /** In flight across the workers sharing the limit (this worker's own when not shared). */
  inFlight: number
  /** When the remote asked us to wait (429 / Retry-After / nothing remaining), until when. */
  cooldownUntil: string | null
  learn: boolean
  /** The rate admissions follow now, across every worker. 0 = unlimited. */
  effectiveRequestsPerSecond: number
  /** This worker's own rate while it limits itself (mode "degraded": its share), else null. */
  localRequestsPerSecond: number | null
  /** What set the rate in effect: the configured cap, learning, or the remote's headers. */
  rateSource: RateSource
  /** The learned rate (null when not learning). */
  learnedRequestsPerSecond: number | null
  /** What the remote let through when it last refused, or what its headers state. */
  ceilingRequestsPerSecond: number | null
  /** The limit the remote's headers state, requests a second (null when it sends none). */
  headerRequestsPerSecond: number | null
  /** 429s seen (all workers when shared). */
  rateLimitedTotal: number
  /** 429s this worker saw in the last minute. */
  rateLimitedLastMinute: number
  lastRateLimitedAt: string | null
  /** Workers seen sharing this limit lately (null when never seen). */
  liveWorkers: number | null
}

/** What the throttle learns from: any answer of the remote. */
export type ThrottleFeedback = { status: number; headers?: Record<string, unknown> | null }

/** The container logger's shape (a Medusa Logger satisfies it). */
export type ThrottleLogger = { warn(message: string): void; info(message: string): void }

/**
 * Admission to one remote. Every request to it passes here, retries and lookups included,
 * so retrying can never push the remote past its limit.
 */
export interface Throttle {
  /** Waits for a token and an in-flight slot; the returned function gives the slot back. Never rejects. */
  acquire(): Promise<() => void>
  /** The remote said "slow down" for `ms`: nobody sends before then. Never rejects. */
  cooldown(ms: number): Promise<void>
  /**
   * Feedback from one answer of the remote (call it for every response): 429 and Retry-After
   * pause everyone and lower the learned rate, rate-limit headers state the limit, clean answers
   * let it grow. Synchronous: never throws, never waits for Redis.
   */
  observe(response: ThrottleFeedback): void
  /** Never rejects, never waits long for Redis. */
  state(): Promise<ThrottleState>
  /** Stops background timers (heartbeat, Redis probes). Present only where there are any. */
  close?(): Promise<void>
}
