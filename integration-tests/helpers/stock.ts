import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createInventoryLevelsWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createStockLocationsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateInventoryLevelsWorkflow,
} from "@medusajs/medusa/core-flows"
import type { Store } from "./seed"

export type StockedVariant = { sku: string; barcode: string; variantId: string; inventoryItemId: string }
export type StockedStore = Store & { currency: string; locationId: string; variants: StockedVariant[] }

/**
 * A store that keeps inventory: a EUR region, a webshop channel and one stock location it sells
 * from, and one product per SKU with `quantity` units stocked. The marketplace's own channel is
 * made by syncguard on first use and linked to the same location.
 */
export async function seedStockedStore(
  container: MedusaContainer,
  skus: Array<{ sku: string; quantity: number; barcode?: string }>
): Promise<StockedStore> {
  const {
    result: [salesChannel],
  } = await createSalesChannelsWorkflow(container).run({ input: { salesChannelsData: [{ name: "Webshop" }] } })
  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: {
      regions: [{ name: "NL", currency_code: "eur", countries: ["nl"], payment_providers: ["pp_system_default"] }],
    },
  })
  const {
    result: [location],
  } = await createStockLocationsWorkflow(container).run({ input: { locations: [{ name: "Warehouse" }] } })
  await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: location.id, add: [salesChannel.id] } })
  const { result: products } = await createProductsWorkflow(container).run({
    input: {
      products: skus.map((s, i) => ({
        title: `Stocked ${s.sku}`,
        status: "published" as const,
        options: [{ title: "Size", values: ["One"] }],
        sales_channels: [{ id: salesChannel.id }],
        variants: [
          {
            title: "One",
            sku: s.sku,
            barcode: s.barcode ?? `87100000${String(i).padStart(5, "0")}`,
            manage_inventory: true,
            options: { Size: "One" },
            prices: [{ amount: 20, currency_code: "eur" }],
          },
        ],
      })),
    },
  })
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const variantIds = products.map((p) => p.variants[0].id)
  const { data: variants } = await query.graph({
    entity: "product_variant",
    fields: ["id", "sku", "barcode", "inventory_items.inventory_item_id"],
    filters: { id: variantIds },
  })
  // in the order the SKUs were given (Query returns rows in no particular order)
  const bySku = new Map((variants as any[]).map((v) => [v.sku, v]))
  const stocked: StockedVariant[] = skus
    .map((s) => bySku.get(s.sku))
    .map((v) => ({
      sku: v.sku,
      barcode: v.barcode,
      variantId: v.id,
      inventoryItemId: v.inventory_items[0].inventory_item_id,
    }))
  // parcels are not what these tests are about: no shipping method is needed at checkout
  await container
    .resolve(Modules.INVENTORY)
    .updateInventoryItems(stocked.map((v) => ({ id: v.inventoryItemId, requires_shipping: false })))
  await createInventoryLevelsWorkflow(container).run({
    input: {
      inventory_levels: stocked.map((v) => ({
        inventory_item_id: v.inventoryItemId,
        location_id: location.id,
        stocked_quantity: skus.find((s) => s.sku === v.sku)!.quantity,
      })),
    },
  })
  const {
    result: [apiKey],
  } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ type: "publishable", title: "Webshop", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: apiKey.id, add: [salesChannel.id] } })
  return {
    regionId: region.id,
    salesChannelId: salesChannel.id,
    variantId: stocked[0].variantId,
    sku: stocked[0].sku,
    publishableKey: apiKey.token,
    currency: "eur",
    country: "nl",
    locationId: location.id,
    variants: stocked,
  }
}

/** Sets a SKU's stocked quantity the way an admin or an ERP import does (inventory-level.updated). */
export async function setStocked(container: MedusaContainer, store: StockedStore, sku: string, quantity: number) {
  const v = store.variants.find((x) => x.sku === sku)!
  await updateInventoryLevelsWorkflow(container).run({
    input: {
      updates: [{ inventory_item_id: v.inventoryItemId, location_id: store.locationId, stocked_quantity: quantity }],
    },
  })
}

/** One more stocked SKU in an existing store, at its location (a fresh level for each property run). */
export async function addStockedSku(container: MedusaContainer, store: StockedStore, sku: string, quantity: number) {
  const {
    result: [product],
  } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: `Stocked ${sku}`,
          status: "published" as const,
          options: [{ title: "Size", values: ["One"] }],
          sales_channels: [{ id: store.salesChannelId }],
          variants: [
            {
              title: "One",
              sku,
              manage_inventory: true,
              options: { Size: "One" },
              prices: [{ amount: 20, currency_code: "eur" }],
            },
          ],
        },
      ],
    },
  })
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product_variant",
    fields: ["id", "inventory_items.inventory_item_id"],
    filters: { id: product.variants[0].id },
  })
  const inventoryItemId = (data[0] as any).inventory_items[0].inventory_item_id as string
  await createInventoryLevelsWorkflow(container).run({
    input: {
      inventory_levels: [
        { inventory_item_id: inventoryItemId, location_id: store.locationId, stocked_quantity: quantity },
      ],
    },
  })
  return { sku, variantId: product.variants[0].id, inventoryItemId }
}
