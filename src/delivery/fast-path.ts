import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { drainOutboxWorkflow } from "../workflows/drain-outbox"

type DispatcherState = { pending: Set<string>; running: Promise<void> | null }

const states = new WeakMap<object, DispatcherState>()

function stateOf(container: MedusaContainer): DispatcherState {
  let state = states.get(container)
  if (!state) {
    state = { pending: new Set(), running: null }
    states.set(container, state)
  }
  return state
}

/**
 * The fast path: ask this process to deliver freshly enqueued messages now, off the caller's
 * path. Requests that arrive together are drained together. Nothing depends on it: whatever
 * it misses (crash, restart, full queue) the sweep job claims from the outbox.
 */
export function requestDelivery(container: MedusaContainer, ids: string[], afterMs = 0): void {
  if (!ids.length) {
    return
  }
  if (afterMs > 0) {
    // a message held back on purpose (a stock change waiting for the rest of its burst)
    setTimeout(() => requestDelivery(container, ids), afterMs).unref()
    return
  }
  const state = stateOf(container)
  ids.forEach((id) => state.pending.add(id))
  if (!state.running) {
    state.running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => drainPending(container, state))
      .finally(() => {
        state.running = null
      })
  }
}

async function drainPending(container: MedusaContainer, state: DispatcherState): Promise<void> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  while (state.pending.size) {
    const ids = [...state.pending].slice(0, 100)
    ids.forEach((id) => state.pending.delete(id))
    try {
      await drainOutboxWorkflow(container).run({ input: { ids } })
    } catch (error) {
      logger.warn(`syncguard: fast-path delivery failed; the sweep will retry: ${(error as Error).message}`)
    }
  }
}

/** Resolves once this process has no fast-path work in flight (tests, graceful shutdown). */
export async function whenDispatcherIdle(container: MedusaContainer): Promise<void> {
  const state = stateOf(container)
  while (state.running) {
    await state.running
  }
}
