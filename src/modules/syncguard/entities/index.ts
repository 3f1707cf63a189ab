import { customerEntity } from "./customer"
import type { EntityDescriptor } from "./descriptor"
import { orderEntity } from "./order"
import { stockEntity } from "./stock"

export type { EntityDescriptor, EntityDependency } from "./descriptor"
export { customerEntity, orderEntity, stockEntity }
export type { OrderOperation } from "./order"
export type { CustomerOperation } from "./customer"
export type { StockOperation } from "./stock"

/** Every entity type the outbox carries, by type. */
export const ENTITIES: Record<string, EntityDescriptor> = {
  [orderEntity.type]: orderEntity as EntityDescriptor,
  [customerEntity.type]: customerEntity as EntityDescriptor,
  [stockEntity.type]: stockEntity as EntityDescriptor,
}

/** What a connector is asked to do: `<entity>.<verb>`. */
export type SyncOperation =
  | (typeof orderEntity.operations)[number]
  | (typeof customerEntity.operations)[number]
  | (typeof stockEntity.operations)[number]

export function entityDescriptor(type: string): EntityDescriptor {
  const descriptor = ENTITIES[type]
  if (!descriptor) throw new Error(`syncguard: no entity descriptor for "${type}"`)
  return descriptor
}
