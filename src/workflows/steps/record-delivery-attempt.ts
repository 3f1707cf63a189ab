import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SYNCGUARD_MODULE } from "../../modules/syncguard"
import type { ClaimedMessage } from "../../modules/syncguard/service"
import type SyncguardModuleService from "../../modules/syncguard/service"
import type { OutboxStatus } from "../../modules/syncguard/types"
import type { AttemptOutcome } from "../../modules/syncguard/utils/decide-outcome"
import type { SendToConnectorStepOutput } from "./send-to-connector"

export type RecordDeliveryAttemptStepOutput = {
  status: OutboxStatus
  attempt_outcome: AttemptOutcome | "deferred"
  fenced: boolean
  last_error: string | null
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
    const respond = (output: RecordDeliveryAttemptStepOutput) => new StepResponse(output)
    const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
    if (sent.deferred || !sent.result) {
      await syncguard.releaseClaim({
        id: message.id,
        owner,
        nextAttemptAt: new Date(sent.deferred?.until ?? Date.now() + 1000),
        prevStatus: message.prev_status,
      })
      return respond({ status: message.prev_status, attempt_outcome: "deferred", fenced: false, last_error: null })
    }
    const decision = await syncguard.recordAttempt({
      message,
      owner,
      startedAt: new Date(sent.started_at),
      endedAt: new Date(sent.ended_at),
      result: sent.result,
      traceparent: sent.traceparent,
    })
    return respond({
      status: decision.status,
      attempt_outcome: decision.attemptOutcome,
      fenced: decision.fenced,
      last_error: decision.lastError,
    })
  }
)
