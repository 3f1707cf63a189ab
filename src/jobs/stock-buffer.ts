import type { MedusaContainer } from "@medusajs/framework/types"
import { JOBS } from "../modules/syncguard/config/schedules"
import { runScheduledJob } from "../scheduling/heartbeat"
import { computeStockBuffers } from "../stock/compute-buffers"

const NAME = "syncguard-stock-buffer"

/** Re-sizes every marketplace SKU's stock buffer from measured velocity and lag. */
export default async function stockBufferJob(container: MedusaContainer) {
  await runScheduledJob(container, NAME, () => computeStockBuffers(container))
}

export const config = { name: NAME, schedule: { interval: JOBS[NAME].tickMs } }
