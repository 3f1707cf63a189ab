import type { MedusaContainer } from "@medusajs/framework/types"
import { InboundNotApplicableError } from "../modules/syncguard/errors"
import { INBOUND_EVENT_SCHEMAS, InboundData, InboundEventType } from "../modules/syncguard/inbound/profile"
import type { InboundEventRow } from "../modules/syncguard/service"
import { applyCustomerUpdated } from "./apply-customer"
import { applyLevelAdjust, applyLevelSet } from "./apply-inventory"
import { applyOrderStatus } from "./apply-order-status"
import { applyPriceUpdated } from "./apply-price"
import type { ApplyResult } from "./apply-result"

export type { ApplyResult }

/** Applies one recorded inbound event in Medusa: the type's applier, with the ownership check inside. */
export async function applyInboundEvent(container: MedusaContainer, event: InboundEventRow): Promise<ApplyResult> {
  const type = event.type as InboundEventType
  const schema = Object.prototype.hasOwnProperty.call(INBOUND_EVENT_SCHEMAS, type)
    ? INBOUND_EVENT_SCHEMAS[type]
    : undefined
  if (!schema) throw new InboundNotApplicableError(`unknown event type ${event.type}`)
  // recorded after validation; parsed again so a row edited by hand cannot carry anything else
  const parsed = schema.safeParse(event.payload)
  if (!parsed.success) throw new InboundNotApplicableError(`payload no longer valid: ${parsed.error.message}`)
  const version = event.version === null ? null : Number(event.version)
  switch (type) {
    case "inventory.level.set":
      return applyLevelSet(container, event, parsed.data as InboundData<"inventory.level.set">, version!)
    case "inventory.level.adjust":
      return applyLevelAdjust(container, event, parsed.data as InboundData<"inventory.level.adjust">, version)
    case "customer.updated":
      return applyCustomerUpdated(container, event, parsed.data as InboundData<"customer.updated">, version!)
    case "price.updated":
      return applyPriceUpdated(container, event, parsed.data as InboundData<"price.updated">, version!)
    case "order.status":
      return applyOrderStatus(container, event, parsed.data as InboundData<"order.status">, version!)
  }
}
