/** An invoice as connectors hand it over, whatever the remote's wire format. */
export type RemoteInvoice = {
  id: string
  customer_id?: string | null
  email?: string | null
  number?: string | null
  total?: number | null
  currency_code?: string | null
  issued_at?: string | null
  status?: string | null
}

export type InvoiceScope = {
  /** The remote id mapped to the logged-in customer; never taken from the request. */
  remoteCustomerId: string
  /** Checked only when `matchEmail` is on. */
  email?: string | null
}

export type ScopeViolationReason =
  "customer_mismatch" | "customer_missing" | "email_mismatch" | "email_missing" | "id_mismatch"

export type ScopeCheck = {
  allowed: RemoteInvoice[]
  violations: Array<{ invoiceId: string; reason: ScopeViolationReason; count: number }>
}

function reasonToDrop(invoice: RemoteInvoice, scope: InvoiceScope, matchEmail: boolean): ScopeViolationReason | null {
  if (invoice.customer_id === undefined || invoice.customer_id === null || invoice.customer_id === "") {
    return "customer_missing"
  }
  // exact, byte-for-byte: no trimming or case folding, which is how filters drift
  if (invoice.customer_id !== scope.remoteCustomerId) {
    return "customer_mismatch"
  }
  if (matchEmail) {
    if (!invoice.email || !scope.email) {
      return "email_missing"
    }
    if (invoice.email.trim().toLowerCase() !== scope.email.trim().toLowerCase()) {
      return "email_mismatch"
    }
  }
  return null
}

/**
 * Keeps only invoices that provably belong to the customer; everything else is a violation
 * to record. Repeats of an allowed invoice (drifting pagination) are dropped silently.
 */
export function enforceInvoiceScope(
  invoices: RemoteInvoice[],
  scope: InvoiceScope,
  options: { matchEmail?: boolean } = {}
): ScopeCheck {
  if (!scope.remoteCustomerId) {
    throw new Error("enforceInvoiceScope needs the customer's remote id")
  }
  const allowed = new Map<string, RemoteInvoice>()
  const violations = new Map<string, { invoiceId: string; reason: ScopeViolationReason; count: number }>()
  for (const invoice of invoices) {
    const id = String(invoice?.id ?? "")
    const reason = invoice && id ? reasonToDrop(invoice, scope, options.matchEmail ?? false) : "customer_missing"
    if (reason) {
      const seen = violations.get(id)
      if (seen) seen.count++
      else violations.set(id, { invoiceId: id || "(no id)", reason, count: 1 })
    } else if (!allowed.has(id)) {
      allowed.set(id, invoice)
    }
  }
  return { allowed: [...allowed.values()], violations: [...violations.values()] }
}
