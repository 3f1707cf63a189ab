import { MEDUSA_OWNER, type OwnershipMap, type OwnershipOverride, type OwnershipRule } from "./types"

/** One line of an entity's table: who owns a field (or the entity's default) in a region. */
export type OwnershipRow = {
  key: string
  entity_type: string
  field: string | null
  region: string | null
  owner: string
  /** the rule that decides this row; null = nothing configured, Medusa owns it */
  decidedBy: OwnershipRule | null
  /** decidedBy is this row's own rule (not inherited from a broader one) */
  exact: boolean
  override: OwnershipOverride | null
}

const same = (a: string | null, b: string | null) => (a ?? null) === (b ?? null)
const matches = (
  r: Pick<OwnershipRule, "entity_type" | "field" | "region">,
  e: string,
  f: string | null,
  g: string | null
) => r.entity_type === e && same(r.field, f) && same(r.region, g)

/** The most specific rule wins, as policies/ownership.ts ownerOf decides: (field, region) > field > (entity, region) > entity. */
function decide(rules: OwnershipRule[], entity: string, field: string | null, region: string | null) {
  const scopes: Array<[string | null, string | null]> =
    field === null
      ? []
      : [
          [field, region],
          [field, null],
        ]
  scopes.push([null, region], [null, null])
  for (const [f, g] of scopes) {
    const rule = rules.find((r) => matches(r, entity, f, g))
    if (rule) return rule
  }
  return null
}

/**
 * Rows for one entity: its default, every field in all regions, and a regional row wherever a
 * rule names that region and it changes the answer (or is that row's own rule, so it can be edited).
 */
export function rowsOf(map: OwnershipMap, entity: string): OwnershipRow[] {
  const rules = map.rules.filter((r) => r.entity_type === entity)
  const regions = [...new Set(rules.map((r) => r.region).filter((g): g is string => !!g))].sort()
  const rows: OwnershipRow[] = []
  for (const field of [null, ...(map.fields[entity] ?? [])]) {
    const overall = decide(rules, entity, field, null)
    for (const region of [null, ...regions]) {
      const decidedBy = decide(rules, entity, field, region)
      const exact = !!decidedBy && matches(decidedBy, entity, field, region)
      const owner = decidedBy?.owner ?? MEDUSA_OWNER
      if (region !== null && !exact && owner === (overall?.owner ?? MEDUSA_OWNER)) continue
      rows.push({
        key: `${field ?? ""}\u0000${region ?? ""}`,
        entity_type: entity,
        field,
        region,
        owner,
        decidedBy,
        exact,
        override: exact ? (map.overrides.find((o) => matches(o, entity, field, region)) ?? null) : null,
      })
    }
  }
  return rows
}

export const fieldLabel = (field: string | null) => field ?? "All fields (entity default)"
export const regionLabel = (region: string | null) => region ?? "all regions"

/** Where an inherited owner comes from, in words. */
export function ruleLabel(rule: Pick<OwnershipRule, "field" | "region">): string {
  const scope = rule.field ? `${rule.field}` : "entity default"
  return rule.region ? `${scope}, region ${rule.region}` : `${scope}, all regions`
}

/** The row's field token in test ids: the entity default has no field. */
export const fieldToken = (field: string | null) => field ?? "default"
