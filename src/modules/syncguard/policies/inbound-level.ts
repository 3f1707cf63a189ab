/**
 * What an inbound stock event does to one level (pure). Senders number their changes (a
 * sequence, or a change time): an absolute `set` carries every earlier change, so
 *   - a set older than the last applied set is stale: ignored;
 *   - a delta (`adjust`) older than the last applied set is already inside it: ignored;
 *   - a delta is applied once per operation id, whatever channel brought it;
 *   - a set that arrives after newer deltas were applied keeps them (its value + theirs).
 * Applying events in any order, with duplicates, then ends where applying each distinct event
 * once in sequence order ends.
 */

export type LevelLedger = {
  /** the version of the last set applied (null: none yet) */
  setVersion: number | null
  /** deltas applied, by operation id, with their versions (null: unnumbered) */
  adjustments: ReadonlyMap<string, { version: number | null; delta: number }>
}

export type LevelSetPlan = { kind: "stale"; appliedVersion: number } | { kind: "set"; stocked: number }

export function planLevelSet(event: { quantity: number; version: number }, ledger: LevelLedger): LevelSetPlan {
  if (ledger.setVersion !== null && event.version <= ledger.setVersion) {
    return { kind: "stale", appliedVersion: ledger.setVersion }
  }
  let newer = 0
  for (const a of ledger.adjustments.values()) {
    if (a.version !== null && a.version > event.version) newer += a.delta
  }
  return { kind: "set", stocked: event.quantity + newer }
}

export type LevelAdjustPlan =
  { kind: "duplicate" } | { kind: "stale"; appliedVersion: number } | { kind: "adjust"; delta: number }

export function planLevelAdjust(
  event: { operationId: string; delta: number; version: number | null },
  ledger: LevelLedger
): LevelAdjustPlan {
  if (ledger.adjustments.has(event.operationId)) return { kind: "duplicate" }
  if (event.version !== null && ledger.setVersion !== null && event.version <= ledger.setVersion) {
    return { kind: "stale", appliedVersion: ledger.setVersion }
  }
  return { kind: "adjust", delta: event.delta }
}

/** Is an event numbered `version` older than (or the same as) what was applied? For any absolute write. */
export function isStale(version: number, applied: number | null): boolean {
  return applied !== null && version <= applied
}
