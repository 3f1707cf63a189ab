import type { RemoteInvoice } from "../../policies/invoice-scope"

/**
 * Reads the profile's invoice shape. Fields are copied as they came, so the scope check sees
 * exactly what the remote said (a missing customer_id stays missing).
 */
export function fromRestInvoice(raw: any): RemoteInvoice {
  return {
    id: raw?.id === undefined || raw?.id === null ? "" : String(raw.id),
    customer_id: raw?.customer_id ?? null,
    email: raw?.email ?? null,
    number: raw?.number ?? null,
    total: raw?.total ?? null,
    currency_code: raw?.currency_code ?? null,
    issued_at: raw?.issued_at ?? null,
    status: raw?.status ?? null,
  }
}
