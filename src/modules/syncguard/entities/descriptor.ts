/**
 * What the outbox needs to know about one kind of synced Medusa entity: which fields
 * connectors may map (loaded fresh with Query at send time: an event never carries state), how
 * its version is derived for idempotency keys, what it depends on, and whether unsent messages
 * about it coalesce (a state such as a stock level: the newest replaces an older unsent one).
 */
export type EntityDependency = { entity_type: string; entity_id: string }

export type EntityDescriptor<Op extends string = string> = {
  type: string
  operations: readonly Op[]
  /** what connectors may map */
  fields: string[]
  /** what the enqueue needs to derive version, change time and dependencies */
  enqueueFields: string[]
  /** the same change always yields the same version, so a replayed event adds nothing */
  version(operation: Op, row: Record<string, unknown>): string
  /** when the change happened in Medusa (sync lag is measured from here) */
  changedAt(operation: Op, row: Record<string, unknown>): string | Date | null
  /** another entity whose unfinished message on the same connector must go first */
  dependsOn(row: Record<string, unknown>): EntityDependency | null
  /** unsent messages about one entity collapse into one (a state, not a sequence of changes) */
  coalesces: boolean
}

export const timeOf = (value: unknown): number => (value ? new Date(value as string).getTime() : 0)
