/**
 * What counts as drift between our record and what the remote holds (pure). The remote's fields
 * come from its connector in neutral terms; a field the remote does not report (undefined or
 * null) is not compared, so a connector that cannot tell a status never produces a false finding.
 */
import type { DriftKind } from "../reconciliation/states"

export type RemoteFacts = { remoteId: string; fields: Record<string, unknown> }

export type DriftVerdict = {
  kind: DriftKind
  remoteId: string | null
  field: string | null
  ours: unknown
  theirs: unknown
}

/** How one field is compared. `money` and `quantity` allow a tolerance; text ignores "" vs null. */
export type FieldRule = { field: string; as: "text" | "money" | "quantity" | "flag"; tolerance?: number }

/** Orders: the status (or, where the remote only knows it, whether it is canceled), the total and the line count. */
export const ORDER_FIELDS: FieldRule[] = [
  { field: "status", as: "text" },
  { field: "canceled", as: "flag" },
  { field: "total", as: "money", tolerance: 0.005 },
  { field: "item_count", as: "quantity" },
]

/** Customers: the fields the outbound customer message writes. */
export const CUSTOMER_FIELDS: FieldRule[] = [
  { field: "email", as: "text" },
  { field: "first_name", as: "text" },
  { field: "last_name", as: "text" },
  { field: "phone", as: "text" },
  { field: "company_name", as: "text" },
]

const blank = (v: unknown) => v === undefined || v === null

const asNumber = (v: unknown): number | null => {
  if (blank(v) || v === "") return null
  const n = typeof v === "object" && v !== null && "value" in v ? Number((v as { value: unknown }).value) : Number(v)
  return Number.isFinite(n) ? n : null
}

const asText = (v: unknown): string => (blank(v) ? "" : String(v).trim())

/** Whether two values of one field differ under its rule. */
export function fieldDiffers(rule: FieldRule, ours: unknown, theirs: unknown): boolean {
  switch (rule.as) {
    case "money":
    case "quantity": {
      const a = asNumber(ours)
      const b = asNumber(theirs)
      if (a === null || b === null) return a !== b
      return Math.abs(a - b) > (rule.tolerance ?? 0) + 1e-9
    }
    case "flag":
      return Boolean(ours) !== Boolean(theirs)
    case "text":
      return asText(ours) !== asText(theirs)
  }
}

/**
 * One record of ours against every remote record that names it: none is missing, more than one
 * is a duplicate the remote let in (reported once, listing every remote id), one is compared
 * field by field.
 */
export function compareRecord(
  ours: Record<string, unknown>,
  remotes: RemoteFacts[],
  rules: FieldRule[],
  options: { tolerance?: Record<string, number> } = {}
): DriftVerdict[] {
  if (remotes.length === 0) {
    return [{ kind: "missing", remoteId: null, field: null, ours: null, theirs: null }]
  }
  if (remotes.length > 1) {
    const ids = remotes.map((r) => r.remoteId)
    return [{ kind: "duplicated", remoteId: ids.join(","), field: null, ours: null, theirs: ids }]
  }
  const [remote] = remotes
  const verdicts: DriftVerdict[] = []
  for (const rule of rules) {
    const theirs = remote.fields[rule.field]
    if (blank(theirs) || !(rule.field in ours)) continue
    const tolerance = options.tolerance?.[rule.field] ?? rule.tolerance
    if (fieldDiffers({ ...rule, tolerance }, ours[rule.field], theirs)) {
      verdicts.push({
        kind: "mismatched",
        remoteId: remote.remoteId,
        field: rule.field,
        ours: ours[rule.field] ?? null,
        theirs,
      })
    }
  }
  return verdicts
}

/** Whether a run found enough to alert on: more findings than the threshold. */
export function exceedsAlertThreshold(found: number, threshold: number): boolean {
  return threshold >= 0 && found > threshold
}

/**
 * Sent vs applied, from a run's counts over the records it checked: records whose message the
 * remote acknowledged but that it does not hold (lost on its side), and records it holds more
 * than once (applied more often than sent).
 */
export function sentVsApplied(c: { acknowledged: number; confirmed: number; remote_records: number }) {
  return {
    unconfirmed: Math.max(0, c.acknowledged - c.confirmed),
    applied_extra: Math.max(0, c.remote_records - c.confirmed),
  }
}
