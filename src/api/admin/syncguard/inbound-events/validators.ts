import { z } from "@medusajs/framework/zod"
import { INBOUND_EVENT_TYPES } from "../../../../modules/syncguard/inbound/profile"
import { INBOUND_STATUSES } from "../../../../modules/syncguard/inbound/states"
import { connectorName, recordId } from "../../../validation/text"

export type AdminListInboundEventsParamsType = z.infer<typeof AdminListInboundEventsParams>
export const AdminListInboundEventsParams = z
  .object({
    connector: connectorName("connector").optional(),
    status: z
      .string()
      .transform((s) => s.split(",").map((x) => x.trim()))
      .pipe(
        z.array(
          z.enum(INBOUND_STATUSES as [string, ...string[]], {
            error: `status is one or more of ${INBOUND_STATUSES.join(", ")}`,
          })
        )
      )
      .optional(),
    type: z.enum(INBOUND_EVENT_TYPES, { error: `type is one of ${INBOUND_EVENT_TYPES.join(", ")}` }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()

export type AdminReplayInboundEventsType = z.infer<typeof AdminReplayInboundEvents>
/** Dead inbound events back to the queue: these ids, or every dead one (of a connector). */
export const AdminReplayInboundEvents = z
  .object({
    ids: z.array(recordId("ids[]")).min(1).max(1000).optional(),
    connector: connectorName("connector").optional(),
  })
  .strict()
