import type { MedusaContainer } from "@medusajs/framework/types"
import { Keyset, KeysetRow, medusaDb } from "./keyset"

export type CustomerFacts = KeysetRow & {
  email: string | null
  first_name: string | null
  last_name: string | null
  phone: string | null
  company_name: string | null
}

/** One page of customers changed in the window (Medusa's customer table, keyset order). */
export async function readCustomerPage(
  container: Pick<MedusaContainer, "resolve">,
  window: { from: Date; to: Date },
  after: Keyset,
  limit: number
): Promise<CustomerFacts[]> {
  const { rows } = await medusaDb(container).raw(
    `SELECT c.id, c.updated_at::text AS key_at, c.email, c.first_name, c.last_name, c.phone, c.company_name
     FROM customer c
     WHERE c.deleted_at IS NULL
       AND c.updated_at >= ?::timestamptz AND c.updated_at < ?::timestamptz
       AND (c.updated_at, c.id) > (?::timestamptz, ?)
     ORDER BY c.updated_at, c.id
     LIMIT ?`,
    [window.from.toISOString(), window.to.toISOString(), after.at, after.id, limit]
  )
  return rows as CustomerFacts[]
}
