import { z } from "@medusajs/framework/zod"
import {
  DRIFT_KINDS,
  FindingStatus,
  RECONCILED_ENTITIES,
  RunStatus,
} from "../../../../modules/syncguard/reconciliation/states"
import { connectorName, recordId, safeText } from "../../../validation/text"

const RUN_STATUSES = Object.values(RunStatus)
const FINDING_STATUSES = Object.values(FindingStatus)

const entityType = z.enum(RECONCILED_ENTITIES, { error: `entity_type is one of ${RECONCILED_ENTITIES.join(", ")}` })
const kind = z.enum(DRIFT_KINDS, { error: `kind is one of ${DRIFT_KINDS.join(", ")}` })
const page = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
}

export type AdminListRunsParamsType = z.infer<typeof AdminListRunsParams>
export const AdminListRunsParams = z
  .object({
    connector: connectorName("connector").optional(),
    entity_type: entityType.optional(),
    status: z.enum(RUN_STATUSES, { error: `status is one of ${RUN_STATUSES.join(", ")}` }).optional(),
    ...page,
    limit: z.coerce.number().int().min(1).max(200).default(20),
  })
  .strict()

export type AdminStartRunType = z.infer<typeof AdminStartRun>
export const AdminStartRun = z
  .object({
    connector: connectorName("connector"),
    entity_type: entityType,
    /** find and report only: nothing is repaired, and the cursor does not move */
    dry_run: z.boolean({ error: "dry_run is true or false" }).default(false),
  })
  .strict()

export const AdminRunIdParams = z.object({ id: recordId("id") }).strict()

export type AdminListFindingsParamsType = z.infer<typeof AdminListFindingsParams>
export const AdminListFindingsParams = z
  .object({
    kind: kind.optional(),
    status: z.enum(FINDING_STATUSES, { error: `status is one of ${FINDING_STATUSES.join(", ")}` }).optional(),
    connector: connectorName("connector").optional(),
    entity_type: entityType.optional(),
    entity_id: safeText("entity_id").min(1).max(200).optional(),
    ...page,
  })
  .strict()

export type AdminRepairKindType = z.infer<typeof AdminRepairKind>
export const AdminRepairKind = z.object({ kind }).strict()

export const AdminFindingIdParams = z.object({ id: recordId("id") }).strict()

export type AdminDismissFindingType = z.infer<typeof AdminDismissFinding>
export const AdminDismissFinding = z.object({ reason: safeText("reason").min(1).max(500).optional() }).strict()
