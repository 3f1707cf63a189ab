import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SYNCGUARD_MODULE } from "../../modules/syncguard"
import type { ClaimedMessage } from "../../modules/syncguard/service"
import type SyncguardModuleService from "../../modules/syncguard/service"
import type { DeliveryResult, SyncOperation } from "../../modules/syncguard/types"

export type SendToConnectorStepInput = {
  message: ClaimedMessage
  entity: Record<string, unknown> | null
}

export type SendToConnectorStepOutput = { result: DeliveryResult; started_at: Date; ended_at: Date }

export const sendToConnectorStepId = "syncguard-send-to-connector"

/**
 * This step hands the message to its connector, which maps and sends it and classifies what
 * came back. It never throws for a remote's failure: failures are results to record.
 * No compensation: a remote call cannot be taken back, which is why keys are idempotent.
 */
export const sendToConnectorStep = createStep(
  { name: sendToConnectorStepId, noCompensation: true },
  async ({ message, entity }: SendToConnectorStepInput, { container }) => {
    const started_at = new Date()
    const done = (result: DeliveryResult) => new StepResponse<SendToConnectorStepOutput>({ result, started_at, ended_at: new Date() })
    const connector = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE).getConnector(message.connector)
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
    try {
      return done(
        await connector.deliver({
          operation: message.operation as SyncOperation,
          entityType: message.entity_type,
          entityId: message.entity_id,
          entity,
          idempotencyKey: message.idempotency_key,
          correlationId: message.correlation_id,
        })
      )
    } catch (error) {
      // a bug or an unexpected shape: retry (it may be transient) and keep the reason
      return done({ outcome: "retryable", errorClass: "network", message: (error as Error).message, httpStatus: null })
    }
  }
)
