import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, MedusaError } from "@medusajs/framework/utils"
import { createInventoryLevelsWorkflow } from "@medusajs/medusa/core-flows"
import { InboundNotApplicableError } from "../modules/syncguard/errors"

export type LevelTarget = {
  inventory_item_id: string
  location_id: string
  level_id: string
  stocked_quantity: number
}

/**
 * The inventory level a remote's SKU and location name. A SKU Medusa does not know (yet) is an
 * ordinary error (retried: the product may be created later); a variant made of several
 * inventory items cannot take a stock figure for "the SKU" and never applies. A level missing
 * at an existing location is created at 0, as Medusa's admin would.
 */
export async function resolveLevel(
  container: MedusaContainer,
  sku: string,
  locationId: string | undefined
): Promise<LevelTarget> {
  // read every time: a SKU can move to another variant, and a cached item would take its stock
  return levelOf(container, sku, await inventoryItemOf(container, sku), locationId)
}

async function inventoryItemOf(container: MedusaContainer, sku: string): Promise<string> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: variants } = await query.graph({
    entity: "product_variant",
    fields: ["id", "sku", "manage_inventory", "inventory_items.inventory_item_id"],
    filters: { sku },
  })
  const variant = variants[0] as { id: string; inventory_items?: Array<{ inventory_item_id: string }> } | undefined
  if (!variant) throw new MedusaError(MedusaError.Types.NOT_FOUND, `no variant has SKU "${sku}"`)
  const items = variant.inventory_items ?? []
  if (items.length !== 1) {
    throw new InboundNotApplicableError(
      `SKU "${sku}" is stocked as ${items.length} inventory items (a kit or no inventory): a stock figure for the SKU cannot apply`
    )
  }
  return items[0].inventory_item_id
}

async function levelOf(
  container: MedusaContainer,
  sku: string,
  itemId: string,
  locationId: string | undefined
): Promise<LevelTarget> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  // the inventory module, not Query: the figure must be the one in the database now
  const inventory = container.resolve(Modules.INVENTORY)
  const levels = await inventory.listInventoryLevels({ inventory_item_id: itemId })
  let level = locationId
    ? levels.find((l) => l.location_id === locationId)
    : levels.length === 1
      ? levels[0]
      : undefined
  if (!level && !locationId) {
    throw new InboundNotApplicableError(
      `SKU "${sku}" is stocked at ${levels.length} locations: give location_id (${levels.map((l) => l.location_id).join(", ") || "none"})`
    )
  }
  if (!level) {
    const { data: locations } = await query.graph({
      entity: "stock_location",
      fields: ["id"],
      filters: { id: locationId },
    })
    if (!locations.length) throw new InboundNotApplicableError(`no stock location "${locationId}"`)
    await createInventoryLevelsWorkflow(container).run({
      input: { inventory_levels: [{ inventory_item_id: itemId, location_id: locationId!, stocked_quantity: 0 }] },
    })
    ;[level] = await inventory.listInventoryLevels({ inventory_item_id: itemId, location_id: locationId })
  }
  return {
    inventory_item_id: itemId,
    location_id: level!.location_id,
    level_id: level!.id,
    stocked_quantity: Number(level!.stocked_quantity),
  }
}

/** The level's stocked quantity as the database has it now. */
export async function stockedNow(container: MedusaContainer, target: LevelTarget): Promise<number> {
  const [level] = await container
    .resolve(Modules.INVENTORY)
    .listInventoryLevels({ inventory_item_id: target.inventory_item_id, location_id: target.location_id })
  return Number(level?.stocked_quantity ?? 0)
}
