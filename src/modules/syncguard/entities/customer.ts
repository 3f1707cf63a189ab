import { EntityDescriptor, timeOf } from "./descriptor"

export const CUSTOMER_OPERATIONS = ["customer.upsert"] as const
export type CustomerOperation = (typeof CUSTOMER_OPERATIONS)[number]

/** Customers are eventually consistent: the remote upsert carries the whole current state. */
export const customerEntity: EntityDescriptor<CustomerOperation> = {
  type: "customer",
  operations: CUSTOMER_OPERATIONS,
  fields: ["id", "email", "first_name", "last_name", "phone", "company_name", "updated_at"],
  enqueueFields: ["id", "updated_at"],
  version: (_operation, customer) => String(timeOf(customer.updated_at)),
  changedAt: (_operation, customer) => (customer.updated_at as string) ?? null,
  dependsOn: () => null,
  coalesces: true,
}
