import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export type LoadSyncEntityStepInput = {
  entity_type: string
  entity_id: string
  /** already loaded (with the rest of its batch): undefined means "load it" */
  preloaded?: Record<string, unknown> | null
}

/** What connectors may map, per entity type. The event never carries state: it is read fresh. */
export const SYNC_ENTITY_FIELDS: Record<string, string[]> = {
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
    "items.is_tax_inclusive",
    "shipping_address.*",
  ],
  customer: ["id", "email", "first_name", "last_name", "phone", "company_name", "updated_at"],
}

export const loadSyncEntityStepId = "syncguard-load-sync-entity"

/** This step loads the entity's current state with Query; null when it no longer exists. */
export const loadSyncEntityStep = createStep(
  loadSyncEntityStepId,
  async (input: LoadSyncEntityStepInput, { container }) => {
    if (input.preloaded !== undefined) {
      return new StepResponse(input.preloaded)
    }
    const loaded = await loadSyncEntities(container, input.entity_type, [input.entity_id])
    return new StepResponse(loaded.get(input.entity_id) ?? null)
  }
)

/** Current state of many entities of one type in one query; missing ones are absent from the map. */
export async function loadSyncEntities(
  container: { resolve: (key: string) => any },
  entityType: string,
  ids: string[]
): Promise<Map<string, Record<string, unknown>>> {
  const fields = SYNC_ENTITY_FIELDS[entityType]
  if (!fields || !ids.length) {
    return new Map()
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: entityType, fields, filters: { id: ids } })
  return new Map((data as Array<Record<string, unknown>>).map((row) => [String(row.id), row]))
}
