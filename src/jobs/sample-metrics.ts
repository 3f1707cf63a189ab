import type { MedusaContainer } from "@medusajs/framework/types"
import { JOBS } from "../modules/syncguard/config/schedules"
import { alertSunsets } from "../alerts/alert-sunsets"
import { runScheduledJob } from "../scheduling/heartbeat"
import { sampleMetricsWorkflow } from "../workflows/sample-metrics"

const NAME = "syncguard-sample-metrics"

/** The workflow decides whether a sample is due (every 60 s, every 10 s while the queue is deep); sunsets alert here too. */
export default async function sampleMetricsJob(container: MedusaContainer) {
  await runScheduledJob(container, NAME, async () => {
    await sampleMetricsWorkflow(container).run({ input: {} })
    // deprecation headers are recorded as responses arrive; their sunsets are checked here
    await alertSunsets(container)
  })
}

export const config = { name: NAME, schedule: { interval: JOBS[NAME].tickMs } }
