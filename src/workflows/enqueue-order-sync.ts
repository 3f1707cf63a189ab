import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { orderVersionFor } from "../modules/syncguard/utils/idempotency-key"
import { enqueueOutboxMessagesStep } from "./steps/enqueue-outbox-messages"

export type EnqueueOrderSyncInput = {
  order_id: string
  operation: "order.create" | "order.update" | "order.cancel"
  correlation_id: string
}

export const enqueueOrderSyncWorkflowId = "syncguard-enqueue-order-sync"

/**
 * Records that an order must reach every connector that takes orders. The event is only a
 * hint: the key's version comes from the order as it is now.
 */
export const enqueueOrderSyncWorkflow = createWorkflow(
  enqueueOrderSyncWorkflowId,
  (input: WorkflowData<EnqueueOrderSyncInput>) => {
    const { data: orders } = useQueryGraphStep({
      entity: "order",
      fields: ["id", "version", "updated_at", "created_at", "customer_id"],
      filters: { id: input.order_id },
      options: { throwIfKeyNotFound: true },
    })

    const message = transform({ input, orders }, ({ input, orders }) => {
      const order = orders[0] as {
        id: string
        version?: number
        updated_at?: string
        created_at?: string
        customer_id?: string | null
      }
      return {
        entity_type: "order",
        entity_id: order.id,
        operation: input.operation,
        version: orderVersionFor(input.operation, order),
        correlation_id: input.correlation_id,
        source_changed_at: (input.operation === "order.create" ? order.created_at : order.updated_at) ?? null,
        // a connector that takes customers too gets the customer before the order that references it
        depends_on: order.customer_id ? { entity_type: "customer", entity_id: order.customer_id } : null,
      }
    })

    const ids = enqueueOutboxMessagesStep(message)
    return new WorkflowResponse(ids)
  }
)
