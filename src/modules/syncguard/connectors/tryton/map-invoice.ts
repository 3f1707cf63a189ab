import type { RemoteInvoice } from "../../policies/invoice-scope"
import { fromDate, fromDecimal } from "./typed-json"

/** What the invoice API reads of an `account.invoice`. */
export const TRYTON_INVOICE_FIELDS = ["number", "state", "total_amount", "invoice_date", "party", "party.email", "currency.code"]

/** A Tryton customer invoice as the invoice API sees it; its customer is the party id. */
export function fromTrytonInvoice(row: Record<string, any>): RemoteInvoice {
  const party = row.party
  const currency = row["currency."]?.code ?? row["currency.code"]
  return {
    id: String(row.id),
    customer_id: party === null || party === undefined || party === false ? null : String(party),
    email: row["party."]?.email || row["party.email"] || null,
    number: row.number || null,
    total: fromDecimal(row.total_amount),
    currency_code: typeof currency === "string" ? currency.toLowerCase() : null,
    issued_at: fromDate(row.invoice_date),
    status: row.state ?? null,
  }
}
