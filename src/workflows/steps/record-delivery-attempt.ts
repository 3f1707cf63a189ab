import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SYNCGUARD_MODULE } from "../../modules/syncguard"
import type { ClaimedMessage } from "../../modules/syncguard/service"
import type SyncguardModuleService from "../../modules/syncguard/service"
import type { SendToConnectorStepOutput } from "./send-to-connector"

export type RecordDeliveryAttemptStepInput = {
  message: ClaimedMessage
  owner: string
  sent: SendToConnectorStepOutput
}

export const recordDeliveryAttemptStepId = "syncguard-record-delivery-attempt"

/** This step records the attempt and moves the message to delivered, retry_scheduled or dead. */
export const recordDeliveryAttemptStep = createStep(
  { name: recordDeliveryAttemptStepId, noCompensation: true },
  async ({ message, owner, sent }: RecordDeliveryAttemptStepInput, { container }) => {
    const decision = await container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE).recordAttempt({
      message,
      owner,
      startedAt: new Date(sent.started_at),
      endedAt: new Date(sent.ended_at),
      result: sent.result,
    })
    return new StepResponse({
      status: decision.status,
      attempt_outcome: decision.attemptOutcome,
      fenced: decision.fenced,
      last_error: decision.lastError,
    })
  }
)
