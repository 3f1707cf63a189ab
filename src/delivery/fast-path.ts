import type { MedusaContainer } from "@medusajs/framework/types"
import { createDispatcher } from "../scheduling/dispatcher"
import { drainOutboxWorkflow } from "../workflows/drain-outbox"

/**
 * The outbox's fast path: delivers freshly enqueued messages now, off the caller's path. A
 * message held back on purpose (a stock change waiting for the rest of its burst) is requested
 * with `afterMs`. Whatever it misses, the sweep job claims from the outbox.
 */
const delivery = createDispatcher("delivery", (container, ids) =>
  drainOutboxWorkflow(container).run({ input: { ids } })
)

export function requestDelivery(container: MedusaContainer, ids: string[], afterMs = 0): void {
  delivery.request(container, ids, afterMs)
}

export async function whenDispatcherIdle(container: MedusaContainer): Promise<void> {
  await delivery.whenIdle(container)
}
