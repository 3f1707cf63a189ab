import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SYNCGUARD_MODULE } from "../../modules/syncguard"
import type { ClaimedMessage } from "../../modules/syncguard/service"
import type SyncguardModuleService from "../../modules/syncguard/service"
import type { DeliveryRequest, DeliveryResult, SyncOperation } from "../../modules/syncguard/types"
import { Connector, LeaseLostError } from "../../modules/syncguard/types/connector"
import { traceparentFor } from "../../modules/syncguard/utils/traceparent"

export type SendToConnectorStepInput = {
  message: ClaimedMessage
  owner: string
  entity: Record<string, unknown> | null
  /** this worker's clock when the claim came back (ms) */
  claimed_at_ms?: number
}

export type SendToConnectorStepOutput = {
  result: DeliveryResult | null
  /** Not sent, and no attempt spent: the connector is paused or its breaker is open. */
  deferred: { until: Date; reason: string } | null
  started_at: Date
  ended_at: Date
  traceparent: string
}

export const sendToConnectorStepId = "syncguard-send-to-connector"

/** Failures that say nothing about the remote's health must not trip the breaker. */
const healthy = (r: DeliveryResult) =>
  r.outcome === "delivered" ||
  r.outcome === "permanent" ||
  (r.outcome === "retryable" && (r.errorClass === "rate_limited" || r.errorClass === "not_found"))

/**
 * This step hands the message to its connector, which maps and sends it and classifies what
 * came back. After an unknown outcome (a timeout, a lost acknowledgement, a crashed worker)
 * it first looks the entity up on the remote, and only sends if it is not there. It never
 * throws for a remote's failure: failures are results to record. No compensation: a remote
 * call cannot be taken back, which is why keys are idempotent.
 */
export const sendToConnectorStep = createStep(
  { name: sendToConnectorStepId, noCompensation: true },
  async ({ message, owner, entity, claimed_at_ms }: SendToConnectorStepInput, { container }) => {
    const started_at = new Date()
    const traceparent = traceparentFor(message.correlation_id)
    const done = (result: DeliveryResult | null, deferred: SendToConnectorStepOutput["deferred"] = null) =>
      new StepResponse<SendToConnectorStepOutput>({ result, deferred, started_at, ended_at: new Date(), traceparent })
    const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
    const connector = syncguard.connectors.get(message.connector)
    if (!connector) {
      return done({
        outcome: "retryable",
        errorClass: "mapping",
        message: `connector "${message.connector}" is not configured on this worker`,
        httpStatus: null,
      })
    }
    if (!entity) {
      return done({
        outcome: "permanent",
        errorClass: "not_found",
        message: `${message.entity_type} ${message.entity_id} no longer exists in Medusa`,
        httpStatus: null,
      })
    }
    if ((await syncguard.pausedConnectors()).has(message.connector)) {
      return done(null, { until: new Date(Date.now() + 5000), reason: "connector paused" })
    }
    if (!syncguard.connectors.breakerAllows(message.connector)) {
      return done(null, { until: new Date(Date.now() + 1000), reason: "circuit breaker open" })
    }
    const request: DeliveryRequest = {
      operation: message.operation as SyncOperation,
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
        const elapsed = Date.now() - (claimed_at_ms ?? 0)
        if (claimed_at_ms && elapsed + syncguard.connectors.requestBudgetMs(message.connector) < syncguard.options.leaseMs) {
          return
        }
        if (!(await syncguard.renewLease({ id: message.id, owner }))) {
          throw new LeaseLostError(message.id)
        }
      },
    }
    let result: DeliveryResult
    try {
      result = await verifyThenDeliver(connector, request, message.prev_status)
    } catch (error) {
      if (error instanceof LeaseLostError || (error as { cause?: unknown })?.cause instanceof LeaseLostError) {
        // someone else owns it now: send nothing, record nothing
        return done(null, { until: new Date(), reason: "lease lost" })
      }
      // a bug or an unexpected shape: retry (it may be transient) and keep the reason
      result = { outcome: "retryable", errorClass: "network", message: (error as Error).message, httpStatus: null }
    }
    syncguard.connectors.breakerRecord(message.connector, healthy(result))
    return done(result)
  }
)

async function verifyThenDeliver(
  connector: Connector,
  request: DeliveryRequest,
  prevStatus: string
): Promise<DeliveryResult> {
  if (prevStatus === "unknown" || prevStatus === "in_flight") {
    let verdict
    try {
      verdict = await connector.verify(request)
    } catch (error) {
      if (error instanceof LeaseLostError) throw error
      // never send blind: without an answer the outcome stays unknown
      return {
        outcome: "unknown",
        errorClass: "network",
        message: `could not verify the earlier attempt: ${(error as Error).message}`,
        httpStatus: null,
      }
    }
    if (verdict.exists) {
      return { outcome: "delivered", remoteId: verdict.remoteId, httpStatus: null, verifiedOnly: true }
    }
  }
  return connector.deliver(request)
}
