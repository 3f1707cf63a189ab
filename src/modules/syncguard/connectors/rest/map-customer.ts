import type { RemoteRecord } from "../contract"

/**
 * The REST profile's customer document: a partial update. A field missing from the document is
 * left as the remote has it (the remote owns it: the ownership map withheld it), a null clears it.
 */
export type RestCustomerDocument = {
  external_id: string
  email?: string | null
  first_name?: string | null
  last_name?: string | null
  phone?: string | null
  company_name?: string | null
}

export const CUSTOMER_DOCUMENT_FIELDS = ["email", "first_name", "last_name", "phone", "company_name"] as const

export function toRestCustomerDocument(customer: Record<string, any>): RestCustomerDocument {
  if (!customer?.id) {
    throw new Error("Customer state has no id")
  }
  const document: RestCustomerDocument = { external_id: customer.id }
  for (const field of CUSTOMER_DOCUMENT_FIELDS) {
    if (field in customer) document[field] = customer[field] ?? null
  }
  return document
}

/** A remote customer as reconciliation compares it: the fields the document writes. */
export function toRemoteCustomerRecord(c: any): RemoteRecord {
  return {
    remoteId: String(c.id),
    reference: String(c.external_id),
    updatedAt: c.updated_at ? String(c.updated_at) : null,
    fields: Object.fromEntries(CUSTOMER_DOCUMENT_FIELDS.map((f) => [f, c[f] ?? null])),
  }
}
