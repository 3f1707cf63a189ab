import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, MedusaError, Modules } from "@medusajs/framework/utils"
import { channelLocations } from "../stock/sales-channel"

type Container = Pick<MedusaContainer, "resolve">

/**
 * The reservation's metadata key naming the marketplace connector whose order it holds stock for.
 * The stock sent to that marketplace adds these units back: the marketplace subtracts its own
 * open orders itself (README, "The amount sent").
 */
export const MARKETPLACE_RESERVATION_KEY = "syncguard_marketplace"
/** and the marketplace line it holds them for, so the created order's line item can take it over */
export const MARKETPLACE_LINE_KEY = "syncguard_marketplace_line"

export type MarketplaceLineToReserve = { line_ref: string; variant_id: string; quantity: number }

type Reservation = {
  id: string
  line_item_id: string | null
  inventory_item_id: string
  metadata?: Record<string, unknown> | null
}

/** The reservations already made for a marketplace order (`external_id` = its id on the marketplace). */
async function reservationsOf(container: Container, connector: string, remoteOrderId: string) {
  const inventory = container.resolve(Modules.INVENTORY)
  const found = (await inventory.listReservationItems({ external_id: remoteOrderId } as any)) as Reservation[]
  return found.filter((r) => r.metadata?.[MARKETPLACE_RESERVATION_KEY] === connector)
}

/**
 * Reserves a marketplace order's lines before its Medusa order exists, under the same locks a
 * checkout takes (per inventory item): from here on the storefront cannot sell those units,
 * while creating the order (the slow part) follows. Safe to repeat: an order that has its
 * reservations already (a retry, a worker that died after reserving) is not reserved twice.
 * Throws NOT_ALLOWED when the stock cannot cover it.
 */
export async function reserveMarketplaceLines(
  container: Container,
  input: {
    sales_channel_id: string
    /** the channel's stock locations, when the caller read them already */
    location_ids?: string[]
    /** no earlier try can have reserved for it (its claim was just inserted): no lookup */
    fresh?: boolean
    connector: string
    remote_order_id: string
    lines: MarketplaceLineToReserve[]
  }
): Promise<string[]> {
  if (!input.fresh) {
    const existing = await reservationsOf(container, input.connector, input.remote_order_id)
    if (existing.length) return existing.map((r) => r.id)
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const inventory = container.resolve(Modules.INVENTORY)
  const locking = container.resolve(Modules.LOCKING)
  const variantIds = [...new Set(input.lines.map((l) => l.variant_id))]
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
  const wanted: Array<{
    inventory_item_id: string
    quantity: number
    allow_backorder: boolean
    external_id: string
    metadata: Record<string, string>
  }> = []
  for (const line of input.lines) {
    const variant = byId.get(line.variant_id)
    if (!variant?.manage_inventory) continue
    for (const link of variant.inventory_items ?? []) {
      wanted.push({
        inventory_item_id: link.inventory_item_id,
        quantity: line.quantity * Number(link.required_quantity ?? 1),
        allow_backorder: !!variant.allow_backorder,
        external_id: input.remote_order_id,
        metadata: { [MARKETPLACE_RESERVATION_KEY]: input.connector, [MARKETPLACE_LINE_KEY]: line.line_ref },
      })
    }
  }
  if (!wanted.length) return []
  const locationIds = input.location_ids ?? (await channelLocations(container, input.sales_channel_id))
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
  return reservations.map((r) => r.id)
}

/**
 * Hands a marketplace order's reservations to its Medusa order's line items, so that fulfilling
 * it consumes them as it does a checkout's. Safe to repeat. Returns what it changed, to undo.
 */
export async function attachMarketplaceReservations(
  container: Container,
  input: {
    connector: string
    remote_order_id: string
    items: Array<{ id: string; metadata?: Record<string, unknown> | null }>
  }
): Promise<Array<{ id: string; line_item_id: string | null }>> {
  const inventory = container.resolve(Modules.INVENTORY)
  const lineItemOf = new Map(input.items.map((i) => [String(i.metadata?.marketplace_line_id ?? ""), i.id]))
  const changes: Array<{ id: string; line_item_id: string | null; before: string | null }> = []
  for (const r of await reservationsOf(container, input.connector, input.remote_order_id)) {
    const lineItemId = lineItemOf.get(String(r.metadata?.[MARKETPLACE_LINE_KEY] ?? ""))
    if (lineItemId && r.line_item_id !== lineItemId) {
      changes.push({ id: r.id, line_item_id: lineItemId, before: r.line_item_id })
    }
  }
  // UpdateReservationItemInput does not list line_item_id, but the module writes the columns it is
  // given (integration-tests/http/bol-two-channel.spec.ts checks that the line item took it over)
  if (changes.length) {
    await inventory.updateReservationItems(changes.map((c) => ({ id: c.id, line_item_id: c.line_item_id }) as any))
  }
  return changes.map((c) => ({ id: c.id, line_item_id: c.before }))
}

/** Undoes attachMarketplaceReservations (a compensation): the reservations stay, held for the retry. */
export async function detachMarketplaceReservations(
  container: Container,
  previous: Array<{ id: string; line_item_id: string | null }>
): Promise<void> {
  if (!previous.length) return
  await container
    .resolve(Modules.INVENTORY)
    .updateReservationItems(previous.map((p) => ({ id: p.id, line_item_id: p.line_item_id }) as any))
}

/** Gives back what a marketplace order reserved (it will not be created: rejected, or cancelled before). */
export async function releaseMarketplaceReservations(
  container: Container,
  connector: string,
  remoteOrderId: string
): Promise<void> {
  const held = (await reservationsOf(container, connector, remoteOrderId)).filter((r) => !r.line_item_id)
  if (!held.length) return
  const locking = container.resolve(Modules.LOCKING)
  const inventory = container.resolve(Modules.INVENTORY)
  await locking.execute([...new Set(held.map((r) => r.inventory_item_id))], () =>
    inventory.deleteReservationItems(held.map((r) => r.id))
  )
}
