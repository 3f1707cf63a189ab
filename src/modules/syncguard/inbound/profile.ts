import { z } from "@medusajs/framework/zod"
import { InboundEventInvalidError } from "../errors"

/**
 * The inbound profile: what a remote may push to /hooks/syncguard/:connector, in the Standard
 * Webhooks payload convention `{ "type", "timestamp", "data" }`. The webhook-id header is the
 * event's id (the dedupe key). Every change carries the sender's order: `sequence` (an integer
 * that grows with each change) or `changed_at` (ISO time) — what is older than what was applied
 * is ignored. Nothing outside this file knows the shapes.
 */

// no control characters: Postgres refuses NUL in text and JSON, and none belong in a SKU or a name
const text = (max = 200) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\u0000-\u001F\u007F]*$/, "must not contain control characters")
const quantity = z.number().int().min(0).max(1_000_000_000)
const order = {
  sequence: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  changed_at: z.iso.datetime({ offset: true, message: "changed_at must be an ISO 8601 time" }).optional(),
}
const needsOrder = <T extends { sequence?: number; changed_at?: string }>(d: T) =>
  d.sequence !== undefined || d.changed_at !== undefined
const ORDER_MESSAGE = {
  message: "give sequence (an integer) or changed_at (an ISO time): the sender's order of changes",
  path: ["sequence"],
}

const address = z
  .object({
    first_name: text().nullable().optional(),
    last_name: text().nullable().optional(),
    company: text().nullable().optional(),
    address_1: text().nullable().optional(),
    address_2: text().nullable().optional(),
    city: text().nullable().optional(),
    province: text().nullable().optional(),
    postal_code: text(40).nullable().optional(),
    country_code: z.string().length(2, "country_code is a 2-letter ISO code").toLowerCase().nullable().optional(),
    phone: text(40).nullable().optional(),
  })
  .strict()

const inventoryTarget = {
  sku: text(),
  /** the Medusa stock location; omitted: the item's only location */
  location_id: text(100).optional(),
}

export const INBOUND_EVENT_SCHEMAS = {
  "inventory.level.set": z
    .object({ ...inventoryTarget, stocked_quantity: quantity, ...order })
    .strict()
    .refine(needsOrder, ORDER_MESSAGE),
  "inventory.level.adjust": z
    .object({
      ...inventoryTarget,
      adjustment: z
        .number()
        .int()
        .min(-1_000_000_000)
        .max(1_000_000_000)
        .refine((n) => n !== 0, "adjustment must not be 0"),
      /** the same operation is applied once, whichever channel brings it */
      operation_id: text(200),
      ...order,
    })
    .strict(),
  "customer.updated": z
    .object({
      customer_id: text(100).optional(),
      email: z.email().max(320).toLowerCase().optional(),
      first_name: text().nullable().optional(),
      last_name: text().nullable().optional(),
      phone: text(40).nullable().optional(),
      company_name: text().nullable().optional(),
      credit_status: text(50).nullable().optional(),
      shipping_address: address.nullable().optional(),
      billing_address: address.nullable().optional(),
      ...order,
    })
    .strict()
    .refine((d) => d.customer_id || d.email, { message: "give customer_id or email", path: ["customer_id"] })
    .refine(needsOrder, ORDER_MESSAGE),
  "price.updated": z
    .object({
      sku: text().optional(),
      variant_id: text(100).optional(),
      currency_code: z.string().length(3, "currency_code is a 3-letter ISO code").toLowerCase(),
      /** a Medusa region id or name: the price applies to that region only */
      region: text(100).optional(),
      /** major units, as Medusa stores prices (12.5 = €12.50) */
      amount: z.number().min(0).max(1_000_000_000),
      ...order,
    })
    .strict()
    .refine((d) => d.sku || d.variant_id, { message: "give sku or variant_id", path: ["sku"] })
    .refine(needsOrder, ORDER_MESSAGE),
  "order.status": z
    .object({
      order_id: text(100),
      status: z.enum(["shipped", "invoiced", "canceled"], { error: "status is shipped, invoiced or canceled" }),
      tracking_number: text(100).optional(),
      tracking_url: z.url().max(500).optional(),
      invoice_number: text(100).optional(),
      ...order,
    })
    .strict()
    .refine(needsOrder, ORDER_MESSAGE),
} as const

export type InboundEventType = keyof typeof INBOUND_EVENT_SCHEMAS
export const INBOUND_EVENT_TYPES = Object.keys(INBOUND_EVENT_SCHEMAS) as InboundEventType[]
export type InboundData<T extends InboundEventType> = z.output<(typeof INBOUND_EVENT_SCHEMAS)[T]>
export type InboundAddress = z.output<typeof address>

export type ParsedInboundEvent = {
  type: InboundEventType
  occurredAt: string | null
  data: Record<string, unknown>
  /** the sender's order of this change: its sequence, or its change time in ms */
  version: number | null
}

const envelope = z
  .object({
    type: z.string().min(1).max(100),
    timestamp: z.iso.datetime({ offset: true }).optional(),
    data: z.record(z.string(), z.unknown()),
  })
  .strict()

export function parseInboundEvent(raw: Buffer | string): ParsedInboundEvent {
  let json: unknown
  try {
    json = JSON.parse(raw.toString())
  } catch {
    throw new InboundEventInvalidError("The body is not JSON", 400)
  }
  const outer = envelope.safeParse(json)
  if (!outer.success) {
    throw new InboundEventInvalidError(
      `Not an inbound event: ${describe(outer.error)} (expected { type, timestamp, data })`,
      422
    )
  }
  const type = outer.data.type as InboundEventType
  // own keys only: "constructor" or "__proto__" is not an event type
  const schema = Object.prototype.hasOwnProperty.call(INBOUND_EVENT_SCHEMAS, type)
    ? INBOUND_EVENT_SCHEMAS[type]
    : undefined
  if (!schema) {
    throw new InboundEventInvalidError(
      `Unknown event type "${outer.data.type}"; known: ${INBOUND_EVENT_TYPES.join(", ")}`,
      422
    )
  }
  const data = schema.safeParse(outer.data.data)
  if (!data.success) {
    throw new InboundEventInvalidError(`Invalid ${type}: ${describe(data.error, "data")}`, 422)
  }
  const d = data.data as { sequence?: number; changed_at?: string }
  return {
    type,
    occurredAt: outer.data.timestamp ?? null,
    data: data.data as Record<string, unknown>,
    version: d.sequence ?? (d.changed_at ? Date.parse(d.changed_at) : null),
  }
}

function describe(error: z.ZodError, prefix?: string): string {
  return error.issues
    .map((i) => `${[prefix, ...i.path].filter((p) => p !== undefined).join(".") || "body"}: ${i.message}`)
    .join("; ")
}
