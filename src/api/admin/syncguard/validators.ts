import { z } from "@medusajs/framework/zod"
import { connectorName, recordId, safeText } from "../../validation/text"

/** `/admin/syncguard/messages/:id` and `/:id/replay`: an outbox message id (sgmsg_…). */
export const AdminMessageIdParams = z.object({ id: recordId("id") }).strict()

/** `/admin/syncguard/orders/:id`: a Medusa order id (order_…). */
export const AdminOrderIdParams = z.object({ id: recordId("id") }).strict()

/** `/admin/syncguard/connectors/:name/…`: a configured connector's name. */
export const AdminConnectorNameParams = z.object({ name: connectorName("name") }).strict()

/** Mutations that take no input (resume, replay one message, reopen invoices): `{}` or no body. */
export const AdminEmptyBody = z.object({}).strict()

export type AdminListOutboxMessagesParamsType = z.infer<typeof AdminListOutboxMessagesParams>
export const AdminListOutboxMessagesParams = z
  .object({
    status: z.enum(["pending", "in_flight", "delivered", "retry_scheduled", "unknown", "dead"]).optional(),
    connector: connectorName("connector").optional(),
    entity_type: safeText("entity_type").min(1).max(64).optional(),
    entity_id: safeText("entity_id").min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()

export type AdminListScopeViolationsParamsType = z.infer<typeof AdminListScopeViolationsParams>
export const AdminListScopeViolationsParams = z
  .object({
    connector: connectorName("connector").optional(),
    customer_id: safeText("customer_id").min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()

export type AdminPauseConnectorType = z.infer<typeof AdminPauseConnector>
export const AdminPauseConnector = z.object({ reason: safeText("reason").max(500).optional() }).strict()

/** Which dead letters: the same fields list them (query) and replay them (body). */
const deadLetterFilter = {
  connector: connectorName("connector").optional(),
  operation: safeText("operation").min(1).max(100).optional(),
  entity_type: safeText("entity_type").min(1).max(64).optional(),
  error_class: safeText("error_class").min(1).max(64).optional(),
  error_contains: safeText("error_contains").min(1).max(200).optional(),
  created_after: z.iso.datetime({ message: "created_after must be an ISO 8601 date-time" }).optional(),
  created_before: z.iso.datetime({ message: "created_before must be an ISO 8601 date-time" }).optional(),
}

export type AdminReplayDeadLettersType = z.infer<typeof AdminReplayDeadLetters>
export const AdminReplayDeadLetters = z
  .object({ ...deadLetterFilter, limit: z.number().int().min(1).max(10_000).default(1000) })
  .strict()

export type AdminListDeadLettersParamsType = z.infer<typeof AdminListDeadLettersParams>
export const AdminListDeadLettersParams = z
  .object({
    ...deadLetterFilter,
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()

/** Dates of a dead-letter filter as the SQL takes them. */
export function deadLetterDates<T extends { created_after?: string; created_before?: string }>(filter: T) {
  return {
    ...filter,
    created_after: filter.created_after ? new Date(filter.created_after) : undefined,
    created_before: filter.created_before ? new Date(filter.created_before) : undefined,
  }
}

export type AdminHealthHistoryParamsType = z.infer<typeof AdminHealthHistoryParams>
/** `GET /admin/syncguard/health/history`: the metric samples of the last hours, for charts. */
export const AdminHealthHistoryParams = z
  .object({
    hours: z.coerce
      .number({ error: "hours must be a number of hours, 1 to 72" })
      .int("hours must be a whole number")
      .min(1, "hours is at least 1")
      .max(72, "hours is at most 72 (samples are kept 72 h)")
      .default(6),
    connector: connectorName("connector").optional(),
  })
  .strict()

export type AdminConnectorStockParamsType = z.infer<typeof AdminConnectorStockParams>
/** `?sku=A&sku=B` or `?sku=A,B`: at most 100 SKUs per call. */
export const AdminConnectorStockParams = z
  .object({
    sku: z
      .union([z.string(), z.array(z.string())], {
        error: "sku is required: one or more SKUs, e.g. ?sku=SKU-001,SKU-002",
      })
      .transform((v) => [
        ...new Set(
          (Array.isArray(v) ? v : [v])
            .flatMap((s) => s.split(","))
            .map((s) => s.trim())
            .filter(Boolean)
        ),
      ])
      .pipe(
        z
          .array(safeText("sku").max(200))
          .min(1, "sku is required: one or more SKUs")
          .max(100, "at most 100 SKUs per call")
      ),
  })
  .strict()

export type AdminListStockParamsType = z.infer<typeof AdminListStockParams>
/** `GET /admin/syncguard/stock`: what each marketplace connector publishes per SKU, its buffer and inputs. */
export const AdminListStockParams = z
  .object({
    connector: connectorName("connector").optional(),
    variant_id: safeText("variant_id").min(1).max(200).optional(),
    low_stock: z
      .enum(["true", "false"], { error: "low_stock must be true or false" })
      .transform((v) => v === "true")
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()

/** `/admin/syncguard/stock/:name/:variant_id/buffer`. */
export const AdminStockBufferParams = z
  .object({ name: connectorName("name"), variant_id: recordId("variant_id") })
  .strict()

export type AdminSetStockBufferType = z.infer<typeof AdminSetStockBuffer>
/** A fixed buffer for one SKU (units), or null to go back to the computed one. */
export const AdminSetStockBuffer = z
  .object({
    buffer: z
      .number({ error: "buffer must be a whole number of units ≥ 0, or null for the computed buffer" })
      .int("buffer must be a whole number of units")
      .min(0, "buffer cannot be negative")
      .max(100_000, "buffer is at most 100000 units")
      .nullable(),
  })
  .strict()
