import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  attachMarketplaceReservations,
  detachMarketplaceReservations,
} from "../../marketplace/marketplace-reservations"

export type AttachMarketplaceReservationsInput = {
  connector: string
  remote_order_id: string
  /** the created order's lines (their metadata names the marketplace line) */
  items: Array<{ id: string; metadata?: Record<string, unknown> | null }>
}

export const attachMarketplaceReservationsStepId = "syncguard-attach-marketplace-reservations-step"

/**
 * The stock a marketplace order reserved before it existed in Medusa goes to its line items.
 * Compensation gives it back to the marketplace order (still reserved), for the retry.
 */
export const attachMarketplaceReservationsStep = createStep(
  attachMarketplaceReservationsStepId,
  async (input: AttachMarketplaceReservationsInput, { container }) => {
    const previous = await attachMarketplaceReservations(container, input)
    return new StepResponse(previous.length, previous)
  },
  async (previous, { container }) => {
    if (previous?.length) await detachMarketplaceReservations(container, previous)
  }
)
