import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

type Container = Pick<MedusaContainer, "resolve">

/** What a stock-related event names: an inventory level, a reservation, or an order. */
export type StockTrigger =
  { kind: "inventory_level"; id: string } | { kind: "reservation"; id: string } | { kind: "order"; id: string }

/**
 * The variants whose available stock an event may have changed, with inventory managed. A
 * deleted level or reservation is still read (withDeleted): its deletion is the change.
 */
export async function variantsAffectedBy(container: Container, trigger: StockTrigger): Promise<string[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  let inventoryItemIds: string[] = []
  if (trigger.kind === "order") {
    const { data } = await query.graph({ entity: "order", fields: ["items.variant_id"], filters: { id: trigger.id } })
    const variantIds = ((data[0] as any)?.items ?? []).map((i: any) => i?.variant_id).filter(Boolean) as string[]
    return managed(container, [...new Set(variantIds)])
  }
  const inventory = container.resolve(Modules.INVENTORY)
  if (trigger.kind === "inventory_level") {
    const levels = await inventory.listInventoryLevels(
      { id: [trigger.id] },
      { withDeleted: true, select: ["inventory_item_id"] }
    )
    inventoryItemIds = levels.map((l) => l.inventory_item_id)
  } else {
    const reservations = await inventory.listReservationItems(
      { id: [trigger.id] },
      { withDeleted: true, select: ["inventory_item_id"] }
    )
    inventoryItemIds = reservations.map((r) => r.inventory_item_id)
  }
  if (!inventoryItemIds.length) return []
  const { data: items } = await query.graph({
    entity: "inventory_item",
    fields: ["id", "variants.id", "variants.manage_inventory"],
    filters: { id: [...new Set(inventoryItemIds)] },
  })
  const ids = new Set<string>()
  for (const item of items as any[]) {
    for (const v of item?.variants ?? []) if (v?.id && v.manage_inventory !== false) ids.add(v.id)
  }
  return [...ids]
}

async function managed(container: Container, variantIds: string[]): Promise<string[]> {
  if (!variantIds.length) return []
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product_variant",
    fields: ["id", "manage_inventory"],
    filters: { id: variantIds },
  })
  return (data as Array<{ id: string; manage_inventory: boolean }>)
    .filter((v) => v.manage_inventory !== false)
    .map((v) => v.id)
}
