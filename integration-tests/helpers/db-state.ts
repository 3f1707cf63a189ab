import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/**
 * Tables only the scheduled jobs write (a heartbeat row per job run, a metric sample per
 * interval): they grow with the clock, not with requests, so they are left out.
 */
const BACKGROUND_TABLES = new Set(["syncguard_job_heartbeat", "syncguard_metric_sample"])

export type DbState = Record<string, number | string>

/**
 * What a request must not change: the row count and a fingerprint of the content (a pause, a
 * replay or a reopen changes rows without adding any) of every `syncguard_%` table but the
 * jobs' own, and the row count of Medusa's order and customer tables.
 */
export async function snapshotDbState(container: MedusaContainer): Promise<DbState> {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const { rows } = await knex.raw(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'syncguard\\_%' ORDER BY tablename`
  )
  const tables: string[] = [
    ...rows.map((r: { tablename: string }) => r.tablename).filter((t: string) => !BACKGROUND_TABLES.has(t)),
    "order",
    "customer",
  ]
  const state: DbState = {}
  for (const table of tables) {
    const { rows: count } = await knex.raw(`SELECT count(*)::int AS n FROM "${table}"`)
    state[`${table}.rows`] = count[0].n
    if (table.startsWith("syncguard_")) {
      const { rows: digest } = await knex.raw(
        `SELECT md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) AS d FROM "${table}" t`
      )
      state[`${table}.content`] = digest[0].d
    }
  }
  return state
}
