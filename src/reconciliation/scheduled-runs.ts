import type { MedusaContainer } from "@medusajs/framework/types"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import type SyncguardModuleService from "../modules/syncguard/service"
import type { ReconciliationRunRow } from "../modules/syncguard/sql/reconciliation"
import { runReconciliationWorkflow } from "../workflows/run-reconciliation"
import { intervalOf, isDue, reconcilableEntities } from "./targets"

/**
 * Runs every reconciliation whose interval has passed since its last start (a time every worker
 * reads from the database, so they agree), one after another. Paused connectors are skipped.
 */
export async function runDueReconciliations(
  container: MedusaContainer,
  progress: () => Promise<void> = async () => undefined
): Promise<ReconciliationRunRow[]> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const config = syncguard.config.reconciliation
  const paused = await syncguard.pausedConnectors()
  const runs: ReconciliationRunRow[] = []
  for (const name of syncguard.connectors.names()) {
    if (paused.has(name)) continue
    for (const entity of reconcilableEntities(syncguard.connectors.get(name)!)) {
      const interval = intervalOf(config, name, entity)
      if (!isDue(interval, await syncguard.lastReconciliationStart(name, entity), new Date())) continue
      const { result } = await runReconciliationWorkflow(container).run({
        input: { connector: name, entity_type: entity, dry_run: false, trigger: "schedule" },
      })
      if (result) runs.push(result)
      await progress()
    }
  }
  return runs
}
