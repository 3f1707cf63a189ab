import { z } from "@medusajs/framework/zod"
import { ownershipRuleSchema } from "../../../../modules/syncguard/config/ownership-schema"
import { recordId } from "../../../validation/text"

export type AdminSetOwnershipType = z.infer<typeof AdminSetOwnership>
/** Runtime overrides: each rule replaces the one with the same entity, field and region. */
export const AdminSetOwnership = z.object({ rules: z.array(ownershipRuleSchema).min(1).max(200) }).strict()

export const AdminOwnershipRuleIdParams = z.object({ id: recordId("id") }).strict()
