import { generateEntityId } from "@medusajs/framework/utils"
import type { ApiNotice } from "../connectors/contract"
import { Sql } from "./db"

const T = "syncguard_api_deprecation"

export type ApiDeprecationRow = {
  id: string
  connector: string
  endpoint: string
  media_type: string
  deprecation: string | null
  sunset_at: Date | null
  link: string | null
  first_seen_at: Date
  last_seen_at: Date
  alerted_at: Date | null
}

/** Records a notice: first seen once, last seen and the announced dates kept current. */
export async function recordNotice(db: Sql, notice: ApiNotice): Promise<void> {
  await db.execute(
    `INSERT INTO ${T} (id, connector, endpoint, media_type, deprecation, sunset_at, link, first_seen_at, last_seen_at,
                       created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, now(), now(), now(), now())
     ON CONFLICT (connector, endpoint, media_type) WHERE deleted_at IS NULL DO UPDATE SET
       deprecation = COALESCE(EXCLUDED.deprecation, ${T}.deprecation),
       sunset_at = COALESCE(EXCLUDED.sunset_at, ${T}.sunset_at),
       link = COALESCE(EXCLUDED.link, ${T}.link),
       -- a sunset moved later may come within the horizon again: alert anew then
       alerted_at = CASE WHEN EXCLUDED.sunset_at IS DISTINCT FROM ${T}.sunset_at AND EXCLUDED.sunset_at IS NOT NULL
                         THEN NULL ELSE ${T}.alerted_at END,
       last_seen_at = now(), updated_at = now()`,
    [
      generateEntityId(undefined, "sgdep"),
      notice.connector,
      notice.endpoint,
      notice.mediaType ?? "",
      notice.deprecation,
      notice.sunset,
      notice.link,
    ]
  )
}

export async function listNotices(db: Sql): Promise<ApiDeprecationRow[]> {
  return (await db.execute(
    `SELECT id, connector, endpoint, media_type, deprecation, sunset_at, link, first_seen_at, last_seen_at, alerted_at
       FROM ${T} WHERE deleted_at IS NULL ORDER BY sunset_at NULLS LAST, connector, endpoint`
  )) as ApiDeprecationRow[]
}

/**
 * Claims the notices whose sunset falls within the horizon and that were not alerted yet: the
 * UPDATE … RETURNING makes each alert go once, whichever process asks.
 */
export async function takeNoticesToAlert(db: Sql, horizonDays: number): Promise<ApiDeprecationRow[]> {
  return (await db.execute(
    `UPDATE ${T} SET alerted_at = now(), updated_at = now()
      WHERE deleted_at IS NULL AND alerted_at IS NULL AND sunset_at IS NOT NULL
        AND sunset_at <= now() + (? * interval '1 day')
      RETURNING id, connector, endpoint, media_type, deprecation, sunset_at, link, first_seen_at, last_seen_at, alerted_at`,
    [horizonDays]
  )) as ApiDeprecationRow[]
}
