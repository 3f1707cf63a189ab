import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { ReconciliationBusyError } from "../modules/syncguard/errors"
import { raiseAlert } from "../alerts/raise-alert"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import { exceedsAlertThreshold } from "../modules/syncguard/policies/drift"
import { WORKER_ID } from "../modules/syncguard/outbox/ids"
import { ReconciledEntity, RunStatus } from "../modules/syncguard/reconciliation/states"
import type SyncguardModuleService from "../modules/syncguard/service"
import { RUN_COUNTS, ReconciliationRunRow, RunCounts } from "../modules/syncguard/sql/reconciliation"
import { reconcileCustomers } from "./reconcile-customers"
import { reconcileInventory } from "./reconcile-inventory"
import { reconcileOrders } from "./reconcile-orders"
import { repairFindings } from "./repair-finding"
import type { Comparison, RunContext } from "./run-context"
import { whyNotReconcilable, windowOf } from "./targets"

const COMPARISONS: Record<ReconciledEntity, Comparison> = {
  order: reconcileOrders,
  customer: reconcileCustomers,
  inventory: reconcileInventory,
}

const BEAT_EVERY_MS = 2000
/** How long a start that finds the lock taken waits for the holder's run row before it answers 409. */
const BUSY_WAIT_MS = 5000
const BUSY_POLL_MS = 50

export type StartRequest = {
  connector: string
  entity_type: string
  dry_run: boolean
  trigger: "schedule" | "admin"
  started_by?: string | null
}

/**
 * Starts a run: the Locking module keeps two workers from starting the same one (the lock is held
 * for as long as the run beats), and the run row's unique running slot keeps it true even with a
 * lock provider that is local to the process. Returns the run as started and the promise of its end.
 */
export async function startReconciliation(
  container: MedusaContainer,
  request: StartRequest
): Promise<{ run: ReconciliationRunRow; done: Promise<ReconciliationRunRow> }> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const connector = syncguard.connectors.get(request.connector)
  const why = whyNotReconcilable(connector, request.connector, request.entity_type)
  if (why) throw new MedusaError(MedusaError.Types.INVALID_DATA, why)
  const config = syncguard.config.reconciliation
  const locking = container.resolve(Modules.LOCKING)
  const lockKey = `syncguard:reconcile:${request.connector}:${request.entity_type}`
  const lockOwner = `${WORKER_ID}:${Date.now()}:${Math.random().toString(36).slice(2)}`
  const expireS = Math.max(5, Math.ceil(config.staleRunMs / 1000))
  try {
    await locking.acquire(lockKey, { ownerId: lockOwner, expire: expireS })
  } catch {
    // another start holds the lock: its run row follows within moments
    throw await busy(syncguard, request, { holderMayBeStarting: true })
  }
  let run: ReconciliationRunRow | null
  try {
    const cursor = await syncguard.reconciliationCursor(request.connector, request.entity_type)
    const window = windowOf(config, cursor, new Date())
    run = await syncguard.startReconciliationRun({
      connector: request.connector,
      entity_type: request.entity_type,
      dry_run: request.dry_run,
      trigger: request.trigger,
      started_by: request.started_by ?? null,
      cursor_before: cursor,
      window_from: window.from,
      window_to: window.to,
    })
  } catch (error) {
    await locking.release(lockKey, { ownerId: lockOwner }).catch(() => undefined)
    throw error
  }
  if (!run) {
    // the slot is taken by a worker whose lock is not ours to see (a lock local to its process)
    await locking.release(lockKey, { ownerId: lockOwner }).catch(() => undefined)
    throw await busy(syncguard, request, { holderMayBeStarting: false })
  }
  const started = run
  const done = execute(container, started, () =>
    locking.acquire(lockKey, { ownerId: lockOwner, expire: expireS })
  ).finally(() => locking.release(lockKey, { ownerId: lockOwner }).catch(() => undefined))
  return { run: started, done }
}

/**
 * The 409 for a start that lost to another one, naming the run that holds the slot. The lock is
 * taken before its run row exists, so a start refused by the lock waits a moment for the row; a
 * run that ended meanwhile (a short one) is still the one this start lost to: the newest run that
 * appeared while it waited. Never a start of its own: two starts at once run once.
 */
async function busy(
  syncguard: SyncguardModuleService,
  request: StartRequest,
  { holderMayBeStarting }: { holderMayBeStarting: boolean }
): Promise<ReconciliationBusyError> {
  const { connector, entity_type } = request
  const deadline = Date.now() + BUSY_WAIT_MS
  let before: string | null | undefined
  for (;;) {
    const running = await syncguard.runningReconciliation(connector, entity_type)
    if (running) return new ReconciliationBusyError(connector, entity_type, running)
    const {
      rows: [newest],
    } = await syncguard.reconciliationRuns({ connector, entity_type, limit: 1, offset: 0 })
    // the slot was taken when our row was refused: the newest run is the one that just ended
    if (!holderMayBeStarting && newest) return new ReconciliationBusyError(connector, entity_type, newest)
    if (before === undefined) before = newest?.id ?? null
    else if (newest && newest.id !== before) return new ReconciliationBusyError(connector, entity_type, newest)
    if (Date.now() >= deadline) return new ReconciliationBusyError(connector, entity_type, null)
    await new Promise((resolve) => setTimeout(resolve, BUSY_POLL_MS))
  }
}

async function execute(
  container: MedusaContainer,
  run: ReconciliationRunRow,
  extendLock: () => Promise<void>
): Promise<ReconciliationRunRow> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const config = syncguard.config.reconciliation
  const counts = Object.fromEntries(RUN_COUNTS.map((c) => [c, 0])) as RunCounts
  let lastBeat = Date.now()
  const ctx: RunContext = {
    container,
    syncguard,
    run,
    connector: syncguard.connectors.get(run.connector)!,
    config,
    window: { from: run.window_from ?? new Date(0), to: run.window_to ?? new Date() },
    counts,
    report: async (findings) => {
      if (!findings.length) return
      const rows = await syncguard.recordDriftFindings(run, findings)
      for (const f of findings) counts[f.kind]++
      if (!run.dry_run) {
        const unattended = rows.filter((r) => (config.autoRepair as string[]).includes(r.kind))
        if (unattended.length) {
          const results = await repairFindings(container, unattended, "reconciliation")
          counts.repaired += results.filter((r) => r.finding?.status === "repaired").length
        }
      }
    },
    progress: async () => {
      if (Date.now() - lastBeat < BEAT_EVERY_MS) return
      lastBeat = Date.now()
      await extendLock()
      if (!(await syncguard.beatReconciliationRun(run.id, counts))) {
        throw new Error(`run ${run.id} was abandoned while it ran (no heartbeat within staleRunMs)`)
      }
    },
  }
  try {
    const outcome = await COMPARISONS[run.entity_type as ReconciledEntity](ctx)
    const finished = await syncguard.finishReconciliationRun(run.id, {
      status: RunStatus.COMPLETED,
      counts,
      // a dry run changes nothing, its cursor included: the next real run compares the same window
      cursor_after: outcome.cursorAfter,
    })
    const found = counts.missing + counts.mismatched + counts.duplicated + counts.orphaned
    if (exceedsAlertThreshold(found, config.alertThreshold)) {
      await raiseAlert(container, {
        kind: "reconciliation_drift",
        message: `the ${run.entity_type} reconciliation of ${run.connector} found ${found} drift(s): ${counts.missing} missing, ${counts.mismatched} mismatched, ${counts.duplicated} duplicated, ${counts.orphaned} orphaned`,
        data: { run_id: run.id, connector: run.connector, entity_type: run.entity_type, counts },
      })
    }
    return finished ?? run
  } catch (error) {
    const message = (error as Error).message
    logger.warn(`syncguard: ${run.entity_type} reconciliation ${run.id} of ${run.connector} failed: ${message}`)
    const failed = await syncguard
      .finishReconciliationRun(run.id, { status: RunStatus.FAILED, counts, cursor_after: null, error: message })
      .catch(() => null)
    return failed ?? run
  }
}
