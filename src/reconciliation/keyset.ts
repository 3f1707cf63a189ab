import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/**
 * A position in a (timestamp, id) ordered walk. The timestamp is kept as Postgres prints it
 * (microseconds): a JS Date would round it to milliseconds, and rows sharing the millisecond
 * would be read twice or skipped.
 */
export type Keyset = { at: string; id: string }

export type KeysetRow = { id: string; key_at: string }

type Knex = { raw(sql: string, bindings?: unknown[]): Promise<{ rows: any[] }> }

/** Medusa's own database connection, for reads across its modules' tables that Query cannot stream. */
export function medusaDb(container: Pick<MedusaContainer, "resolve">): Knex {
  return container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as unknown as Knex
}

/**
 * Walks `table`'s rows changed in [from, to) a page at a time, in (updated_at, id) order, without
 * OFFSET (each page starts where the last one ended) and without holding more than a page.
 */
export async function* keysetPages<T extends KeysetRow>(
  read: (after: Keyset, limit: number) => Promise<T[]>,
  from: Date,
  limit: number
): AsyncGenerator<T[]> {
  let after: Keyset = { at: from.toISOString(), id: "" }
  for (;;) {
    const rows = await read(after, limit)
    if (!rows.length) return
    yield rows
    const last = rows[rows.length - 1]
    after = { at: last.key_at, id: last.id }
    if (rows.length < limit) return
  }
}
