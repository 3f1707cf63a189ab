import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { sendMessage, SendOutcome } from "../../delivery/send-message"
import { SYNCGUARD_MODULE } from "../../modules/syncguard"
import { traceparentFor } from "../../modules/syncguard/policies/traceparent"
import type SyncguardModuleService from "../../modules/syncguard/service"
import type { ClaimedMessage } from "../../modules/syncguard/sql/outbox"

export type SendToConnectorStepInput = {
  message: ClaimedMessage
  owner: string
  entity: Record<string, unknown> | null
  /** this worker's clock when the claim came back (ms) */
  claimed_at_ms?: number
}

export type SendToConnectorStepOutput = SendOutcome & { started_at: Date; ended_at: Date; traceparent: string }

export const sendToConnectorStepId = "syncguard-send-to-connector"

/**
 * This step hands the message to its connector (see delivery/send-message.ts): verify an
 * earlier unknown outcome first, then send. No compensation: a remote call cannot be taken
 * back, which is why keys are idempotent.
 */
export const sendToConnectorStep = createStep(
  { name: sendToConnectorStepId, noCompensation: true },
  async ({ message, owner, entity, claimed_at_ms }: SendToConnectorStepInput, { container }) => {
    const started_at = new Date()
    const traceparent = traceparentFor(message.correlation_id)
    const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
    const runtime = syncguard.connectors
    const name = message.connector
    const sent = await sendMessage(
      {
        connector: runtime.outbound(name),
        paused: async () => (await syncguard.pausedConnectors()).has(name),
        breakerAllows: () => runtime.breakerAllows(name),
        breakerRecord: (ok) => runtime.breakerRecord(name, ok),
        renewLease: () => syncguard.renewLease({ id: message.id, owner }),
        leaseMs: syncguard.config.leaseMs,
        requestBudgetMs: runtime.requestBudgetMs(name),
        settleMs: runtime.settleMs(name),
        now: () => Date.now(),
      },
      message,
      entity,
      claimed_at_ms ?? 0,
      traceparent
    )
    return new StepResponse<SendToConnectorStepOutput>({ ...sent, started_at, ended_at: new Date(), traceparent })
  }
)
