export const MEDUSA_OWNER = "medusa"

/** A rule in force, as GET /admin/syncguard/ownership returns it (policies/ownership.ts effectiveRules). */
export type OwnershipRule = {
  entity_type: string
  /** null: the entity's default for every field */
  field: string | null
  /** null: every region; regions are stored lower-cased */
  region: string | null
  owner: string
  source: "options" | "override"
}

/** A runtime override an admin set (sql/conflicts.ts OwnershipRuleRow). */
export type OwnershipOverride = {
  id: string
  entity_type: string
  field: string | null
  region: string | null
  owner: string
  updated_by: string | null
  updated_at: string
}

export type OwnershipMap = {
  rules: OwnershipRule[]
  overrides: OwnershipOverride[]
  /** "medusa" and the running connectors */
  owners: string[]
  /** entity → its ownable fields */
  fields: Record<string, string[]>
}

/** The body POST /admin/syncguard/ownership takes, one rule per entry (config/ownership-schema.ts). */
export type RuleInput = { entity_type: string; field: string | null; region: string | null; owner: string }
