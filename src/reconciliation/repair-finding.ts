import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { findCustomer, writeCustomerFields } from "../inbound/apply-customer"
import { setStocked } from "../inbound/apply-inventory"
import { resolveLevel } from "../inbound/inventory-target"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import { stockEntity } from "../modules/syncguard/entities/stock"
import { DriftNotRepairableError } from "../modules/syncguard/errors"
import { newCorrelationId } from "../modules/syncguard/outbox/ids"
import { OutboxStatus } from "../modules/syncguard/outbox/states"
import { MEDUSA_OWNER, OWNABLE_FIELDS, ownerOf, OwnedEntity } from "../modules/syncguard/policies/ownership"
import { FindingStatus, isActionable } from "../modules/syncguard/reconciliation/states"
import type SyncguardModuleService from "../modules/syncguard/service"
import type { DriftFindingRow } from "../modules/syncguard/sql/reconciliation"
import { publishStock } from "../stock/publish-stock"
import { enqueueEntitySyncWorkflow } from "../workflows/enqueue-entity-sync"
import { replayDeadLettersWorkflow } from "../workflows/replay-dead-letters"

export type RepairResult = { id: string; finding: DriftFindingRow | null; error?: string; status?: number }

const OPERATION: Record<string, string> = { order: "order.create", customer: "customer.upsert" }
const UPDATE: Record<string, string> = { order: "order.update", customer: "customer.upsert" }

/**
 * Repairs findings one by one, each recorded on its finding: what was done, or why it failed. A
 * finding no repair can fix is left as it is, with the reason in the result.
 */
export async function repairFindings(
  container: MedusaContainer,
  findings: DriftFindingRow[],
  by: string | null
): Promise<RepairResult[]> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const results: RepairResult[] = []
  for (const finding of findings) {
    if (!isActionable(finding.status)) {
      results.push({
        id: finding.id,
        finding,
        error: `finding ${finding.id} is ${finding.status}: nothing to repair`,
        status: 409,
      })
      continue
    }
    try {
      const note = await repairOne(container, syncguard, finding)
      const settled = await syncguard.settleDriftFinding(finding.id, {
        status: FindingStatus.REPAIRED,
        repair: note,
        by,
      })
      results.push(
        settled
          ? { id: finding.id, finding: settled }
          : { id: finding.id, finding, error: "decided meanwhile", status: 409 }
      )
    } catch (error) {
      const message = (error as Error).message
      if (error instanceof DriftNotRepairableError) {
        results.push({ id: finding.id, finding, error: message, status: 409 })
        continue
      }
      const settled = await syncguard.settleDriftFinding(finding.id, {
        status: FindingStatus.REPAIR_FAILED,
        repair: `repair failed: ${message}`,
        by,
      })
      results.push({ id: finding.id, finding: settled ?? finding, error: message, status: 502 })
    }
  }
  return results
}

/** Closes a finding without repairing it (an admin looked and decided it is fine). */
export async function dismissFinding(
  container: MedusaContainer,
  finding: DriftFindingRow,
  by: string | null,
  reason: string | undefined
): Promise<DriftFindingRow> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const settled = await syncguard.settleDriftFinding(finding.id, {
    status: FindingStatus.DISMISSED,
    repair: reason ? `dismissed: ${reason}` : "dismissed",
    by,
  })
  if (!settled)
    throw new MedusaError(MedusaError.Types.CONFLICT, `finding ${finding.id} is ${finding.status}: nothing to dismiss`)
  return settled
}

async function repairOne(
  container: MedusaContainer,
  syncguard: SyncguardModuleService,
  finding: DriftFindingRow
): Promise<string> {
  const { connector, entity_type: entity, kind } = finding
  if (kind === "duplicated") {
    throw new DriftNotRepairableError(
      `${connector} holds ${entity} ${finding.entity_id} ${Array.isArray(finding.theirs) ? finding.theirs.length : "several"} times (${finding.remote_id}): remove the extra ones in ${connector}, then dismiss this finding`
    )
  }
  if (kind === "orphaned") {
    throw new DriftNotRepairableError(
      `${connector}'s ${entity} ${finding.remote_id} names ${finding.entity_id}, which Medusa does not have: remove or correct it in ${connector}, then dismiss this finding`
    )
  }
  if (entity === "inventory") return repairStock(container, syncguard, finding)
  if (kind === "missing") return resend(container, syncguard, finding, OPERATION[entity])
  // mismatched: the field's owner's value wins
  const owner = await ownerOfField(syncguard, entity, finding.field)
  if (owner === connector) {
    if (entity !== "customer") {
      throw new DriftNotRepairableError(
        `${entity}.${finding.field} is owned by ${connector}: its value comes to Medusa through ${connector}'s events, not a repair`
      )
    }
    const customer = await findCustomer(container, { customer_id: finding.entity_id })
    await writeCustomerFields(container, customer, [{ field: finding.field!, incoming: finding.theirs }])
    return `wrote ${connector}'s ${finding.field} (the owner's) into Medusa`
  }
  return resend(container, syncguard, finding, UPDATE[entity], true)
}

/**
 * Sends Medusa's state again through the outbox. A missing record goes with the create's own key,
 * so it can never double with the message the event would have made; when that message was
 * delivered (the remote lost the record) or for a mismatch, a new key generation for this finding.
 */
async function resend(
  container: MedusaContainer,
  syncguard: SyncguardModuleService,
  finding: DriftFindingRow,
  operation: string,
  newGeneration = false
): Promise<string> {
  const messages = (
    await syncguard.outboxMessagesAbout(finding.connector, finding.entity_type, finding.entity_id)
  ).filter((m) => m.operation === operation)
  const unfinished = messages.find((m) => m.status !== OutboxStatus.DELIVERED && m.status !== OutboxStatus.DEAD)
  const delivered = messages.some((m) => m.status === OutboxStatus.DELIVERED)
  const dead = messages.find((m) => m.status === OutboxStatus.DEAD)
  if (!newGeneration && unfinished) return `already on its way: message ${unfinished.id} (${unfinished.status})`
  if (!newGeneration && !delivered && dead) {
    await replayDeadLettersWorkflow(container).run({ input: { ids: [dead.id] } })
    return `replayed dead letter ${dead.id}`
  }
  const { result: ids } = await enqueueEntitySyncWorkflow(container).run({
    input: {
      entity_type: finding.entity_type,
      entity_id: finding.entity_id,
      operation,
      correlation_id: newCorrelationId(),
      connectors: [finding.connector],
      repair_of: newGeneration || delivered ? finding.id : undefined,
    },
  })
  return ids.length ? `enqueued ${operation} as message ${ids[0]}` : `${operation} was already queued`
}

async function repairStock(
  container: MedusaContainer,
  syncguard: SyncguardModuleService,
  finding: DriftFindingRow
): Promise<string> {
  const connector = syncguard.connectors.get(finding.connector)
  const sku = finding.entity_id
  if (connector?.outbound?.takes(stockEntity.type)) {
    // a marketplace shows what Medusa has: publish it again
    const { data } = await container
      .resolve(ContainerRegistrationKeys.QUERY)
      .graph({ entity: "product_variant", fields: ["id"], filters: { sku } })
    const variantIds = (data as Array<{ id: string }>).map((v) => v.id)
    if (!variantIds.length) throw new DriftNotRepairableError(`no variant has SKU "${sku}" any more`)
    const ids = await publishStock(container, variantIds)
    return `published Medusa's stock again (message ${ids.join(", ") || "already queued"})`
  }
  const owner = await ownerOfField(syncguard, "inventory", "stocked_quantity")
  if (owner !== finding.connector) {
    throw new DriftNotRepairableError(
      `inventory is owned by ${owner} but ${finding.connector} takes no stock messages: correct the stock in ${finding.connector}, or make it the owner of inventory and repair again`
    )
  }
  const target = await resolveLevel(container, sku, undefined)
  await setStocked(container, target, Number(finding.theirs))
  return `set Medusa's stocked quantity to ${finding.connector}'s ${Number(finding.theirs)} (the owner's)`
}

/** Who owns the field a finding is about (an order's cancellation is its status); Medusa for what ownership does not cover. */
async function ownerOfField(syncguard: SyncguardModuleService, entity: string, field: string | null): Promise<string> {
  const owned = field === "canceled" ? "status" : (field ?? "")
  const fields = (OWNABLE_FIELDS as Record<string, readonly string[]>)[entity]
  if (!fields?.includes(owned)) return MEDUSA_OWNER
  const { rules } = await syncguard.ownershipRules()
  return ownerOf(rules, { entity_type: entity as OwnedEntity, field: owned })
}
