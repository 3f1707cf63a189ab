import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { JOBS } from "../modules/syncguard/config/schedules"
import { runScheduledJob } from "../scheduling/heartbeat"
import { drainInboundWorkflow } from "../workflows/drain-inbound"

const NAME = "syncguard-sweep-inbound"

/** The safety net of the inbound direction: applies what the fast path missed (a crash) or must retry. */
export default async function sweepInboundJob(container: MedusaContainer) {
  await runScheduledJob(container, NAME, async (_progress, config) => {
    const { result } = await drainInboundWorkflow(container).run({
      input: { budgetMs: config.schedules.sweepBudgetMs, limit: config.batchSize },
    })
    if (result.claimed) {
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .info(
          `syncguard: inbound sweep claimed ${result.claimed}: ${result.applied} applied, ${result.retried} to retry, ${result.dead} dead`
        )
    }
  })
}

export const config = { name: NAME, schedule: { interval: JOBS[NAME].tickMs } }
