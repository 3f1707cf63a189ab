import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { drainOutboxWorkflow } from "../workflows/drain-outbox"

/** The safety net: delivers whatever is due, whether the fast path missed it or it awaits a retry. */
export default async function sweepOutboxJob(container: MedusaContainer) {
  const { result } = await drainOutboxWorkflow(container).run({ input: {} })
  if (result.claimed) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .info(
        `syncguard: sweep claimed ${result.claimed}: ${result.delivered} delivered, ${result.retried} to retry, ${result.dead} dead`
      )
  }
}

export const config = {
  name: "syncguard-sweep-outbox",
  schedule: { interval: Number(process.env.SYNCGUARD_SWEEP_INTERVAL_MS || 5000) },
}
