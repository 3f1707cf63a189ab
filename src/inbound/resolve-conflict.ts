import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { requestDelivery } from "../delivery/fast-path"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import { customerEntity } from "../modules/syncguard/entities/customer"
import { buildIdempotencyKey } from "../modules/syncguard/outbox/keys"
import { newCorrelationId } from "../modules/syncguard/outbox/ids"
import type SyncguardModuleService from "../modules/syncguard/service"
import type { FieldConflictRow, InboundEventRow } from "../modules/syncguard/service"
import { findCustomer, writeCustomerFields } from "./apply-customer"
import { adjustOnce, setStocked } from "./apply-inventory"
import { writeOrderStatus } from "./apply-order-status"
import { loadOrder, statusDataOf } from "./order-status-state"
import { writePrice } from "./apply-price"
import { stockedNow } from "./inventory-target"
import { withSubjectLock } from "./subject-lock"

export type ConflictResolution = "accept_incoming" | "keep_ours"

/** The value a conflict holds back, written through the same Medusa workflows an owner's event uses. */
async function applyIncoming(container: MedusaContainer, conflict: FieldConflictRow): Promise<void> {
  const value = conflict.incoming_value as any
  switch (conflict.entity_type) {
    case "customer": {
      const customer = await findCustomer(container, { customer_id: conflict.entity_id })
      await writeCustomerFields(container, customer, [{ field: conflict.field, incoming: value }])
      return
    }
    case "price": {
      const region = conflict.region
        ? ((await container.resolve(Modules.REGION).retrieveRegion(conflict.region)) as { id: string; name: string })
        : null
      await writePrice(
        container,
        { variant_id: conflict.entity_id, currency_code: value.currency_code, region },
        Number(value.amount)
      )
      return
    }
    case "inventory": {
      const level = await container.resolve(Modules.INVENTORY).retrieveInventoryLevel(conflict.entity_id)
      const target = {
        inventory_item_id: level.inventory_item_id,
        location_id: level.location_id,
        level_id: level.id,
        stocked_quantity: Number(level.stocked_quantity),
      }
      const subject = `inventory:${target.inventory_item_id}:${target.location_id}`
      await withSubjectLock(container, subject, async () => {
        if (typeof value === "number") return setStocked(container, target, value)
        // a delta keeps its operation id: accepting it twice (or after its owner sent it too) applies it once
        const event = { id: conflict.event_id, connector: conflict.sender } as InboundEventRow
        await adjustOnce(
          container,
          event,
          target,
          subject,
          value.operation_id,
          value.adjustment,
          null,
          await stockedNow(container, target)
        )
      })
      return
    }
    case "order": {
      // the status alone, or with the invoice or tracking its event carried
      const data = statusDataOf(conflict.entity_id, value)
      await writeOrderStatus(container, await loadOrder(container, conflict.entity_id), data)
      return
    }
  }
  throw new MedusaError(MedusaError.Types.INVALID_DATA, `Cannot apply a ${conflict.entity_type} conflict`)
}

/** Sends our value to the sender again: a fresh outbox message (its own key), for entities the sender takes. */
async function resendOurs(container: MedusaContainer, conflict: FieldConflictRow): Promise<void> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const outbound = syncguard.connectors.outbound(conflict.sender)
  if (conflict.entity_type !== "customer" || !outbound?.takes("customer")) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Connector "${conflict.sender}" does not take ${conflict.entity_type} updates from syncguard: there is nothing to re-send; keep ours without resend`
    )
  }
  const customer = await findCustomer(container, { customer_id: conflict.entity_id })
  const ids = await syncguard.enqueueMessages([
    {
      connector: conflict.sender,
      operation: customerEntity.operations[0],
      entity_type: "customer",
      entity_id: customer.id,
      idempotency_key: buildIdempotencyKey({
        connector: conflict.sender,
        operation: customerEntity.operations[0],
        entityType: "customer",
        entityId: customer.id,
        version: `resend-${conflict.id}`,
      }),
      correlation_id: newCorrelationId(),
      source_changed_at: new Date(),
      coalesces: true,
    },
  ])
  if (syncguard.config.fastPath) requestDelivery(container, ids)
}

/**
 * An admin's decision on a conflict: accept the incoming value (applied through Medusa's
 * workflows) or keep ours (optionally sent to the other side again); recorded with who decided.
 */
export async function resolveFieldConflict(
  container: MedusaContainer,
  input: { id: string; resolution: ConflictResolution; resend: boolean; actor: string }
): Promise<FieldConflictRow> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const conflict = await syncguard.getFieldConflict(input.id)
  if (!conflict) throw new MedusaError(MedusaError.Types.NOT_FOUND, `No field conflict ${input.id}`)
  if (conflict.status !== "open") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Conflict ${conflict.id} was already decided (${conflict.status} by ${conflict.decided_by ?? "unknown"})`
    )
  }
  if (input.resolution === "accept_incoming" && input.resend) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "resend goes with keep_ours only: the sender already has its own value"
    )
  }
  if (input.resolution === "accept_incoming") await applyIncoming(container, conflict)
  if (input.resend) await resendOurs(container, conflict)
  const decided = await syncguard.decideFieldConflict({
    id: conflict.id,
    status: input.resolution === "accept_incoming" ? "accepted" : "kept",
    decidedBy: input.actor,
    resent: input.resend,
  })
  if (!decided)
    throw new MedusaError(MedusaError.Types.CONFLICT, `Conflict ${conflict.id} was decided by someone else meanwhile`)
  return decided
}
