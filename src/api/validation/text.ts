import { z } from "@medusajs/framework/zod"

/** No C0 control characters (U+0000–U+001F) and no DEL (U+007F): Postgres rejects NUL, and none belong in a name or a filter. */
const WITHOUT_CONTROL_CHARACTERS = /^[^\u0000-\u001F\u007F]*$/

/**
 * Text without control characters; the error names the field, e.g.
 * "connector must not contain control characters". Chain `.min()`, `.max()`, `.regex()` as usual.
 */
export const safeText = (field: string) =>
  z.string().regex(WITHOUT_CONTROL_CHARACTERS, `${field} must not contain control characters`)

/** A configured connector's name, e.g. `erp`. */
export const connectorName = (field: string) =>
  safeText(field).regex(
    /^[A-Za-z0-9_-]{1,64}$/,
    `${field} must be a connector name: 1 to 64 letters, digits, "_" or "-"`
  )

/** A Medusa or syncguard record id, e.g. `order_01J…` or `sgmsg_01J…`. */
export const recordId = (field: string) =>
  safeText(field).regex(
    /^[A-Za-z0-9_-]{1,100}$/,
    `${field} must be an id such as order_01J… or sgmsg_01J… (at most 100 letters, digits, "_" or "-")`
  )

/** An id chosen by a remote system (an invoice id): any printable text up to 200 characters. */
export const remoteId = (field: string) => safeText(field).min(1).max(200)
