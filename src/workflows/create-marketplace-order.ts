import { MathBN } from "@medusajs/framework/utils"
import { createOrderWorkflow } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { MARKETPLACE_CONNECTOR_KEY, MARKETPLACE_ORDER_KEY, type MarketplaceOrderInput } from "../marketplace/map-order"
import { reserveMarketplaceStockStep } from "./steps/reserve-marketplace-stock"

export const createMarketplaceOrderWorkflowId = "syncguard-create-marketplace-order"

/**
 * A marketplace order in Medusa through Medusa's own workflow, then its stock reserved. If the
 * reservation fails (the stock cannot cover it: an oversell), the order is rolled back with it.
 */
export const createMarketplaceOrderWorkflow = createWorkflow(
  createMarketplaceOrderWorkflowId,
  (input: WorkflowData<MarketplaceOrderInput>) => {
    const order = createOrderWorkflow.runAsStep({ input })
    const reserveInput = transform({ order, input }, ({ order, input }) => ({
      sales_channel_id: input.sales_channel_id,
      connector: input.metadata[MARKETPLACE_CONNECTOR_KEY],
      remote_order_id: input.metadata[MARKETPLACE_ORDER_KEY],
      items: (order.items ?? []).map((item) => ({
        line_item_id: item.id,
        variant_id: item.variant_id ?? null,
        // order quantities are big numbers
        quantity: MathBN.convert(item.quantity).toNumber(),
      })),
    }))
    reserveMarketplaceStockStep(reserveInput)
    return new WorkflowResponse(transform({ order }, ({ order }) => ({ id: order.id })))
  }
)
