import type { MedusaContainer } from "@medusajs/framework/types"
import { JOBS } from "../modules/syncguard/config/schedules"
import { runDueReconciliations } from "../reconciliation/scheduled-runs"
import { runScheduledJob } from "../scheduling/heartbeat"

const NAME = "syncguard-reconcile"

/** The safety net: each connector and entity type is reconciled at its own interval (options.reconciliation). */
export default async function reconcileJob(container: MedusaContainer) {
  await runScheduledJob(container, NAME, (progress) => runDueReconciliations(container, progress))
}

export const config = { name: NAME, schedule: { interval: JOBS[NAME].tickMs } }
