import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { JOBS } from "../modules/syncguard/config/schedules"
import { runScheduledJob } from "../scheduling/heartbeat"
import { drainOutboxWorkflow } from "../workflows/drain-outbox"

const NAME = "syncguard-sweep-outbox"

/** The safety net: delivers whatever is due, whether the fast path missed it or it awaits a retry. */
export default async function sweepOutboxJob(container: MedusaContainer) {
  await runScheduledJob(container, NAME, async (progress, config) => {
    const budgetMs = config.schedules.sweepBudgetMs
    const started = Date.now()
    const total = { claimed: 0, delivered: 0, retried: 0, dead: 0, deferred: 0 }
    // one drain for the whole budget keeps every lane busy (chunks left a dip at each boundary);
    // the heartbeat goes on beside it
    const beating = setInterval(() => void progress().catch(() => undefined), 1000)
    try {
      for (;;) {
        const { result } = await drainOutboxWorkflow(container).run({
          input: { budgetMs: Math.max(0, budgetMs - (Date.now() - started)), limit: 100_000 },
        })
        for (const key of Object.keys(total) as Array<keyof typeof total>) total[key] += result[key]
        // stop when the batch had nothing, or only messages that could not go (paused, breaker)
        if (!result.claimed || result.deferred === result.claimed || Date.now() - started > budgetMs) break
      }
    } finally {
      clearInterval(beating)
    }
    if (total.claimed) {
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .info(
          `syncguard: sweep claimed ${total.claimed}: ${total.delivered} delivered, ${total.retried} to retry, ${total.dead} dead, ${total.deferred} deferred`
        )
    }
  })
}

export const config = { name: NAME, schedule: { interval: JOBS[NAME].tickMs } }
