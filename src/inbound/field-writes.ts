import type { MedusaContainer } from "@medusajs/framework/types"
import { raiseAlert } from "../alerts/raise-alert"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import { InboundOutcome } from "../modules/syncguard/inbound/states"
import { MEDUSA_OWNER, OwnedEntity, ownerOf } from "../modules/syncguard/policies/ownership"
import type SyncguardModuleService from "../modules/syncguard/service"
import type { InboundEventRow } from "../modules/syncguard/service"

export type FieldWrite = { field: string; incoming: unknown; current: unknown }

export type WritePlan = {
  /** the sender owns these and they differ from Medusa's: apply them */
  allowed: FieldWrite[]
  /** recorded as conflicts (ids), not applied */
  conflicts: Array<{ field: string; id: string; owner: string }>
  /** Medusa already has these values */
  unchanged: string[]
}

/** JSON-equal, with undefined and null the same and key order ignored. */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b)
}

function canonical(v: unknown): string {
  if (v === undefined || v === null) return "null"
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined && x !== null)
      .sort(([a], [b]) => a.localeCompare(b))
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(",")}}`
  }
  return JSON.stringify(v)
}

/**
 * The write permission: each field the event writes is applied only if its sender owns it (in
 * this region); a differing value from anyone else becomes a FieldConflict with both values,
 * alerted once. A promotion window makes Medusa the owner whatever the map says.
 */
export async function planWrites(
  container: MedusaContainer,
  event: InboundEventRow,
  target: {
    entity_type: OwnedEntity
    entity_id: string
    region?: { id: string; name?: string | null } | null
    promotion?: boolean
  },
  writes: FieldWrite[]
): Promise<WritePlan> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const { rules } = await syncguard.ownershipRules()
  const plan: WritePlan = { allowed: [], conflicts: [], unchanged: [] }
  for (const w of writes) {
    if (sameValue(w.incoming, w.current)) {
      plan.unchanged.push(w.field)
      continue
    }
    const owner = target.promotion
      ? MEDUSA_OWNER
      : ownerOf(rules, {
          entity_type: target.entity_type,
          field: w.field,
          regions: [target.region?.id, target.region?.name],
        })
    if (owner === event.connector) {
      plan.allowed.push(w)
      continue
    }
    const { row, created } = await syncguard.recordFieldConflict({
      entity_type: target.entity_type,
      entity_id: target.entity_id,
      field: w.field,
      region: target.region?.id ?? null,
      incoming_value: w.incoming ?? null,
      current_value: w.current ?? null,
      owner,
      sender: event.connector,
      event_id: event.id,
      reason: target.promotion ? "promotion" : "ownership",
    })
    plan.conflicts.push({ field: w.field, id: row.id, owner })
    if (created) {
      await raiseAlert(container, {
        kind: "field_conflict",
        message: `${event.connector} wrote ${target.entity_type} ${target.entity_id} ${w.field}${
          target.region ? ` (region ${target.region.name ?? target.region.id})` : ""
        }, which ${target.promotion ? "an active price list (promotion window) holds for Medusa" : `${owner} owns`}: not applied, conflict ${row.id} waits for a decision`,
        data: { conflict_id: row.id, entity_type: target.entity_type, entity_id: target.entity_id, field: w.field },
      })
    }
  }
  return plan
}

/** The event's outcome once its allowed writes are applied. */
export function outcomeOf(plan: WritePlan): InboundOutcome {
  if (plan.allowed.length && plan.conflicts.length) return "partial"
  if (plan.allowed.length) return "applied"
  if (plan.conflicts.length) return "conflict"
  return "unchanged"
}

export function planDetail(plan: WritePlan): Record<string, unknown> {
  return {
    applied: plan.allowed.map((w) => w.field),
    conflicts: plan.conflicts,
    unchanged: plan.unchanged,
  }
}
