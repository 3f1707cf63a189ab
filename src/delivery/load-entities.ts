import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { entityDescriptor } from "../modules/syncguard/entities"
import { loadStockStates } from "../stock/stock-state"

/**
 * Current state of many entities of one type in one Query call, with the fields its descriptor
 * lets connectors map. The event never carries state: it is read fresh when the message is sent.
 */
export async function loadSyncEntities(
  container: { resolve: (key: string) => any },
  entityType: string,
  ids: string[],
  connector: string
): Promise<Map<string, Record<string, unknown>>> {
  if (!ids.length) return new Map()
  if (entityType === "stock") {
    // a stock message stands for "publish what is available now" on this connector
    return (await loadStockStates(container, connector, ids)) as unknown as Map<string, Record<string, unknown>>
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: entityType,
    fields: entityDescriptor(entityType).fields,
    filters: { id: ids },
  })
  return new Map((data as Array<Record<string, unknown>>).map((row) => [String(row.id), row]))
}
