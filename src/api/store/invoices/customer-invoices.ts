import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../../../modules/syncguard"
import type SyncguardModuleService from "../../../modules/syncguard/service"
import type { Connector, InvoiceSource } from "../../../modules/syncguard/connectors/contract"
import { enforceInvoiceScope, RemoteInvoice, ScopeCheck } from "../../../modules/syncguard/policies/invoice-scope"
import { raiseAlert } from "../../../alerts/raise-alert"

/** Whether scope checks need the customer's email (an extra lookup per request otherwise skipped). */
export function invoiceApiMatchesEmail(container: MedusaContainer): boolean {
  return container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE).config.invoices?.matchEmail ?? false
}

import { InvoicesClosedError } from "../../../modules/syncguard/errors"
export { InvoicesClosedError }

export type CustomerRef = { customer_id: string; email?: string | null }

/** What the storefront sees of an invoice: nothing that names the remote customer. */
export type StoreInvoice = {
  id: string
  number: string | null
  total: number | null
  currency_code: string | null
  issued_at: string | null
  status: string | null
}

export const toStoreInvoice = (i: RemoteInvoice): StoreInvoice => ({
  id: i.id,
  number: i.number ?? null,
  total: i.total ?? null,
  currency_code: i.currency_code ?? null,
  issued_at: i.issued_at ?? null,
  status: i.status ?? null,
})

type Setup = {
  syncguard: SyncguardModuleService
  connector: Connector & { invoices: InvoiceSource }
  settings: { matchEmail: boolean; threshold: number; windowMs: number; maxPages: number; pageSize: number }
}

function setup(container: MedusaContainer): Setup {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const options = syncguard.config.invoices
  const connector = options && syncguard.connectors.get(options.connector)
  if (!options || !connector?.invoices) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The invoice API is not configured on this store")
  }
  return {
    syncguard,
    connector: connector as Setup["connector"],
    settings: {
      matchEmail: options.matchEmail,
      threshold: options.failClosed.threshold,
      windowMs: options.failClosed.windowMs,
      maxPages: options.maxUpstreamPages,
      pageSize: options.upstreamPageSize,
    },
  }
}

/**
 * Refuses while the API is closed; otherwise the customer's remote id: from the mapping, else
 * looked up on the remote and remembered. One database round trip on the common path.
 */
async function openScope({ syncguard, connector }: Setup, customerId: string): Promise<string | null> {
  const context = await syncguard.invoiceContext(connector.name, customerId)
  if (context.closed) {
    throw new InvoicesClosedError(context.closed.reason)
  }
  const known = context.remote_customer_id
  if (known || !connector.customers) {
    return known
  }
  const found = await connector.customers.findRemoteCustomerId(customerId)
  if (found) {
    await syncguard.upsertCustomerIdentity({
      connector: connector.name,
      customer_id: customerId,
      remote_customer_id: found,
      source: "lookup",
    })
  }
  return found
}

/** Records and alerts on everything the scope check dropped. */
async function reportViolations(
  container: MedusaContainer,
  s: Setup,
  customer: CustomerRef,
  query: string,
  check: ScopeCheck
) {
  if (!check.violations.length) {
    return
  }
  const { windowCount, closedNow } = await s.syncguard.recordScopeViolations({
    connector: s.connector.name,
    customer_id: customer.customer_id,
    query,
    violations: check.violations,
    threshold: s.settings.threshold,
    windowMs: s.settings.windowMs,
  })
  const dropped = check.violations.reduce((n, v) => n + v.count, 0)
  await raiseAlert(container, {
    kind: "scope_violation",
    message: `${s.connector.name} returned ${dropped} invoice(s) outside customer ${customer.customer_id}'s scope for "${query}"; they were dropped`,
    data: {
      connector: s.connector.name,
      customer_id: customer.customer_id,
      query,
      invoice_ids: check.violations.map((v) => v.invoiceId),
      window_count: windowCount,
    },
  })
  if (closedNow) {
    await raiseAlert(container, {
      kind: "invoices_closed",
      message: `invoice API for ${s.connector.name} is closed after ${windowCount} scope violations; clear it at POST /admin/syncguard/invoices/reopen`,
      data: { connector: s.connector.name, window_count: windowCount },
    })
  }
}

/**
 * The customer's invoices: every upstream page (bounded) read with the mapped remote id,
 * filtered on our side, then sorted and paged here, so a drifting upstream filter or
 * pagination can neither leak nor reorder what the customer sees.
 */
export async function listCustomerInvoices(
  container: MedusaContainer,
  customer: CustomerRef,
  query: { status?: string; limit: number; offset: number }
): Promise<{ invoices: StoreInvoice[]; count: number; timing: { upstreamMs: number; totalMs: number } }> {
  const started = performance.now()
  let upstreamMs = 0
  const s = setup(container)
  const remoteId = await openScope(s, customer.customer_id)
  if (!remoteId) {
    return { invoices: [], count: 0, timing: { upstreamMs, totalMs: performance.now() - started } }
  }
  const fetched: RemoteInvoice[] = []
  const seenCursors = new Set<string>()
  let cursor: string | null = null
  for (let page = 0; page < s.settings.maxPages; page++) {
    const callStarted = performance.now()
    const result = await s.connector.invoices.listInvoices({
      remoteCustomerId: remoteId,
      status: query.status,
      cursor,
      limit: s.settings.pageSize,
    })
    upstreamMs += performance.now() - callStarted
    fetched.push(...result.invoices)
    cursor = result.nextCursor
    // a cursor we have seen before would loop forever
    if (!cursor || seenCursors.has(cursor)) break
    seenCursors.add(cursor)
  }
  const check = enforceInvoiceScope(
    fetched,
    { remoteCustomerId: remoteId, email: customer.email },
    { matchEmail: s.settings.matchEmail }
  )
  await reportViolations(
    container,
    s,
    customer,
    s.connector.invoices.describeListQuery({ remoteCustomerId: remoteId, status: query.status }),
    check
  )
  const matching = check.allowed
    .filter((i) => !query.status || i.status === query.status)
    .sort((a, b) => String(b.issued_at ?? "").localeCompare(String(a.issued_at ?? "")) || a.id.localeCompare(b.id))
  return {
    invoices: matching.slice(query.offset, query.offset + query.limit).map(toStoreInvoice),
    count: matching.length,
    timing: { upstreamMs, totalMs: performance.now() - started },
  }
}

/**
 * One invoice, only if it is provably the customer's. Anything else is "not found": the
 * answer must not tell a customer that someone else's invoice exists.
 */
export async function getCustomerInvoice(
  container: MedusaContainer,
  customer: CustomerRef,
  invoiceId: string
): Promise<RemoteInvoice | null> {
  const s = setup(container)
  const remoteId = await openScope(s, customer.customer_id)
  if (!remoteId) {
    return null
  }
  const invoice = await s.connector.invoices.getInvoice(invoiceId)
  if (!invoice) {
    return null
  }
  const query = `GET invoice ${invoiceId}`
  if (invoice.id !== invoiceId) {
    // the remote answered with a different record than asked for
    await reportViolations(container, s, customer, query, {
      allowed: [],
      violations: [{ invoiceId: invoice.id || "(no id)", reason: "id_mismatch", count: 1 }],
    })
    return null
  }
  const check = enforceInvoiceScope(
    [invoice],
    { remoteCustomerId: remoteId, email: customer.email },
    { matchEmail: s.settings.matchEmail }
  )
  // another customer's invoice asked for by id is probing, not upstream drift: not a violation
  const foreign = check.violations.every((v) => v.reason === "customer_mismatch")
  if (check.violations.length && !foreign) {
    await reportViolations(container, s, customer, query, check)
  }
  return check.allowed[0] ?? null
}

export async function getCustomerInvoicePdf(
  container: MedusaContainer,
  customer: CustomerRef,
  invoiceId: string
): Promise<{ contentType: string; body: Buffer } | null> {
  const invoice = await getCustomerInvoice(container, customer, invoiceId)
  if (!invoice) {
    return null
  }
  return setup(container).connector.invoices.getInvoicePdf(invoiceId)
}
