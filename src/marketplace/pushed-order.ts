import type { MedusaContainer } from "@medusajs/framework/types"
import { setTimeout as sleep } from "node:timers/promises"
import { applyCancellationRequest } from "./cancellations"
import { type ImportOutcome, importMarketplaceOrder, type Marketplace } from "./import-order"

/** A pushed order that could not be handled is tried again this many times before the poll takes over. */
const PUSH_TRIES = 4
const PUSH_RETRY_MS = 1000

/**
 * A pushed ORDER notification: the same path as the poll, early. The order is brought in (once),
 * and a buyer's cancellation request it carries is applied. A failure (bol answering 429 in a
 * storm, a timeout) is tried again shortly, a few times, rather than left to the next poll: every
 * second a marketplace sale is not reserved in Medusa the storefront can sell the same unit.
 */
export async function handlePushedOrder(
  container: MedusaContainer,
  marketplace: Marketplace,
  remoteOrderId: string,
  owner: string
): Promise<ImportOutcome> {
  let outcome: ImportOutcome = "failed"
  for (let attempt = 1; attempt <= PUSH_TRIES; attempt++) {
    try {
      // one read serves both: the order to create, and whether its buyer asked to cancel
      const order = await marketplace.source.getOrder(remoteOrderId)
      if (!order) return "failed"
      outcome = await importMarketplaceOrder(container, marketplace, remoteOrderId, owner, null, order)
      if (outcome !== "failed" && outcome !== "busy") {
        const requested = order.lines
          .filter((l) => l.cancellationRequested && l.quantityCancelled < l.quantity)
          .map((l) => l.remoteLineId)
        if (requested.length) await applyCancellationRequest(container, marketplace, remoteOrderId, requested)
        return outcome
      }
    } catch (error) {
      if (attempt === PUSH_TRIES) throw error
    }
    await sleep(PUSH_RETRY_MS * attempt)
  }
  return outcome
}
