import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SYNCGUARD_MODULE } from "../../modules/syncguard"
import type { ClaimedMessage } from "../../modules/syncguard/service"
import type SyncguardModuleService from "../../modules/syncguard/service"
import type { OutboxStatus } from "../../modules/syncguard/outbox/states"
import type { AttemptOutcome } from "../../modules/syncguard/outbox/decide"
import type { SendToConnectorStepOutput } from "./send-to-connector"

export type RecordDeliveryAttemptStepOutput = {
  status: OutboxStatus
  attempt_outcome: AttemptOutcome | "deferred"
  fenced: boolean
  last_error: string | null
  /** when the message may go again (a retry, an unknown outcome settling), if it will */
  next_attempt_at: string | null
}

export type RecordDeliveryAttemptStepInput = {
  message: ClaimedMessage
  owner: string
  sent: SendToConnectorStepOutput
}

export const recordDeliveryAttemptStepId = "syncguard-record-delivery-attempt"

/**
 * This step records the attempt and moves the message to delivered, retry_scheduled,
 * unknown or dead; a deferred message goes back unspent.
 */
export const recordDeliveryAttemptStep = createStep(
  { name: recordDeliveryAttemptStepId, noCompensation: true },
  async ({ message, owner, sent }: RecordDeliveryAttemptStepInput, { container }) => {
    const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
    if (sent.deferred || !sent.result) {
      await syncguard.releaseClaim({
        id: message.id,
        owner,
        nextAttemptAt: new Date(sent.deferred?.until ?? Date.now() + 1000),
        prevStatus: message.prev_status,
        settleUntil: sent.deferred?.settleUntil ? new Date(sent.deferred.settleUntil) : null,
      })
      return new StepResponse<RecordDeliveryAttemptStepOutput>({
        status: message.prev_status,
        attempt_outcome: "deferred",
        fenced: false,
        last_error: null,
        next_attempt_at: null,
      })
    }
    const decision = await syncguard.recordAttempt({
      message,
      owner,
      startedAt: new Date(sent.started_at),
      endedAt: new Date(sent.ended_at),
      result: sent.result,
      traceparent: sent.traceparent,
      resentAfterLookup: sent.resentAfterLookup,
    })
    return new StepResponse<RecordDeliveryAttemptStepOutput>({
      status: decision.status,
      attempt_outcome: decision.attemptOutcome,
      fenced: decision.fenced,
      last_error: decision.lastError,
      next_attempt_at: decision.nextAttemptAt ? new Date(decision.nextAttemptAt).toISOString() : null,
    })
  }
)
