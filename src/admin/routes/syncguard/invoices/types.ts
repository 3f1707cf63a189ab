import type { Paged } from "../../../lib/paging"

/** `GET /admin/syncguard/invoices`: connector null when the store has no invoice API configured. */
export type InvoiceApiState = {
  connector: string | null
  closed: { closed_at: string; reason: string | null } | null
}

/** A row of `GET /admin/syncguard/scope-violations`: where it happened and which record, never its content. */
export type ScopeViolation = {
  id: string
  connector: string
  customer_id: string
  /** the upstream call as syncguard made it, e.g. "GET /invoices customer_id=C-1 status=open" */
  query: string
  invoice_id: string
  reason: string
  count: number
  created_at: string
  updated_at: string
}

export type ScopeViolationList = Paged<"scope_violations", ScopeViolation>

const REASONS: Record<string, string> = {
  customer_mismatch: "belongs to another customer",
  customer_missing: "names no customer",
  email_mismatch: "carries another customer's email",
  email_missing: "carries no email to check",
}

/** What the CRM's answer did wrong, in words; unknown codes are shown as they are. */
export const describeReason = (reason: string) => REASONS[reason] ?? reason.replace(/_/g, " ")
