import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../modules/syncguard"

type DispatcherState = { pending: Set<string>; running: Promise<void> | null }

export type Dispatcher = {
  /** asks this process to work on these ids now, off the caller's path */
  request(container: MedusaContainer, ids: string[], afterMs?: number): void
  /** resolves once this process has none of this work in flight (tests, graceful shutdown) */
  whenIdle(container: MedusaContainer): Promise<void>
}

/**
 * A fast path: ids requested together are worked on together, in chunks, one run at a time per
 * process. Nothing depends on it: whatever it misses (a crash, a restart) a sweep job claims
 * from the table, so a failure here is only logged.
 */
export function createDispatcher(
  what: string,
  work: (container: MedusaContainer, ids: string[]) => Promise<unknown>,
  chunk = 100
): Dispatcher {
  const states = new WeakMap<object, DispatcherState>()
  // one state per application, whichever scope asks (a route's request scope, the root container)
  const stateOf = (container: MedusaContainer) => {
    const app = container.resolve(SYNCGUARD_MODULE) as object
    let state = states.get(app)
    if (!state) {
      state = { pending: new Set(), running: null }
      states.set(app, state)
    }
    return state
  }

  async function drainPending(container: MedusaContainer, state: DispatcherState): Promise<void> {
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    while (state.pending.size) {
      const ids = [...state.pending].slice(0, chunk)
      ids.forEach((id) => state.pending.delete(id))
      try {
        await work(container, ids)
      } catch (error) {
        logger.warn(`syncguard: fast-path ${what} failed; the sweep will retry: ${(error as Error).message}`)
      }
    }
  }

  const dispatcher: Dispatcher = {
    request(container, ids, afterMs = 0) {
      if (!ids.length) return
      if (afterMs > 0) {
        setTimeout(() => dispatcher.request(container, ids), afterMs).unref()
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
    },
    async whenIdle(container) {
      const state = stateOf(container)
      while (state.running) await state.running
    },
  }
  return dispatcher
}
