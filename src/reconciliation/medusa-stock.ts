import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { toNumber } from "../stock/stock-state"
import { medusaDb } from "./keyset"

export type StockedVariant = { id: string; sku: string }

/** One page of variants with a SKU whose inventory Medusa manages, in id order (keyset). */
export async function readVariantPage(
  container: Pick<MedusaContainer, "resolve">,
  afterId: string,
  limit: number
): Promise<StockedVariant[]> {
  const { rows } = await medusaDb(container).raw(
    `SELECT id, sku FROM product_variant
     WHERE deleted_at IS NULL AND sku IS NOT NULL AND sku <> '' AND manage_inventory = true AND id > ?
     ORDER BY id LIMIT ?`,
    [afterId, limit]
  )
  return rows as StockedVariant[]
}

/** Units stocked per variant over every location (what an ERP counts as on hand), read fresh. */
export async function stockedFor(
  container: Pick<MedusaContainer, "resolve">,
  variantIds: string[]
): Promise<Map<string, number>> {
  if (!variantIds.length) return new Map()
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph(
    {
      entity: "product_variant",
      fields: ["id", "inventory_items.inventory.location_levels.stocked_quantity"],
      filters: { id: variantIds },
    },
    { cache: { enable: false } }
  )
  const stocked = new Map<string, number>()
  for (const v of data as any[]) {
    const items = v.inventory_items ?? []
    // a kit (several items) has no single on-hand figure to compare
    if (items.length !== 1) continue
    const levels: any[] = items[0]?.inventory?.location_levels ?? []
    stocked.set(
      v.id,
      levels.reduce((sum, l) => sum + toNumber(l.stocked_quantity), 0)
    )
  }
  return stocked
}
