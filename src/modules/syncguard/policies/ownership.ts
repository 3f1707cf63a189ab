/**
 * Field-level ownership (pure): which system may write each synced field. The map is a write
 * permission in both directions: an inbound write by a non-owner becomes a FieldConflict, and an
 * outbound message never writes a field its receiver owns.
 *
 * The declarative map (plugin options) and the runtime overrides (admin routes) are both read as
 * rules; an override replaces the rule with the same (entity, field, region). The most specific
 * rule wins: (field, region) > (field) > (entity, region) > (entity) > Medusa.
 */

export const MEDUSA_OWNER = "medusa"

/** The entities and fields ownership covers; anything else is not synced inbound. */
export const OWNABLE_FIELDS = {
  customer: [
    "first_name",
    "last_name",
    "phone",
    "company_name",
    "credit_status",
    "shipping_address",
    "billing_address",
  ],
  price: ["amount"],
  inventory: ["stocked_quantity"],
  order: ["status"],
} as const

export type OwnedEntity = keyof typeof OWNABLE_FIELDS
export const OWNED_ENTITIES = Object.keys(OWNABLE_FIELDS) as OwnedEntity[]

/** A field's owner: one system, or one per region with a default for the others. */
export type FieldOwnership = string | { default?: string; regions: Record<string, string> }
export type EntityOwnership = {
  default: string
  regions?: Record<string, string>
  fields?: Record<string, FieldOwnership>
}
export type OwnershipMap = Partial<Record<OwnedEntity, EntityOwnership>>

export type OwnershipRule = {
  entity_type: OwnedEntity
  /** null: every field of the entity */
  field: string | null
  /** null: every region */
  region: string | null
  owner: string
}

export type RuleSource = "options" | "override"

const norm = (region: string | null | undefined) => (region ? region.toLowerCase() : null)
const keyOf = (r: Pick<OwnershipRule, "entity_type" | "field" | "region">) =>
  `${r.entity_type}\u0000${r.field ?? ""}\u0000${norm(r.region) ?? ""}`

/** The map as rules. */
export function rulesOf(map: OwnershipMap): OwnershipRule[] {
  const rules: OwnershipRule[] = []
  for (const entity of OWNED_ENTITIES) {
    const e = map[entity]
    if (!e) continue
    rules.push({ entity_type: entity, field: null, region: null, owner: e.default })
    for (const [region, owner] of Object.entries(e.regions ?? {})) {
      rules.push({ entity_type: entity, field: null, region: norm(region), owner })
    }
    for (const [field, f] of Object.entries(e.fields ?? {})) {
      if (typeof f === "string") {
        rules.push({ entity_type: entity, field, region: null, owner: f })
        continue
      }
      if (f.default) rules.push({ entity_type: entity, field, region: null, owner: f.default })
      for (const [region, owner] of Object.entries(f.regions)) {
        rules.push({ entity_type: entity, field, region: norm(region), owner })
      }
    }
  }
  return rules
}

/** The rules in force: the options' rules with the runtime overrides laid over them. */
export function effectiveRules(
  base: OwnershipRule[],
  overrides: OwnershipRule[]
): Array<OwnershipRule & { source: RuleSource }> {
  const byKey = new Map<string, OwnershipRule & { source: RuleSource }>()
  for (const r of base) byKey.set(keyOf(r), { ...r, region: norm(r.region), source: "options" })
  for (const r of overrides) byKey.set(keyOf(r), { ...r, region: norm(r.region), source: "override" })
  return [...byKey.values()]
}

export type OwnerQuery = {
  entity_type: OwnedEntity
  field: string
  /** the region's names as the rules may spell them (id, name); matched without case */
  regions?: Array<string | null | undefined>
}

/** Who owns a field (in a region). */
export function ownerOf(rules: OwnershipRule[], q: OwnerQuery): string {
  const regions = new Set((q.regions ?? []).map(norm).filter((r): r is string => !!r))
  const of = (field: string | null, regional: boolean) =>
    rules.find(
      (r) =>
        r.entity_type === q.entity_type &&
        r.field === field &&
        (regional ? r.region !== null && regions.has(r.region) : r.region === null)
    )?.owner
  return of(q.field, true) ?? of(q.field, false) ?? of(null, true) ?? of(null, false) ?? MEDUSA_OWNER
}

/**
 * A price list whose window is open owns its variants' prices for Medusa, whatever the map says:
 * an ERP price written during a promotion would end it early.
 */
export type PriceListWindow = { status: string; starts_at: string | Date | null; ends_at: string | Date | null }

export function promotionWindowOpen(lists: PriceListWindow[], now: Date = new Date()): boolean {
  const t = now.getTime()
  return lists.some((l) => {
    if (l.status !== "active" || (!l.starts_at && !l.ends_at)) return false
    const starts = l.starts_at ? new Date(l.starts_at).getTime() : -Infinity
    const ends = l.ends_at ? new Date(l.ends_at).getTime() : Infinity
    return starts <= t && t <= ends
  })
}

/** Every owner a map names, with where (for validation against the configured connectors). */
export function ownersNamedIn(map: OwnershipMap): Array<{ path: string[]; owner: string }> {
  const found: Array<{ path: string[]; owner: string }> = []
  for (const [entity, e] of Object.entries(map) as Array<[string, EntityOwnership | undefined]>) {
    if (!e) continue
    found.push({ path: [entity, "default"], owner: e.default })
    for (const [region, owner] of Object.entries(e.regions ?? {}))
      found.push({ path: [entity, "regions", region], owner })
    for (const [field, f] of Object.entries(e.fields ?? {})) {
      if (typeof f === "string") {
        found.push({ path: [entity, "fields", field], owner: f })
        continue
      }
      if (f.default) found.push({ path: [entity, "fields", field, "default"], owner: f.default })
      for (const [region, owner] of Object.entries(f.regions)) {
        found.push({ path: [entity, "fields", field, "regions", region], owner })
      }
    }
  }
  return found
}

/** The fields of an entity a receiver owns: an outbound message must not write them. */
export function fieldsOwnedBy(
  rules: OwnershipRule[],
  entity: OwnedEntity,
  owner: string,
  regions?: string[]
): string[] {
  return OWNABLE_FIELDS[entity].filter((field) => ownerOf(rules, { entity_type: entity, field, regions }) === owner)
}
