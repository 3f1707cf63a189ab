import type { MedusaContainer } from "@medusajs/framework/types"
import { withHeartbeat } from "../lib/heartbeat"
import { JOB_INTERVALS_MS } from "../lib/job-intervals"
import { purgeExpiredWorkflow } from "../workflows/purge-expired"

const NAME = "syncguard-purge-expired"

/** Keeps snapshots to their retention window (72 h by default). */
export default async function purgeExpiredJob(container: MedusaContainer) {
  await withHeartbeat(container, NAME, JOB_INTERVALS_MS[NAME], () => purgeExpiredWorkflow(container).run({ input: {} }))
}

export const config = { name: NAME, schedule: { interval: JOB_INTERVALS_MS[NAME] } }
