import { z } from "@medusajs/framework/zod"

export type StoreListInvoicesParamsType = z.infer<typeof StoreListInvoicesParams>
export const StoreListInvoicesParams = z
  .object({
    status: z
      .string()
      .regex(/^[a-z_]{1,32}$/, "status is a lower-case word such as open, paid or void")
      .optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(10_000).default(0),
  })
  .strict()
