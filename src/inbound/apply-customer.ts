import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules, MedusaError } from "@medusajs/framework/utils"
import {
  createCustomerAddressesWorkflow,
  updateCustomerAddressesWorkflow,
  updateCustomersWorkflow,
} from "@medusajs/medusa/core-flows"
import type { InboundAddress, InboundData } from "../modules/syncguard/inbound/profile"
import type { InboundEventRow } from "../modules/syncguard/service"
import type { ApplyResult } from "./apply-result"
import { FieldWrite, outcomeOf, planDetail, planWrites } from "./field-writes"
import { withWatermark } from "./watermark"

const ADDRESS_KEYS = [
  "first_name",
  "last_name",
  "company",
  "address_1",
  "address_2",
  "city",
  "province",
  "postal_code",
  "country_code",
  "phone",
] as const
const SCALARS = ["first_name", "last_name", "phone", "company_name"] as const
const ADDRESSES = { shipping_address: "is_default_shipping", billing_address: "is_default_billing" } as const

type CustomerRow = {
  id: string
  email: string | null
  metadata: Record<string, unknown> | null
  addresses: Array<Record<string, unknown> & { id: string; is_default_shipping: boolean; is_default_billing: boolean }>
} & Record<string, unknown>

/** An address as the profile spells it, from Medusa's (null when there is none). */
export function addressOf(a: Record<string, unknown> | undefined | null): InboundAddress | null {
  if (!a) return null
  return Object.fromEntries(ADDRESS_KEYS.map((k) => [k, (a[k] as string | null | undefined) ?? null])) as InboundAddress
}

export async function findCustomer(
  container: MedusaContainer,
  by: { customer_id?: string; email?: string }
): Promise<CustomerRow> {
  const customers = container.resolve(Modules.CUSTOMER)
  const [customer] = await customers.listCustomers(by.customer_id ? { id: by.customer_id } : { email: by.email }, {
    relations: ["addresses"],
    take: 1,
  })
  if (!customer) throw new MedusaError(MedusaError.Types.NOT_FOUND, `no customer ${by.customer_id ?? by.email}`)
  return customer as unknown as CustomerRow
}

/** The customer's fields the event writes, with Medusa's current values. */
export function customerWrites(customer: CustomerRow, data: InboundData<"customer.updated">): FieldWrite[] {
  const writes: FieldWrite[] = []
  for (const field of SCALARS) {
    if (data[field] !== undefined) writes.push({ field, incoming: data[field], current: customer[field] ?? null })
  }
  if (data.credit_status !== undefined) {
    writes.push({
      field: "credit_status",
      incoming: data.credit_status,
      current: customer.metadata?.credit_status ?? null,
    })
  }
  for (const [field, flag] of Object.entries(ADDRESSES) as Array<[keyof typeof ADDRESSES, string]>) {
    if (data[field] === undefined) continue
    const current = addressOf(customer.addresses.find((a) => a[flag]))
    // an address is compared on the fields the sender gives; the rest stays as Medusa has it
    const incoming = data[field] ? { ...(current ?? addressOf({})), ...data[field] } : null
    writes.push({ field, incoming, current })
  }
  return writes
}

/** Writes customer fields through Medusa's customer workflows (an address: the default one, created when missing). */
export async function writeCustomerFields(
  container: MedusaContainer,
  customer: CustomerRow,
  writes: Array<{ field: string; incoming: unknown }>
): Promise<void> {
  const update: Record<string, unknown> = {}
  for (const w of writes) {
    if ((SCALARS as readonly string[]).includes(w.field)) update[w.field] = w.incoming
    if (w.field === "credit_status") update.metadata = { ...(customer.metadata ?? {}), credit_status: w.incoming }
  }
  if (Object.keys(update).length) {
    await updateCustomersWorkflow(container).run({ input: { selector: { id: [customer.id] }, update } })
  }
  for (const [field, flag] of Object.entries(ADDRESSES) as Array<[keyof typeof ADDRESSES, string]>) {
    const w = writes.find((x) => x.field === field)
    if (!w || !w.incoming) continue
    const address = w.incoming as InboundAddress
    const existing = customer.addresses.find((a) => a[flag])
    if (existing) {
      await updateCustomerAddressesWorkflow(container).run({
        input: { selector: { id: existing.id }, update: address as Record<string, unknown> },
      })
    } else {
      await createCustomerAddressesWorkflow(container).run({
        input: { addresses: [{ ...(address as Record<string, unknown>), customer_id: customer.id, [flag]: true }] },
      })
    }
  }
}

/**
 * `customer.updated`: the fields the sender owns are applied (latest change wins, an older one is
 * ignored); a field it does not own — the shipping address the customer just changed in the
 * store — stays as Medusa has it and becomes a conflict with both values.
 */
export async function applyCustomerUpdated(
  container: MedusaContainer,
  event: InboundEventRow,
  data: InboundData<"customer.updated">,
  version: number
): Promise<ApplyResult> {
  const { id } = await findCustomer(container, data)
  return withWatermark(container, event, `customer:${id}`, version, async () => {
    // read again under the lock: another event about this customer may have just applied
    const customer = await findCustomer(container, { customer_id: id })
    const writes = await planWrites(
      container,
      event,
      { entity_type: "customer", entity_id: customer.id },
      customerWrites(customer, data)
    )
    await writeCustomerFields(container, customer, writes.allowed)
    return { outcome: outcomeOf(writes), detail: { ...planDetail(writes), customer_id: customer.id } }
  })
}
