import { adjustInventoryLevelsStep, emitEventStep } from "@medusajs/medusa/core-flows"
import { InventoryLevelWorkflowEvents } from "@medusajs/framework/utils"
import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"

export type AdjustInventoryLevelInput = {
  inventory_item_id: string
  location_id: string
  level_id: string
  adjustment: number
}

/**
 * A remote's stock delta, applied the way Medusa's fulfillments and returns apply theirs
 * (adjustInventoryLevelsStep: read-modify-write under the inventory item's lock, undone if the
 * workflow fails), announced as `inventory-level.updated` so the marketplaces hear of it.
 */
export const adjustInventoryLevelWorkflow = createWorkflow(
  "syncguard-adjust-inventory-level",
  (input: WorkflowData<AdjustInventoryLevelInput>) => {
    const adjustments = transform({ input }, ({ input }) => [
      { inventory_item_id: input.inventory_item_id, location_id: input.location_id, adjustment: input.adjustment },
    ])
    adjustInventoryLevelsStep(adjustments)
    const eventData = transform({ input }, ({ input }) => ({ id: input.level_id }))
    emitEventStep({ eventName: InventoryLevelWorkflowEvents.UPDATED, data: eventData })
    return new WorkflowResponse(input)
  }
)
