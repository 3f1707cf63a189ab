import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { enqueueOutboxMessagesStep } from "./steps/enqueue-outbox-messages"

export type EnqueueCustomerSyncInput = { customer_id: string; correlation_id: string }

export const enqueueCustomerSyncWorkflowId = "syncguard-enqueue-customer-sync"

/** Records that a customer must reach every connector that takes customers (eventually consistent). */
export const enqueueCustomerSyncWorkflow = createWorkflow(
  enqueueCustomerSyncWorkflowId,
  (input: WorkflowData<EnqueueCustomerSyncInput>) => {
    const { data: customers } = useQueryGraphStep({
      entity: "customer",
      fields: ["id", "updated_at"],
      filters: { id: input.customer_id },
      options: { throwIfKeyNotFound: true },
    })
    const message = transform({ input, customers }, ({ input, customers }) => {
      const customer = customers[0] as { id: string; updated_at?: string }
      return {
        entity_type: "customer",
        entity_id: customer.id,
        operation: "customer.upsert",
        // one message per change; the remote upsert is idempotent anyway
        version: String(customer.updated_at ? new Date(customer.updated_at).getTime() : 0),
        correlation_id: input.correlation_id,
        source_changed_at: customer.updated_at ?? null,
      }
    })
    return new WorkflowResponse(enqueueOutboxMessagesStep(message))
  }
)
