import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import type { MarketplaceOrderChange } from "../modules/syncguard/connectors/contract"
import { claimOwner, WORKER_ID } from "../modules/syncguard/outbox/ids"
import { oldestFirst } from "../modules/syncguard/policies/marketplace-feed"
import type SyncguardModuleService from "../modules/syncguard/service"
import { eachWithin } from "./each-within"
import { publishStock } from "../stock/publish-stock"
import { applyCancellationRequest } from "./cancellations"
import {
  CreateReservedOrder,
  ImportOutcome,
  importBatchFor,
  marketplacesOf,
  reserveMarketplaceOrder,
} from "./import-order"

type PollCount = ImportOutcome | "canceled" | "reserved"
export type PollSummary = { connector: string; seen: number } & Partial<Record<PollCount, number>>

/** while a poll finds new orders, the next one follows this soon (the job ticks every second) */
const BURST_POLL_MS = 1000

const running = new Set<string>()
const lastPolledAt = new Map<string, number>()

/** Creations of reserved orders a scheduled poll left running (see `background`). */
const creating = new Set<Promise<unknown>>()

/**
 * Reads each marketplace's order feed (every order with a line changed within its overlapping
 * window) and brings new orders in and cancellation requests through, in two passes: every new
 * order's stock is reserved first (oldest first, side by side), then the Medusa orders are
 * created, so a burst's last order is reserved within the poll instead of after every creation.
 * A second poller, in this process or another, is harmless: every order is claimed by a unique
 * insert. `force` polls whatever the interval says (a push, an admin, a test). `background`
 * (the scheduled job) returns once the reservations are made and lets the next poll start
 * while the orders are created; the summary then counts those orders as `reserved`.
 */
export async function pollMarketplaceOrders(
  container: MedusaContainer,
  options: { connector?: string; force?: boolean; background?: boolean } = {}
): Promise<PollSummary[]> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const summaries: PollSummary[] = []
  for (const marketplace of marketplacesOf(container)) {
    if (options.connector && marketplace.name !== options.connector) continue
    const due = Date.now() - (lastPolledAt.get(marketplace.name) ?? 0) >= marketplace.settings.orders.pollIntervalMs
    if ((!due && !options.force) || running.has(marketplace.name)) continue
    running.add(marketplace.name)
    lastPolledAt.set(marketplace.name, Date.now())
    const summary: PollSummary = { connector: marketplace.name, seen: 0 }
    const count = (key: PollCount) => {
      summary[key] = (summary[key] ?? 0) + 1
    }
    const concurrency = marketplace.settings.orders.importConcurrency
    const confirmations: Array<Promise<void>> = []
    const reserved: Array<{ change: MarketplaceOrderChange; create: CreateReservedOrder }> = []
    const requested: MarketplaceOrderChange[] = []
    try {
      const changes = oldestFirst(
        await marketplace.source.changedOrders(marketplace.settings.orders.changeIntervalMinutes)
      )
      const owner = claimOwner(WORKER_ID)
      // the window overlaps the last poll's: orders already in hand cost one query, not a claim each
      const inHand = await syncguard.marketplaceOrdersInHand(
        marketplace.name,
        changes.map((c) => c.remoteId)
      )
      // read when an order needs it: the marketplace's sales channel is made on its first order
      // (at boot, before the store has its locations, it would be linked to none of them)
      const batch = changes.some((c) => !inHand.has(c.remoteId)) ? await importBatchFor(container, marketplace) : null
      await eachWithin(changes, concurrency, async (change) => {
        summary.seen++
        if (inHand.has(change.remoteId) || !batch) {
          count("exists")
          if (change.cancellationRequestedLines.length) requested.push(change)
          return
        }
        const stage = await reserveMarketplaceOrder(container, marketplace, change.remoteId, owner, {
          changedAt: change.changedAt,
          confirmations,
          batch,
        })
        if (typeof stage === "function") reserved.push({ change, create: stage })
        else {
          count(stage)
          if (change.cancellationRequestedLines.length) requested.push(change)
        }
      })
      // one stock message per variant the pass reserved, not one per order
      if (batch?.touched.size) await publishStock(container, [...batch.touched])
    } finally {
      running.delete(marketplace.name)
    }
    if (reserved.length) {
      // a burst is on: the feed is read again within BURST_POLL_MS, not a whole interval later
      const interval = marketplace.settings.orders.pollIntervalMs
      lastPolledAt.set(marketplace.name, Date.now() - interval + Math.min(interval, BURST_POLL_MS))
    }
    const cancel = (change: MarketplaceOrderChange) =>
      applyCancellationRequest(container, marketplace, change.remoteId, change.cancellationRequestedLines)
        .then((result) => {
          if (result === "canceled") count("canceled")
          if (result === "partial") {
            logger.warn(
              `syncguard: ${marketplace.name} order ${change.remoteId}: the buyer asked to cancel some lines only; Medusa cancels whole orders, so it is left for a person`
            )
          }
        })
        .catch((error) =>
          logger.warn(
            `syncguard: cancelling ${marketplace.name} order ${change.remoteId} failed, retried next poll: ${(error as Error).message}`
          )
        )
    const rest = (async () => {
      // one at a time: a creation is CPU-bound, and what waits behind it (the next poll's
      // reservations, stock writes) is what the two channels are measured by
      await eachWithin(reserved, 1, async ({ change, create }) => {
        count(await create())
        if (change.cancellationRequestedLines.length) await cancel(change)
      })
      await eachWithin(requested, concurrency, cancel)
      // out-of-stock cancellations are followed to bol's confirmation after the imports, not between them
      await Promise.all(confirmations)
    })()
    if (options.background) {
      summary.reserved = reserved.length
      const tracked = rest.catch((error) =>
        logger.warn(`syncguard: creating ${marketplace.name} orders failed: ${(error as Error).message}`)
      )
      creating.add(tracked)
      void tracked.finally(() => creating.delete(tracked))
    } else await rest
    summaries.push(summary)
  }
  return summaries
}

/** Resolves once the orders scheduled polls left being created are created (tests, shutdown). */
export async function whenMarketplaceImportsIdle(): Promise<void> {
  while (creating.size) await Promise.all([...creating])
}

/** For tests: forget when each marketplace was last polled in this process. */
export function forgetMarketplacePolls(): void {
  lastPolledAt.clear()
}
