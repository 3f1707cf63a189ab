import { z } from "@medusajs/framework/zod"
import { OWNABLE_FIELDS, OWNED_ENTITIES, OwnedEntity } from "../policies/ownership"

/**
 * The ownership map as options and admin routes write it (policies/ownership.ts reads it).
 * Owners are "medusa" or a connector name; the options schema checks the names against the
 * configured connectors, the admin routes against the running ones.
 */
const owner = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'an owner is "medusa" or a connector name')
const regions = z.record(z.string().min(1), owner)

const fieldOwnership = z.union([owner, z.object({ default: owner.optional(), regions }).strict()], {
  error: 'a field\'s owner is a name ("erp") or { default?, regions: { <region>: <owner> } }',
})

const entityOwnership = (entity: OwnedEntity) =>
  z
    .object({
      default: owner,
      regions: regions.optional(),
      // partial: a field left out follows the entity's default
      fields: z
        .record(z.string(), fieldOwnership)
        .superRefine((fields, ctx) => {
          const known = OWNABLE_FIELDS[entity] as readonly string[]
          for (const field of Object.keys(fields)) {
            if (!known.includes(field)) {
              ctx.addIssue({ code: "custom", path: [field], message: `${entity} fields are ${known.join(", ")}` })
            }
          }
        })
        .optional(),
    })
    .strict()

export const ownershipMapSchema = z
  .object(
    Object.fromEntries(OWNED_ENTITIES.map((e) => [e, entityOwnership(e).optional()])) as {
      [K in OwnedEntity]: z.ZodOptional<ReturnType<typeof entityOwnership>>
    }
  )
  .strict()

/** One rule as the admin routes set it: `field` null = the entity's default, `region` null = every region. */
export const ownershipRuleSchema = z
  .object({
    entity_type: z.enum(OWNED_ENTITIES as [OwnedEntity, ...OwnedEntity[]], {
      error: `entity_type is one of ${OWNED_ENTITIES.join(", ")}`,
    }),
    field: z.string().min(1).nullable().default(null),
    region: z.string().min(1).max(100).nullable().default(null),
    owner,
  })
  .strict()
  .superRefine((rule, ctx) => {
    const fields = OWNABLE_FIELDS[rule.entity_type] as readonly string[]
    if (rule.field !== null && !fields.includes(rule.field)) {
      ctx.addIssue({
        code: "custom",
        path: ["field"],
        message: `${rule.entity_type} has no ownable field "${rule.field}"; its fields are ${fields.join(", ")}`,
      })
    }
  })
