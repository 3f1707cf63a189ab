import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, generateJwtToken, Modules } from "@medusajs/framework/utils"
import {
  completeCartWorkflow,
  createApiKeysWorkflow,
  createCartWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/medusa/core-flows"

export type Store = {
  regionId: string
  salesChannelId: string
  variantId: string
  sku: string
  publishableKey: string
  /** default usd / us */
  currency?: string
  country?: string
}

/** A region with the system payment provider, one published product and a publishable key. */
export async function seedStore(
  container: MedusaContainer,
  options: { sku?: string; price?: number } = {}
): Promise<Store> {
  const {
    result: [salesChannel],
  } = await createSalesChannelsWorkflow(container).run({ input: { salesChannelsData: [{ name: "Webshop" }] } })
  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: {
      regions: [{ name: "US", currency_code: "usd", countries: ["us"], payment_providers: ["pp_system_default"] }],
    },
  })
  const sku = options.sku ?? "SG-MUG-1"
  const {
    result: [product],
  } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: "Sync mug",
          status: "published",
          options: [{ title: "Size", values: ["One"] }],
          sales_channels: [{ id: salesChannel.id }],
          variants: [
            {
              title: "One",
              sku,
              manage_inventory: false,
              options: { Size: "One" },
              prices: [{ amount: options.price ?? 1500, currency_code: "usd" }],
            },
          ],
        },
      ],
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
    variantId: product.variants[0].id,
    sku,
    publishableKey: apiKey.token,
  }
}

/** Places a real order through Medusa's cart completion, which emits order.placed. */
export async function placeOrder(
  container: MedusaContainer,
  store: Store,
  email: string,
  quantity = 1,
  customerId?: string,
  variantId: string = store.variantId
): Promise<string> {
  const { result: cart } = await createCartWorkflow(container).run({
    input: {
      region_id: store.regionId,
      sales_channel_id: store.salesChannelId,
      currency_code: store.currency ?? "usd",
      email,
      ...(customerId ? { customer_id: customerId } : {}),
      shipping_address: {
        first_name: "Ada",
        last_name: "Lovelace",
        address_1: "1 Analytical Way",
        city: "Springfield",
        postal_code: "12345",
        country_code: store.country ?? "us",
      },
      items: [{ variant_id: variantId, quantity }],
    },
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

/** An admin user and the Authorization header the admin API expects. */
export async function adminHeaders(container: MedusaContainer): Promise<{ headers: Record<string, string> }> {
  const user = await container.resolve(Modules.USER).createUsers({ email: `admin-${Date.now()}@syncguard.test` })
  const authIdentity = await container.resolve(Modules.AUTH).createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: user.email }],
    app_metadata: { user_id: user.id },
  })
  const { http } = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE).projectConfig
  const token = generateJwtToken(
    { actor_id: user.id, actor_type: "user", auth_identity_id: authIdentity.id, app_metadata: { user_id: user.id } },
    { secret: http.jwtSecret!, expiresIn: "1d" }
  )
  return { headers: { authorization: `Bearer ${token}` } }
}
