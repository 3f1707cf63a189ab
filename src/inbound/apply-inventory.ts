import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { updateInventoryLevelsWorkflow } from "@medusajs/medusa/core-flows"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import { InboundNotApplicableError } from "../modules/syncguard/errors"
import type { InboundData } from "../modules/syncguard/inbound/profile"
import { planLevelAdjust, planLevelSet } from "../modules/syncguard/policies/inbound-level"
import type SyncguardModuleService from "../modules/syncguard/service"
import type { InboundEventRow } from "../modules/syncguard/service"
import { adjustInventoryLevelWorkflow } from "../workflows/adjust-inventory-level"
import type { ApplyResult } from "./apply-result"
import { outcomeOf, planDetail, planWrites } from "./field-writes"
import { LevelTarget, resolveLevel, stockedNow } from "./inventory-target"
import { withSubjectLock } from "./subject-lock"

const subjectOf = (t: LevelTarget) => `inventory:${t.inventory_item_id}:${t.location_id}`

/** The ledger a plan is made from: the last set's version and the numbered deltas applied. */
async function ledgerOf(syncguard: SyncguardModuleService, connector: string, subject: string) {
  const setVersion = await syncguard.inboundWatermark(connector, subject)
  const ops = await syncguard.numberedInboundOperations(connector, subject)
  return {
    setVersion,
    adjustments: new Map(ops.map((o) => [o.operation_id, { version: Number(o.version), delta: Number(o.delta) }])),
  }
}

/** Writes an absolute stocked quantity under the inventory item's own lock (the one Medusa's adjustments take). */
export async function setStocked(container: MedusaContainer, target: LevelTarget, stocked: number): Promise<void> {
  await container.resolve(Modules.LOCKING).execute(target.inventory_item_id, () =>
    updateInventoryLevelsWorkflow(container).run({
      input: {
        updates: [
          { inventory_item_id: target.inventory_item_id, location_id: target.location_id, stocked_quantity: stocked },
        ],
      },
    })
  )
}

/** `inventory.level.set`: absolute, ignored when older than the last set applied, keeping newer deltas. */
export async function applyLevelSet(
  container: MedusaContainer,
  event: InboundEventRow,
  data: InboundData<"inventory.level.set">,
  version: number
): Promise<ApplyResult> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const target = await resolveLevel(container, data.sku, data.location_id)
  const subject = subjectOf(target)
  return withSubjectLock(container, subject, async () => {
    const plan = planLevelSet(
      { quantity: data.stocked_quantity, version },
      await ledgerOf(syncguard, event.connector, subject)
    )
    if (plan.kind === "stale") return { outcome: "stale", detail: { applied_version: plan.appliedVersion, version } }
    const current = await stockedNow(container, target)
    const writes = await planWrites(container, event, { entity_type: "inventory", entity_id: target.level_id }, [
      { field: "stocked_quantity", incoming: plan.stocked, current },
    ])
    if (writes.allowed.length) await setStocked(container, target, plan.stocked)
    if (!writes.conflicts.length) {
      await syncguard.advanceInboundWatermark({ connector: event.connector, subject, version, eventId: event.id })
    }
    return {
      outcome: outcomeOf(writes),
      detail: { ...planDetail(writes), stocked_quantity: plan.stocked, previous: current },
    }
  })
}

/** `inventory.level.adjust`: a delta applied once per operation id, whichever event or channel carries it. */
export async function applyLevelAdjust(
  container: MedusaContainer,
  event: InboundEventRow,
  data: InboundData<"inventory.level.adjust">,
  version: number | null
): Promise<ApplyResult> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const target = await resolveLevel(container, data.sku, data.location_id)
  const subject = subjectOf(target)
  return withSubjectLock(container, subject, async () => {
    const ledger = await ledgerOf(syncguard, event.connector, subject)
    const plan = planLevelAdjust({ operationId: data.operation_id, delta: data.adjustment, version }, ledger)
    if (plan.kind === "stale") return { outcome: "stale", detail: { applied_version: plan.appliedVersion, version } }
    const current = await stockedNow(container, target)
    const writes = await planWrites(container, event, { entity_type: "inventory", entity_id: target.level_id }, [
      {
        field: "stocked_quantity",
        incoming: { adjustment: data.adjustment, operation_id: data.operation_id },
        current,
      },
    ])
    if (!writes.allowed.length) return { outcome: outcomeOf(writes), detail: planDetail(writes) }
    const applied = await adjustOnce(
      container,
      event,
      target,
      subject,
      data.operation_id,
      data.adjustment,
      version,
      current
    )
    return applied === "duplicate"
      ? { outcome: "duplicate", detail: { operation_id: data.operation_id } }
      : { outcome: "applied", detail: { ...planDetail(writes), operation_id: data.operation_id, previous: current } }
  })
}

/**
 * The ledger row goes in first (`applying`, with the level as it was), then the delta, then the
 * row is `applied`. A worker that died between finds its row on the retry and decides from the
 * level: unchanged → not applied; moved by exactly the delta → applied; anything else → a person
 * must look (dead, alerted), never a guess that could apply it twice.
 */
export async function adjustOnce(
  container: MedusaContainer,
  event: InboundEventRow,
  target: LevelTarget,
  subject: string,
  operationId: string,
  delta: number,
  version: number | null,
  current: number
): Promise<"applied" | "duplicate"> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const { fresh, row } = await syncguard.beginInboundOperation({
    connector: event.connector,
    operationId,
    subject,
    delta,
    version,
    stockedBefore: current,
    eventId: event.id,
  })
  if (!fresh) {
    if (row.status === "applied") return "duplicate"
    if (current === Number(row.stocked_before) + Number(row.delta)) {
      await syncguard.settleInboundOperation(row.id, "applied")
      return "duplicate"
    }
    if (current !== Number(row.stocked_before)) {
      throw new InboundNotApplicableError(
        `operation ${operationId} was interrupted and the level moved since (${row.stocked_before} → ${current}, delta ${row.delta}): check it by hand before replaying`
      )
    }
  }
  try {
    await adjustInventoryLevelWorkflow(container).run({
      input: {
        inventory_item_id: target.inventory_item_id,
        location_id: target.location_id,
        level_id: target.level_id,
        adjustment: delta,
      },
    })
  } catch (error) {
    await syncguard.settleInboundOperation(row.id, "abandoned")
    throw error
  }
  await syncguard.settleInboundOperation(row.id, "applied")
  return "applied"
}
