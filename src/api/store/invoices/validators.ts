import { z } from "@medusajs/framework/zod"
import { remoteId, safeText } from "../../validation/text"

/** `/store/invoices/:id` and `/:id/pdf`: the invoice system's own id, any printable text. */
export const StoreInvoiceIdParams = z.object({ id: remoteId("id") }).strict()

export type StoreListInvoicesParamsType = z.infer<typeof StoreListInvoicesParams>
export const StoreListInvoicesParams = z
  .object({
    status: safeText("status")
      .regex(/^[a-z_]{1,32}$/, "status is a lower-case word such as open, paid or void")
      .optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(10_000).default(0),
  })
  .strict()
