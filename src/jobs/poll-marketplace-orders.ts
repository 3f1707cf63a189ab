import type { MedusaContainer } from "@medusajs/framework/types"
import { JOBS } from "../modules/syncguard/config/schedules"
import { pollMarketplaceOrders } from "../marketplace/poll-orders"
import { runScheduledJob } from "../scheduling/heartbeat"

const NAME = "syncguard-poll-marketplace-orders"

/** The safety net for marketplace orders: each connector's feed is read at its own pollIntervalMs. */
export default async function pollMarketplaceOrdersJob(container: MedusaContainer) {
  await runScheduledJob(container, NAME, async () => {
    // the orders whose stock it reserved are created after it returns: the next poll need not wait
    await pollMarketplaceOrders(container, { background: true })
  })
}

export const config = { name: NAME, schedule: { interval: JOBS[NAME].tickMs } }
