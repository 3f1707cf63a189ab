import { ContainerRegistrationKeys, MathBN, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export type ReserveMarketplaceStockInput = {
  sales_channel_id: string
  /** tags the reservations as this marketplace's (see MARKETPLACE_RESERVATION_KEY) */
  connector: string
  remote_order_id: string
  /** the created order's lines */
  items: Array<{ line_item_id: string; variant_id: string | null; quantity: number }>
}

/**
 * The reservation's metadata key naming the marketplace connector whose order it holds stock for.
 * The stock sent to that marketplace adds these units back: the marketplace subtracts its own
 * open orders itself (README, "The amount sent").
 */
export const MARKETPLACE_RESERVATION_KEY = "syncguard_marketplace"

export const reserveMarketplaceStockStepId = "syncguard-reserve-marketplace-stock"

/**
 * Reserves a marketplace order's items at the channel's locations, under the same locks a
 * checkout takes (per inventory item), so the storefront sees the units gone at once and the two
 * channels can never both take the last one. Throws NOT_ALLOWED when the stock cannot cover it.
 */
export const reserveMarketplaceStockStep = createStep(
  reserveMarketplaceStockStepId,
  async (input: ReserveMarketplaceStockInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const inventory = container.resolve(Modules.INVENTORY)
    const locking = container.resolve(Modules.LOCKING)
    const variantIds = [...new Set(input.items.map((i) => i.variant_id).filter(Boolean))] as string[]
    const { data: variants } = await query.graph({
      entity: "product_variant",
      fields: [
        "id",
        "manage_inventory",
        "allow_backorder",
        "inventory_items.inventory_item_id",
        "inventory_items.required_quantity",
      ],
      filters: { id: variantIds },
    })
    const byId = new Map((variants as any[]).map((v) => [v.id, v]))
    const { data: channels } = await query.graph({
      entity: "sales_channel",
      fields: ["stock_locations.id"],
      filters: { id: input.sales_channel_id },
    })
    const locationIds: string[] = ((channels[0] as any)?.stock_locations ?? []).map((l: { id: string }) => l.id)
    const wanted: Array<{
      line_item_id: string
      inventory_item_id: string
      quantity: number
      allow_backorder: boolean
      external_id: string
      metadata: Record<string, string>
    }> = []
    for (const item of input.items) {
      const variant = item.variant_id ? byId.get(item.variant_id) : undefined
      if (!variant?.manage_inventory) continue
      for (const link of variant.inventory_items ?? []) {
        wanted.push({
          line_item_id: item.line_item_id,
          inventory_item_id: link.inventory_item_id,
          quantity: item.quantity * Number(link.required_quantity ?? 1),
          allow_backorder: !!variant.allow_backorder,
          external_id: input.remote_order_id,
          metadata: { [MARKETPLACE_RESERVATION_KEY]: input.connector },
        })
      }
    }
    if (!wanted.length) return new StepResponse([] as string[], { ids: [] as string[], keys: [] as string[] })
    if (!locationIds.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `sales channel ${input.sales_channel_id} has no stock location`
      )
    }
    const keys = [...new Set(wanted.map((w) => w.inventory_item_id))]
    const reservations = await locking.execute(keys, async () => {
      const levels = await inventory.listInventoryLevels({ inventory_item_id: keys, location_id: locationIds })
      const items = wanted.map((w) => {
        // the channel's location with the most available, so a line is not refused while another location could cover it
        const best = levels
          .filter((l) => l.inventory_item_id === w.inventory_item_id)
          .sort(
            (a, b) => MathBN.convert(b.available_quantity).toNumber() - MathBN.convert(a.available_quantity).toNumber()
          )[0]
        if (!best) {
          throw new MedusaError(
            MedusaError.Types.NOT_ALLOWED,
            `Not enough stock available for item ${w.inventory_item_id}: it is stocked at none of the channel's locations`
          )
        }
        return { ...w, location_id: best.location_id }
      })
      return inventory.createReservationItems(items)
    })
    const ids = reservations.map((r) => r.id)
    return new StepResponse(ids, { ids, keys })
  },
  async (data, { container }) => {
    if (!data?.ids.length) return
    const locking = container.resolve(Modules.LOCKING)
    const inventory = container.resolve(Modules.INVENTORY)
    await locking.execute(data.keys, () => inventory.deleteReservationItems(data.ids))
  }
)
