/** The REST profile's customer document. */
export type RestCustomerDocument = {
  external_id: string
  email: string | null
  first_name: string | null
  last_name: string | null
  phone: string | null
  company_name: string | null
}

export function toRestCustomerDocument(customer: Record<string, any>): RestCustomerDocument {
  if (!customer?.id) {
    throw new Error("Customer state has no id")
  }
  return {
    external_id: customer.id,
    email: customer.email ?? null,
    first_name: customer.first_name ?? null,
    last_name: customer.last_name ?? null,
    phone: customer.phone ?? null,
    company_name: customer.company_name ?? null,
  }
}
