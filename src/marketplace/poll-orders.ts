import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { claimOwner, WORKER_ID } from "../modules/syncguard/outbox/ids"
import { oldestFirst } from "../modules/syncguard/policies/marketplace-feed"
import { eachWithin } from "./each-within"
import { applyCancellationRequest, ImportOutcome, importMarketplaceOrder, marketplacesOf } from "./import-order"

export type PollSummary = { connector: string; seen: number } & Partial<Record<ImportOutcome | "canceled", number>>

const running = new Set<string>()
const lastPolledAt = new Map<string, number>()

/**
 * Reads each marketplace's order feed (every order with a line changed within its overlapping
 * window) and brings new orders in and cancellation requests through. A second poller, in this
 * process or another, is harmless: every order is claimed by a unique insert. `force` polls
 * whatever the interval says (a push, an admin, a test).
 */
export async function pollMarketplaceOrders(
  container: MedusaContainer,
  options: { connector?: string; force?: boolean } = {}
): Promise<PollSummary[]> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const summaries: PollSummary[] = []
  for (const marketplace of marketplacesOf(container)) {
    if (options.connector && marketplace.name !== options.connector) continue
    const due = Date.now() - (lastPolledAt.get(marketplace.name) ?? 0) >= marketplace.settings.orders.pollIntervalMs
    if ((!due && !options.force) || running.has(marketplace.name)) continue
    running.add(marketplace.name)
    lastPolledAt.set(marketplace.name, Date.now())
    try {
      const summary: PollSummary = { connector: marketplace.name, seen: 0 }
      const changes = oldestFirst(
        await marketplace.source.changedOrders(marketplace.settings.orders.changeIntervalMinutes)
      )
      const owner = claimOwner(WORKER_ID)
      const confirmations: Array<Promise<void>> = []
      const count = (key: ImportOutcome | "canceled") => {
        summary[key] = (summary[key] ?? 0) + 1
      }
      // side by side: the first buyer's order must not wait behind every later one
      await eachWithin(changes, marketplace.settings.orders.importConcurrency, async (change) => {
        summary.seen++
        const outcome = await importMarketplaceOrder(
          container,
          marketplace,
          change.remoteId,
          owner,
          change.changedAt,
          undefined,
          confirmations
        )
        count(outcome)
        if (change.cancellationRequestedLines.length) {
          try {
            const result = await applyCancellationRequest(
              container,
              marketplace,
              change.remoteId,
              change.cancellationRequestedLines
            )
            if (result === "canceled") count("canceled")
            if (result === "partial") {
              logger.warn(
                `syncguard: ${marketplace.name} order ${change.remoteId}: the buyer asked to cancel some lines only; Medusa cancels whole orders, so it is left for a person`
              )
            }
          } catch (error) {
            logger.warn(
              `syncguard: cancelling ${marketplace.name} order ${change.remoteId} failed, retried next poll: ${(error as Error).message}`
            )
          }
        }
      })
      // out-of-stock cancellations are followed to bol's confirmation after the imports, not between them
      await Promise.all(confirmations)
      summaries.push(summary)
    } finally {
      running.delete(marketplace.name)
    }
  }
  return summaries
}

/** For tests: forget when each marketplace was last polled in this process. */
export function forgetMarketplacePolls(): void {
  lastPolledAt.clear()
}
