import { z } from "@medusajs/framework/zod"

export type AdminListOutboxMessagesParamsType = z.infer<typeof AdminListOutboxMessagesParams>
export const AdminListOutboxMessagesParams = z
  .object({
    status: z.enum(["pending", "in_flight", "delivered", "retry_scheduled", "unknown", "dead"]).optional(),
    connector: z.string().min(1).optional(),
    entity_type: z.string().min(1).optional(),
    entity_id: z.string().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()

export type AdminListScopeViolationsParamsType = z.infer<typeof AdminListScopeViolationsParams>
export const AdminListScopeViolationsParams = z
  .object({
    connector: z.string().min(1).optional(),
    customer_id: z.string().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()
