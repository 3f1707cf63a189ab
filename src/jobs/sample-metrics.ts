import type { MedusaContainer } from "@medusajs/framework/types"
import { withHeartbeat } from "../lib/heartbeat"
import { JOB_INTERVALS_MS } from "../lib/job-intervals"
import { sampleMetricsWorkflow } from "../workflows/sample-metrics"

const NAME = "syncguard-sample-metrics"

/** Ticks every 10 s; the workflow decides whether a sample is due (60 s, or 10 s when the queue is deep). */
export default async function sampleMetricsJob(container: MedusaContainer) {
  await withHeartbeat(container, NAME, JOB_INTERVALS_MS[NAME], () => sampleMetricsWorkflow(container).run({ input: {} }))
}

export const config = { name: NAME, schedule: { interval: JOB_INTERVALS_MS[NAME] } }
