import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { entityDescriptor } from "../../modules/syncguard/entities"
import type { EnqueueOutboxMessagesStepInput } from "./enqueue-outbox-messages"

export type DescribeEntityChangeStepInput = {
  entity_type: string
  entity_id: string
  operation: string
  correlation_id: string
  /** only these connectors (a reconciliation repair); otherwise every connector that takes the type */
  connectors?: string[]
  /** a repair of this drift finding: a new key generation, since the change's own key was used */
  repair_of?: string
}

export const describeEntityChangeStepId = "syncguard-describe-entity-change"

/**
 * This step reads the entity as it is now and describes the message its change needs: the
 * version for the key, the change time, what it depends on (see modules/syncguard/entities).
 * The event is only a hint: nothing of its payload is trusted.
 */
export const describeEntityChangeStep = createStep(
  describeEntityChangeStepId,
  async (input: DescribeEntityChangeStepInput, { container }) => {
    const descriptor = entityDescriptor(input.entity_type)
    if (!descriptor.operations.includes(input.operation)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `${input.operation} is not an operation on ${input.entity_type} (${descriptor.operations.join(", ")})`
      )
    }
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: input.entity_type,
      fields: descriptor.enqueueFields,
      filters: { id: input.entity_id },
    })
    const row = data[0] as Record<string, unknown> | undefined
    if (!row) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `${input.entity_type} ${input.entity_id} was not found`)
    }
    const message: EnqueueOutboxMessagesStepInput = {
      entity_type: input.entity_type,
      entity_id: String(row.id),
      operation: input.operation,
      version: descriptor.version(input.operation, row),
      correlation_id: input.correlation_id,
      source_changed_at: descriptor.changedAt(input.operation, row),
      depends_on: descriptor.dependsOn(row),
      coalesces: descriptor.coalesces,
      connectors: input.connectors,
      repair_of: input.repair_of,
    }
    return new StepResponse(message)
  }
)
