import type { Connector } from "../modules/syncguard/connectors/contract"
import type { ReconciliationConfig } from "../modules/syncguard/config/options"
import { RECONCILED_ENTITIES, ReconciledEntity } from "../modules/syncguard/reconciliation/states"

/**
 * Which entity types a connector can be reconciled on: orders and customers where it takes them
 * outbound and can look them up, inventory where it reads stock.
 */
export function reconcilableEntities(connector: Connector): ReconciledEntity[] {
  return RECONCILED_ENTITIES.filter((entity) => {
    if (entity === "inventory") return !!connector.stock
    return !!connector.outbound?.takes(entity) && !!connector.lookups?.entityTypes.includes(entity)
  })
}

/** Why a connector cannot be reconciled on an entity type, or null when it can. */
export function whyNotReconcilable(connector: Connector | undefined, name: string, entity: string): string | null {
  if (!connector) return `no connector named "${name}"`
  if (!(RECONCILED_ENTITIES as readonly string[]).includes(entity)) {
    return `entity_type must be one of ${RECONCILED_ENTITIES.join(", ")}`
  }
  if (reconcilableEntities(connector).includes(entity as ReconciledEntity)) return null
  return entity === "inventory"
    ? `connector "${name}" does not read stock`
    : `connector "${name}" does not send ${entity}s or cannot look them up`
}

/** How often a (connector, entity type) is reconciled; 0: never on a schedule. */
export function intervalOf(config: ReconciliationConfig, connector: string, entity: ReconciledEntity): number {
  return config.intervals[connector]?.[entity] ?? config.intervalMs
}

/** Whether a scheduled run is due, from when the last one started (shared by every worker). */
export function isDue(intervalMs: number, lastStartedAt: Date | null, now: Date): boolean {
  if (intervalMs <= 0) return false
  return !lastStartedAt || now.getTime() - lastStartedAt.getTime() >= intervalMs
}

/**
 * The window a run compares: from the last completed run's cursor minus the lookback (or the
 * initial window on a first run), up to now minus the settle time.
 */
export function windowOf(
  config: Pick<ReconciliationConfig, "lookbackMs" | "settleMs" | "initialWindowDays">,
  cursor: Date | null,
  now: Date
): { from: Date; to: Date } {
  const to = new Date(now.getTime() - config.settleMs)
  const from = cursor
    ? new Date(cursor.getTime() - config.lookbackMs)
    : config.initialWindowDays
      ? new Date(now.getTime() - config.initialWindowDays * 86_400_000)
      : new Date(0)
  return { from: from < to ? from : to, to }
}
