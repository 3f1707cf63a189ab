import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { withHeartbeat } from "../lib/heartbeat"
import { JOB_INTERVALS_MS } from "../lib/job-intervals"
import { drainOutboxWorkflow } from "../workflows/drain-outbox"

const NAME = "syncguard-sweep-outbox"

/** The safety net: delivers whatever is due, whether the fast path missed it or it awaits a retry. */
export default async function sweepOutboxJob(container: MedusaContainer) {
  await withHeartbeat(container, NAME, JOB_INTERVALS_MS[NAME], async () => {
    const { result } = await drainOutboxWorkflow(container).run({ input: {} })
    if (result.claimed) {
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .info(
          `syncguard: sweep claimed ${result.claimed}: ${result.delivered} delivered, ${result.retried} to retry, ${result.dead} dead, ${result.deferred} deferred`
        )
    }
  })
}

export const config = { name: NAME, schedule: { interval: JOB_INTERVALS_MS[NAME] } }
