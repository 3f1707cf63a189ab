import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export type LoadSyncEntityStepInput = { entity_type: string; entity_id: string }

/** What connectors may map, per entity type. The event never carries state: it is read fresh. */
const FIELDS: Record<string, string[]> = {
  order: [
    "id",
    "display_id",
    "version",
    "status",
    "email",
    "currency_code",
    "customer_id",
    "created_at",
    "updated_at",
    "canceled_at",
    "subtotal",
    "tax_total",
    "shipping_total",
    "discount_total",
    "total",
    "items.id",
    "items.title",
    "items.product_title",
    "items.variant_sku",
    "items.quantity",
    "items.unit_price",
    "shipping_address.*",
  ],
  customer: ["id", "email", "first_name", "last_name", "phone", "company_name", "updated_at"],
}

export const loadSyncEntityStepId = "syncguard-load-sync-entity"

/** This step loads the entity's current state with Query; null when it no longer exists. */
export const loadSyncEntityStep = createStep(
  loadSyncEntityStepId,
  async (input: LoadSyncEntityStepInput, { container }) => {
    const fields = FIELDS[input.entity_type]
    if (!fields) {
      return new StepResponse(null)
    }
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: input.entity_type, fields, filters: { id: input.entity_id } })
    return new StepResponse((data[0] as Record<string, unknown> | undefined) ?? null)
  }
)
