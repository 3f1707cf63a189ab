import { createOrderWorkflow } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { MARKETPLACE_CONNECTOR_KEY, MARKETPLACE_ORDER_KEY, type MarketplaceOrderInput } from "../marketplace/map-order"
import { attachMarketplaceReservationsStep } from "./steps/attach-marketplace-reservations"

export const createMarketplaceOrderWorkflowId = "syncguard-create-marketplace-order"

/**
 * A marketplace order in Medusa through Medusa's own workflow, its lines then taking over the
 * stock reserved for it when it was read (marketplace-reservations.ts): the reservation came
 * first, so the storefront could not sell those units while the order was being created.
 */
export const createMarketplaceOrderWorkflow = createWorkflow(
  createMarketplaceOrderWorkflowId,
  (input: WorkflowData<MarketplaceOrderInput>) => {
    const order = createOrderWorkflow.runAsStep({ input })
    const attachInput = transform({ order, input }, ({ order, input }) => ({
      connector: input.metadata[MARKETPLACE_CONNECTOR_KEY],
      remote_order_id: input.metadata[MARKETPLACE_ORDER_KEY],
      items: (order.items ?? []).map((item) => ({ id: item.id, metadata: item.metadata })),
    }))
    attachMarketplaceReservationsStep(attachInput)
    return new WorkflowResponse(transform({ order }, ({ order }) => ({ id: order.id })))
  }
)
