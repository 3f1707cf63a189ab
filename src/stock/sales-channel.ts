import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createSalesChannelsWorkflow, linkSalesChannelsToStockLocationWorkflow } from "@medusajs/medusa/core-flows"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import type { BolConnectorConfig } from "../modules/syncguard/config/options"
import type SyncguardModuleService from "../modules/syncguard/service"

type Container = Pick<MedusaContainer, "resolve">

/** channel ids are trusted this long (a deleted or re-created channel is noticed within it) */
const KNOWN_FOR_MS = 60_000
const known = new Map<string, { id: string; at: number }>()

function marketplaceSettings(container: Container, connector: string): BolConnectorConfig {
  const settings = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE).connectors.settingsOf(connector)
  if (settings.kind !== "bol") {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `syncguard: connector "${connector}" is not a marketplace`)
  }
  return settings
}

/**
 * The sales channel whose stock locations a marketplace connector sells from: the configured
 * `stockSalesChannelId`, else the channel its orders are created in (by name). Null while that
 * channel does not exist yet: then every location counts.
 */
export async function stockSalesChannelId(container: Container, connector: string): Promise<string | null> {
  const settings = marketplaceSettings(container, connector)
  if (settings.stockSalesChannelId) return settings.stockSalesChannelId
  const cached = known.get(connector)
  if (cached && Date.now() - cached.at < KNOWN_FOR_MS) return cached.id
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "sales_channel",
    fields: ["id"],
    filters: { name: settings.orders.salesChannelName },
  })
  const id = (data[0] as { id?: string } | undefined)?.id ?? null
  if (id) known.set(connector, { id, at: Date.now() })
  else known.delete(connector)
  return id
}

/**
 * The channel marketplace orders are created in, made on first use and linked to every stock
 * location (so its orders reserve the same stock the storefront sells from).
 */
export async function ensureMarketplaceSalesChannel(container: MedusaContainer, connector: string): Promise<string> {
  const existing = await stockSalesChannelId(container, connector)
  const settings = marketplaceSettings(container, connector)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  let id = existing
  if (!id) {
    const { result } = await createSalesChannelsWorkflow(container).run({
      input: {
        salesChannelsData: [
          {
            name: settings.orders.salesChannelName,
            description: `Orders from the ${connector} marketplace (syncguard)`,
          },
        ],
      },
    })
    id = result[0].id
    known.set(connector, { id, at: Date.now() })
  }
  const { data: channels } = await query.graph({
    entity: "sales_channel",
    fields: ["id", "stock_locations.id"],
    filters: { id },
  })
  const linked = new Set(((channels[0] as any)?.stock_locations ?? []).map((l: { id: string }) => l.id))
  if (!linked.size) {
    const { data: locations } = await query.graph({ entity: "stock_location", fields: ["id"] })
    const add = (locations as Array<{ id: string }>).map((l) => l.id).filter((l) => !linked.has(l))
    if (add.length) {
      await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: add[0], add: [id] } })
      for (const location of add.slice(1)) {
        await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: location, add: [id] } })
      }
    }
  }
  return id
}

/** For tests: forget the channel ids learned in this process. */
export function forgetSalesChannels(): void {
  known.clear()
}

/** The stock locations a sales channel sells from, read fresh. */
export async function channelLocations(container: Container, salesChannelId: string): Promise<string[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "sales_channel",
    fields: ["stock_locations.id"],
    filters: { id: salesChannelId },
  })
  return ((data[0] as any)?.stock_locations ?? []).map((l: { id: string }) => l.id)
}
