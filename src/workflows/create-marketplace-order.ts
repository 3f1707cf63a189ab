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
    // its stock is reserved already (the last units, in a sale): Medusa's availability check would
    // count that reservation against the order it was made for. An item's allow_backorder skips
    // the check for that item only (prepareConfirmInventoryInput), as an admin's draft order does
    const orderInput = transform({ input }, ({ input }) => ({
      ...input,
      items: input.items.map((item) => ({ ...item, allow_backorder: true })),
    }))
    const order = createOrderWorkflow.runAsStep({ input: orderInput })
    const attachInput = transform({ order, input }, ({ order, input }) => ({
      connector: input.metadata[MARKETPLACE_CONNECTOR_KEY],
      remote_order_id: input.metadata[MARKETPLACE_ORDER_KEY],
      items: (order.items ?? []).map((item) => ({ id: item.id, metadata: item.metadata })),
    }))
    attachMarketplaceReservationsStep(attachInput)
    return new WorkflowResponse(transform({ order }, ({ order }) => ({ id: order.id })))
  }
)
