import { generateEntityId } from "@medusajs/framework/utils"
import type { WireExchange } from "../connectors/contract"
import type { OutcomeDecision } from "../outbox/decide"
import { OutboxStatus } from "../outbox/states"
import { OUTBOX as T, Sql } from "./db"

/** Writes one attempt (and its redacted snapshot, when given); returns the attempt's id. */
export async function insertAttempt(
  db: Sql,
  input: {
    messageId: string
    attemptNumber: number
    worker: string
    startedAt: Date
    endedAt: Date
    decision: OutcomeDecision
    errorClass: string | null
    errorMessage: string | null
    correlationId: string
    traceparent: string | null
    verifiedOnly: boolean
    resentAfterLookup: boolean
    snapshot: WireExchange | null
  }
): Promise<string> {
  const attemptId = generateEntityId(undefined, "sgatt")
  await db.execute(
    `INSERT INTO syncguard_delivery_attempt (id, message_id, attempt_number, worker, started_at, ended_at,
       duration_ms, outcome, http_status, error_class, error_message, correlation_id, traceparent, verified_only,
       resent_after_lookup, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), now())`,
    [
      attemptId,
      input.messageId,
      input.attemptNumber,
      input.worker,
      input.startedAt,
      input.endedAt,
      input.endedAt.getTime() - input.startedAt.getTime(),
      input.decision.attemptOutcome,
      input.decision.lastHttpStatus,
      input.errorClass,
      input.errorMessage,
      input.correlationId,
      input.traceparent,
      input.verifiedOnly,
      input.resentAfterLookup,
    ]
  )
  if (input.snapshot) {
    await db.execute(
      `INSERT INTO syncguard_attempt_snapshot (id, attempt_id, message_id, request, response, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, now(), now())`,
      [
        generateEntityId(undefined, "sgsnap"),
        attemptId,
        input.messageId,
        JSON.stringify(input.snapshot.request),
        input.snapshot.response ? JSON.stringify(input.snapshot.response) : null,
      ]
    )
  }
  return attemptId
}

/**
 * Moves the message on after an attempt, fenced by the lease: false when another worker has
 * taken the message over meanwhile (the late result must not overwrite the newer owner's state).
 */
export async function settleMessage(
  db: Sql,
  messageId: string,
  owner: string,
  decision: OutcomeDecision
): Promise<boolean> {
  const updated = await db.execute(
    `UPDATE ${T}
        SET status = ?, next_attempt_at = COALESCE(?, next_attempt_at), delivered_at = ?, last_error = ?,
            last_http_status = ?, remote_id = COALESCE(?, remote_id), lease_owner = NULL, lease_expires_at = NULL,
            settle_until = COALESCE(?, settle_until), updated_at = now()
      WHERE id = ? AND lease_owner = ? AND status = '${OutboxStatus.IN_FLIGHT}'
      RETURNING id`,
    [
      decision.status,
      decision.nextAttemptAt,
      decision.deliveredAt,
      decision.lastError,
      decision.lastHttpStatus,
      decision.remoteId,
      decision.settleUntil,
      messageId,
      owner,
    ]
  )
  return (updated as unknown[]).length > 0
}
