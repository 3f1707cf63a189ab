import { z } from "@medusajs/framework/zod"
import { OWNED_ENTITIES } from "../../../../modules/syncguard/policies/ownership"
import { connectorName, recordId, safeText } from "../../../validation/text"

const STATUSES = ["open", "accepted", "kept"] as const

export type AdminListConflictsParamsType = z.infer<typeof AdminListConflictsParams>
export const AdminListConflictsParams = z
  .object({
    entity_type: z.enum(OWNED_ENTITIES, { error: `entity_type is one of ${OWNED_ENTITIES.join(", ")}` }).optional(),
    entity_id: safeText("entity_id").min(1).max(200).optional(),
    field: safeText("field").min(1).max(64).optional(),
    sender: connectorName("sender").optional(),
    /** one status or several, `?status=open,kept` */
    status: z
      .string()
      .transform((s) => s.split(",").map((x) => x.trim()))
      .pipe(z.array(z.enum(STATUSES, { error: `status is one or more of ${STATUSES.join(", ")}` })))
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()

export const AdminConflictIdParams = z.object({ id: recordId("id") }).strict()

export type AdminResolveConflictType = z.infer<typeof AdminResolveConflict>
export const AdminResolveConflict = z
  .object({
    resolution: z.enum(["accept_incoming", "keep_ours"], {
      error: 'resolution is "accept_incoming" (apply the sender\'s value) or "keep_ours"',
    }),
    /** with keep_ours: send our value to the sender again */
    resend: z.boolean().default(false),
  })
  .strict()
