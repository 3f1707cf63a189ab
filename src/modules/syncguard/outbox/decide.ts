import type { DeliveryResult } from "../connectors/contract"
import type { RetryPolicy } from "../config/options"
import { OutboxStatus } from "./states"
import { computeNextAttemptAt } from "./backoff"

export type AttemptOutcome = "delivered" | "retry" | "unknown" | "dead"

export type OutcomeDecision = {
  attemptOutcome: AttemptOutcome
  status: OutboxStatus
  nextAttemptAt: Date | null
  deliveredAt: Date | null
  lastError: string | null
  lastHttpStatus: number | null
  remoteId: string | null
  /** set when the remote may still commit what this attempt sent: no negative lookup counts before it */
  settleUntil: Date | null
}

/**
 * What a message becomes after one try: delivered; retried later (backoff with jitter,
 * Retry-After honoured) while attempts remain; otherwise dead, as is any permanent failure.
 */
export function decideAfterAttempt(input: {
  attempt: number
  maxAttempts: number
  result: DeliveryResult
  policy: RetryPolicy
  /** how long after an attempt that may still commit a negative lookup stays inconclusive */
  settleMs?: number
  now?: Date
  random?: () => number
}): OutcomeDecision {
  const { result, attempt, maxAttempts } = input
  const now = input.now ?? new Date()
  if (result.outcome === "delivered") {
    return {
      attemptOutcome: "delivered",
      status: OutboxStatus.DELIVERED,
      nextAttemptAt: null,
      deliveredAt: now,
      lastError: null,
      lastHttpStatus: result.httpStatus,
      remoteId: result.remoteId,
      settleUntil: null,
    }
  }
  const lastError = `${result.errorClass}: ${result.message}`
  if (result.outcome === "permanent" || attempt >= maxAttempts) {
    const why =
      result.outcome === "permanent"
        ? lastError
        : result.outcome === "unknown"
          ? `gave up after ${attempt} attempts with the last outcome unknown (check the remote before replaying); ${lastError}`
          : `gave up after ${attempt} attempts; ${lastError}`
    return {
      attemptOutcome: "dead",
      status: OutboxStatus.DEAD,
      nextAttemptAt: null,
      deliveredAt: null,
      lastError: why,
      lastHttpStatus: result.httpStatus,
      remoteId: null,
      settleUntil: null,
    }
  }
  const unknown = result.outcome === "unknown"
  const settling = result.outcome === "unknown" && result.mayStillCommit === true
  return {
    attemptOutcome: unknown ? "unknown" : "retry",
    // unknown: the next claim looks the entity up on the remote before sending again
    status: unknown ? OutboxStatus.UNKNOWN : OutboxStatus.RETRY_SCHEDULED,
    nextAttemptAt: computeNextAttemptAt(attempt, input.policy, {
      now,
      random: input.random,
      retryAfterMs: result.outcome === "retryable" ? result.retryAfterMs : undefined,
    }),
    deliveredAt: null,
    lastError,
    lastHttpStatus: result.httpStatus,
    remoteId: null,
    // an early lookup may still find it (a lost acknowledgement); only "not there" has to wait
    settleUntil: settling ? new Date(now.getTime() + (input.settleMs ?? 0)) : null,
  }
}
