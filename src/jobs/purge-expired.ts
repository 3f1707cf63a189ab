import type { MedusaContainer } from "@medusajs/framework/types"
import { JOBS } from "../modules/syncguard/config/schedules"
import { runScheduledJob } from "../scheduling/heartbeat"
import { purgeExpiredWorkflow } from "../workflows/purge-expired"

const NAME = "syncguard-purge-expired"

/** Keeps snapshots to their retention window (72 h by default). */
export default async function purgeExpiredJob(container: MedusaContainer) {
  await runScheduledJob(container, NAME, () => purgeExpiredWorkflow(container).run({ input: {} }))
}

export const config = { name: NAME, schedule: { interval: JOBS[NAME].tickMs } }
