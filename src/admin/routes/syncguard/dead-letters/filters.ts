import type { Paged } from "../../../lib/paging"

/** A row of `GET /admin/syncguard/dead-letters`. */
export type DeadLetter = {
  id: string
  connector: string
  operation: string
  entity_type: string
  entity_id: string
  attempts: number
  last_error: string | null
  last_http_status: number | null
  error_class: string | null
  created_at: string
  updated_at: string
}

export type DeadLetterFacets = { connectors: string[]; entity_types: string[]; error_classes: string[] }

export type DeadLetterList = Paged<"dead_letters", DeadLetter> & { facets: DeadLetterFacets }

export const AGES = [
  { key: "any", label: "Any age", ms: 0 },
  { key: "5m", label: "Older than 5 min", ms: 5 * 60_000 },
  { key: "1h", label: "Older than 1 h", ms: 60 * 60_000 },
  { key: "24h", label: "Older than 24 h", ms: 24 * 60 * 60_000 },
  { key: "7d", label: "Older than 7 d", ms: 7 * 24 * 60 * 60_000 },
] as const

export type AgeKey = (typeof AGES)[number]["key"]

/** What the operator picked; the age is kept relative so every poll moves its cut-off with the clock. */
export type DeadLetterFilters = {
  connector?: string
  entity_type?: string
  error_class?: string
  error_contains?: string
  older_than: AgeKey
}

export const NO_FILTERS: DeadLetterFilters = { older_than: "any" }

export const isFiltered = (f: DeadLetterFilters) =>
  Boolean(f.connector || f.entity_type || f.error_class || f.error_contains || f.older_than !== "any")

/** The filter as both routes take it (list query and replay body), the age turned into `created_before`. */
export function filterBody(f: DeadLetterFilters, now = Date.now()) {
  const age = AGES.find((a) => a.key === f.older_than)?.ms ?? 0
  const body: Record<string, string> = {}
  if (f.connector) body.connector = f.connector
  if (f.entity_type) body.entity_type = f.entity_type
  if (f.error_class) body.error_class = f.error_class
  if (f.error_contains) body.error_contains = f.error_contains
  if (age) body.created_before = new Date(now - age).toISOString()
  return body
}

/** "connector erp, error class timeout, older than 1 h": what a replay will select, in words. */
export function describeFilters(f: DeadLetterFilters): string {
  const parts: string[] = []
  if (f.connector) parts.push(`connector ${f.connector}`)
  if (f.entity_type) parts.push(`entity type ${f.entity_type}`)
  if (f.error_class) parts.push(`error class ${f.error_class}`)
  if (f.error_contains) parts.push(`error containing "${f.error_contains}"`)
  const age = AGES.find((a) => a.key === f.older_than)
  if (age && age.ms) parts.push(age.label.toLowerCase())
  return parts.join(", ")
}
