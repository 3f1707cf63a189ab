import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { entityDescriptor } from "../modules/syncguard/entities"
import { loadStockStates } from "../stock/stock-state"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import { fieldsOwnedBy, OwnedEntity, OWNED_ENTITIES } from "../modules/syncguard/policies/ownership"
import type SyncguardModuleService from "../modules/syncguard/service"

/**
 * The entities whose outbound messages are field writes to the remote (a customer's details). An
 * order is a document the remote books, not a write of the fields the remote owns there: its
 * status travels with it (the ERP owning `order.status` means the ERP's shipped/invoiced/canceled
 * is applied in Medusa, not that Medusa stops telling it an order was placed or canceled).
 */
const WRITES_FIELDS: OwnedEntity[] = ["customer"]
const isOwnedEntity = (type: string): type is OwnedEntity =>
  (OWNED_ENTITIES as string[]).includes(type) && WRITES_FIELDS.includes(type as OwnedEntity)

/**
 * Current state of many entities of one type in one Query call, with the fields its descriptor
 * lets connectors map, minus the fields the receiving connector owns (ownership map). The event never carries state: it is read fresh when the message is sent.
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
  const rows = data as Array<Record<string, unknown>>
  if (isOwnedEntity(entityType)) {
    // the write permission, outbound: a field the receiver owns is not ours to write there
    const syncguard = container.resolve(SYNCGUARD_MODULE) as SyncguardModuleService
    const withheld = fieldsOwnedBy((await syncguard.ownershipRules()).rules, entityType, connector)
    for (const row of rows) withheld.forEach((field) => delete row[field])
  }
  return new Map(rows.map((row) => [String(row.id), row]))
}
