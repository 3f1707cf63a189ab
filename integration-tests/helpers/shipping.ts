import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  addShippingMethodToCartWorkflow,
  completeCartWorkflow,
  createCartWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
} from "@medusajs/medusa/core-flows"
import type { StockedStore } from "./stock"

/**
 * A way to ship from the stocked store's one location to its country: a shipping profile, a
 * fulfillment set at the location with one service zone, and a flat-rate option of Medusa's
 * manual provider. Orders placed with it can be fulfilled and shipped by Medusa's workflows.
 */
export async function addShippingOption(container: MedusaContainer, store: StockedStore): Promise<string> {
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: store.locationId },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
  })
  const {
    result: [profile],
  } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: `Parcels ${store.locationId}`, type: "default" }] },
  })
  const set = await fulfillment.createFulfillmentSets({
    name: `Warehouse ${store.locationId}`,
    type: "shipping",
    service_zones: [{ name: "Domestic", geo_zones: [{ type: "country", country_code: store.country ?? "nl" }] }],
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: store.locationId },
    [Modules.FULFILLMENT]: { fulfillment_set_id: set.id },
  })
  const { result } = await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: "Standard",
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id: set.service_zones[0].id,
        shipping_profile_id: profile.id,
        type: { label: "Standard", description: "2-3 days", code: "standard" },
        prices: [
          { currency_code: store.currency, amount: 5 },
          { region_id: store.regionId, amount: 5 },
        ],
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "false", operator: "eq" },
        ],
      },
    ],
  })
  return result[0].id
}

/** Places an order through cart completion, shipped with `shippingOptionId` (see addShippingOption). */
export async function placeShippableOrder(
  container: MedusaContainer,
  store: StockedStore,
  shippingOptionId: string,
  email: string,
  variantId: string = store.variantId
): Promise<string> {
  const { result: cart } = await createCartWorkflow(container).run({
    input: {
      region_id: store.regionId,
      sales_channel_id: store.salesChannelId,
      currency_code: store.currency,
      email,
      shipping_address: {
        first_name: "Ada",
        last_name: "Lovelace",
        address_1: "1 Analytical Way",
        city: "Delft",
        postal_code: "2611AA",
        country_code: store.country,
      },
      items: [{ variant_id: variantId, quantity: 1 }],
    },
  })
  await addShippingMethodToCartWorkflow(container).run({
    input: { cart_id: cart.id, options: [{ id: shippingOptionId }] },
  })
  const { result: collection } = await createPaymentCollectionForCartWorkflow(container).run({
    input: { cart_id: cart.id },
  })
  await createPaymentSessionsWorkflow(container).run({
    input: { payment_collection_id: collection.id, provider_id: "pp_system_default" },
  })
  const { result } = await completeCartWorkflow(container).run({ input: { id: cart.id } })
  return result.id
}
