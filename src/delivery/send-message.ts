import type { DeliveryRequest, DeliveryResult, OutboundSink } from "../modules/syncguard/connectors/contract"
import { LeaseLostError, SendNotAttemptedError } from "../modules/syncguard/errors"
import { needsVerification } from "../modules/syncguard/outbox/states"
import type { ClaimedMessage } from "../modules/syncguard/sql/outbox"

/** What the send needs from its process: the connector and its runtime, and the outbox's lease. */
export type SendDeps = {
  connector: OutboundSink | undefined
  paused(): Promise<boolean>
  /** may a call go now (takes the half-open probe slot) */
  breakerAllows(): boolean
  breakerRecord(ok: boolean): void
  /** re-checks and extends this worker's lease; false once another worker owns the message */
  renewLease(): Promise<boolean>
  leaseMs: number
  /** the longest one request can take */
  requestBudgetMs: number
  /** after an attempt that may still commit, how long a lookup that finds nothing stays inconclusive */
  settleMs: number
  now(): number
}

export type SendOutcome = {
  result: DeliveryResult | null
  /** Not sent, and no attempt spent. `settleUntil`: parked until an unknown outcome has settled. */
  deferred: { until: Date; reason: string; settleUntil?: Date } | null
  /** sent again after a lookup found nothing */
  resentAfterLookup: boolean
}

/** Failures that say nothing about the remote's health must not trip the breaker. */
const healthy = (r: DeliveryResult) =>
  r.outcome === "delivered" ||
  r.outcome === "permanent" ||
  (r.outcome === "retryable" && (r.errorClass === "rate_limited" || r.errorClass === "not_found"))

/**
 * Hands one claimed message to its connector. After an unknown outcome (a timeout, a lost
 * acknowledgement, a crashed worker) it first looks the entity up on the remote. A lookup that
 * finds it settles the message; one that finds nothing counts only once the settle window has
 * passed, because a remote that got the request may commit it after our timeout (a lock wait, a
 * slow batch): before that the message is parked, not resent, and it holds no worker meanwhile.
 * It never throws for a remote's failure: failures are results to record. A send that did not
 * happen for a reason of our own (lease lost, limiter unavailable) is deferred unspent and is
 * never charged to the remote's breaker.
 */
export async function sendMessage(
  deps: SendDeps,
  message: ClaimedMessage,
  entity: Record<string, unknown> | null,
  claimedAtMs: number,
  traceparent: string
): Promise<SendOutcome> {
  const outcome = (
    result: DeliveryResult | null,
    deferred: SendOutcome["deferred"] = null,
    resentAfterLookup = false
  ) => ({
    result,
    deferred,
    resentAfterLookup,
  })
  const connector = deps.connector
  if (!connector) {
    return outcome({
      outcome: "retryable",
      errorClass: "mapping",
      message: `connector "${message.connector}" is not configured on this worker`,
      httpStatus: null,
    })
  }
  if (!entity) {
    return outcome({
      outcome: "permanent",
      errorClass: "not_found",
      message: `${message.entity_type} ${message.entity_id} no longer exists in Medusa`,
      httpStatus: null,
    })
  }
  if (await deps.paused()) {
    return outcome(null, { until: new Date(deps.now() + 5000), reason: "connector paused" })
  }
  if (!deps.breakerAllows()) {
    return outcome(null, { until: new Date(deps.now() + 1000), reason: "circuit breaker open" })
  }
  const request: DeliveryRequest = {
    operation: message.operation as DeliveryRequest["operation"],
    entityType: message.entity_type,
    entityId: message.entity_id,
    entity,
    idempotencyKey: message.idempotency_key,
    correlationId: message.correlation_id,
    traceparent,
    beforeSend: async () => {
      // The lease began no later than our claim came back, so while the time since then plus
      // the longest a request can take is inside the lease, nobody else can have it. Only
      // closer to its end (a long wait for the rate limiter) is the database asked.
      if (deps.now() - claimedAtMs + deps.requestBudgetMs < deps.leaseMs) return
      if (!(await deps.renewLease())) throw new LeaseLostError(message.id)
    },
  }
  try {
    if (needsVerification(message.prev_status)) {
      const verified = await verify(connector, request, settleUntilOf(message, deps.settleMs), deps.now())
      if (verified.superseded) {
        // the earlier write landed; the state has moved on since: the newest goes now, not after the window
        deps.breakerRecord(true)
        const result = await connector.deliver(request)
        deps.breakerRecord(healthy(result))
        return outcome(result, null, true)
      }
      if (verified.settled) {
        deps.breakerRecord(true)
        return outcome(verified.settled)
      }
      if (verified.parkUntil) {
        // looked at again within the window too: a late commit found early settles it early (a v10
        // write stuck in PENDING that bol applies after 25 s is seen then, not at the window's end)
        const recheck = new Date(Math.min(verified.parkUntil.getTime(), deps.now() + settleRecheckMs(deps.settleMs)))
        return outcome(null, {
          until: recheck,
          reason: "the remote may still commit the earlier attempt; looking again before it is sent again",
          settleUntil: verified.parkUntil,
        })
      }
      const result = await connector.deliver(request)
      deps.breakerRecord(healthy(result))
      return outcome(result, null, true)
    }
    const result = await connector.deliver(request)
    deps.breakerRecord(healthy(result))
    return outcome(result)
  } catch (error) {
    const cause = (error as { cause?: unknown })?.cause
    if (error instanceof SendNotAttemptedError || cause instanceof SendNotAttemptedError) {
      const reason = (error instanceof SendNotAttemptedError ? error : (cause as Error)).message
      // someone else owns it, or our own limiter could not admit it: nothing was sent
      return outcome(null, { until: new Date(deps.now() + (error instanceof LeaseLostError ? 0 : 1000)), reason })
    }
    // a bug or an unexpected shape: retry (it may be transient) and keep the reason; the remote is not blamed
    return outcome({ outcome: "retryable", errorClass: "network", message: (error as Error).message, httpStatus: null })
  }
}

/** How often a parked unknown outcome is looked up again inside its settle window: an eighth of it, 1–5 s. */
export const settleRecheckMs = (settleMs: number): number => Math.min(5000, Math.max(1000, Math.round(settleMs / 8)))

/**
 * Until when a lookup that finds nothing does not count. Recorded on the message when an
 * attempt may still commit; for a crashed worker's message, its send began before its lease
 * ran out, so the window runs from there.
 */
export function settleUntilOf(message: ClaimedMessage, settleMs: number): Date | null {
  const recorded = message.settle_until ? new Date(message.settle_until) : null
  const reclaimed =
    message.prev_status === "in_flight" && message.prev_lease_expires_at
      ? new Date(new Date(message.prev_lease_expires_at).getTime() + settleMs)
      : null
  if (!recorded) return reclaimed
  if (!reclaimed) return recorded
  return recorded > reclaimed ? recorded : reclaimed
}

async function verify(
  connector: OutboundSink,
  request: DeliveryRequest,
  settleUntil: Date | null,
  now: number
): Promise<{ settled?: DeliveryResult; parkUntil?: Date; superseded?: boolean }> {
  let verdict
  try {
    verdict = await connector.verify(request)
  } catch (error) {
    if (error instanceof SendNotAttemptedError) throw error
    // never send blind: without an answer the outcome stays unknown
    return {
      settled: {
        outcome: "unknown",
        errorClass: "network",
        message: `could not verify the earlier attempt: ${(error as Error).message}`,
        httpStatus: null,
      },
    }
  }
  if (verdict.exists && verdict.superseded) return { superseded: true }
  if (verdict.exists) {
    return { settled: { outcome: "delivered", remoteId: verdict.remoteId, httpStatus: null, verifiedOnly: true } }
  }
  if (settleUntil && settleUntil.getTime() > now) {
    return { parkUntil: settleUntil }
  }
  return {}
}
