import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { withHeartbeat } from "../lib/heartbeat"
import { JOB_INTERVALS_MS } from "../lib/job-intervals"
import { drainOutboxWorkflow } from "../workflows/drain-outbox"

const NAME = "syncguard-sweep-outbox"

/** Keeps draining while there is work, up to this long per run (a backlog is not left to the next tick). */
const RUN_BUDGET_MS = Number(process.env.SYNCGUARD_SWEEP_BUDGET_MS || 120_000)

/** The safety net: delivers whatever is due, whether the fast path missed it or it awaits a retry. */
export default async function sweepOutboxJob(container: MedusaContainer) {
  await withHeartbeat(container, NAME, JOB_INTERVALS_MS[NAME], async (progress) => {
    const started = Date.now()
    const total = { claimed: 0, delivered: 0, retried: 0, dead: 0, deferred: 0 }
    // one drain for the whole budget keeps every lane busy (chunks left a dip at each boundary);
    // the heartbeat goes on beside it
    const beating = setInterval(() => void progress().catch(() => undefined), 1000)
    try {
      for (;;) {
        const { result } = await drainOutboxWorkflow(container).run({
          input: { budgetMs: Math.max(0, RUN_BUDGET_MS - (Date.now() - started)), limit: 100_000 },
        })
        for (const key of Object.keys(total) as Array<keyof typeof total>) total[key] += result[key]
        // stop when the batch had nothing, or only messages that could not go (paused, breaker)
        if (!result.claimed || result.deferred === result.claimed || Date.now() - started > RUN_BUDGET_MS) break
      }
    } finally {
      clearInterval(beating)
    }
    const result = total
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
