import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { setTimeout as sleep } from "node:timers/promises"
import { raiseAlert } from "../alerts/raise-alert"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import { claimOwner, WORKER_ID } from "../modules/syncguard/outbox/ids"
import type SyncguardModuleService from "../modules/syncguard/service"
import type { ClaimedMessage } from "../modules/syncguard/sql/outbox"
import { deliverOutboxMessageWorkflow } from "../workflows/deliver-outbox-message"
import { requestDelivery } from "./fast-path"
import { loadSyncEntities } from "./load-entities"
import type { DrainPorts } from "./outbox-drainer"

/** Retries due sooner than this are woken by this process; later ones are left to the sweep. */
const WAKE_RETRIES_WITHIN_MS = 30_000

/** The drainer's ports in a Medusa process: the module service, Query, one workflow per message, alerts. */
export function drainPortsFor(container: MedusaContainer, owner: string = WORKER_ID): DrainPorts {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  // a paused connector or an open breaker: leave its messages alone, attempts unspent
  const unavailable = async () => {
    const paused = await syncguard.pausedConnectors()
    return syncguard.connectors.names().filter((c) => paused.has(c) || syncguard.connectors.breakerOpen(c))
  }
  return {
    lanes: syncguard.config.concurrency,
    claim: async ({ limit, ids }) =>
      syncguard.claimMessages({ owner: claimOwner(owner), limit, ids, excludeConnectors: await unavailable() }),
    load: async (messages) => {
      const byMessage = new Map<string, Record<string, unknown> | null>()
      // one Query per entity type and connector (stock is computed per connector's locations and buffer)
      for (const group of new Set(messages.map((m) => `${m.entity_type}\u0000${m.connector}`))) {
        const [type, connector] = group.split("\u0000")
        const ofGroup = messages.filter((m) => m.entity_type === type && m.connector === connector)
        const state = await loadSyncEntities(container, type, [...new Set(ofGroup.map((m) => m.entity_id))], connector)
        ofGroup.forEach((m) => byMessage.set(m.id, state.get(m.entity_id) ?? null))
      }
      return byMessage
    },
    deliver: async (message, entity, claimedAtMs) => {
      const { result } = await deliverOutboxMessageWorkflow(container).run({
        // the claim's own name fences renewals and the result (see claimOwner)
        input: { message, owner: message.lease_owner, entity, claimed_at_ms: claimedAtMs },
      })
      if (!result.fenced && syncguard.config.fastPath) {
        if (result.attempt_outcome === "delivered") {
          // a newer change of the same entity waited for this one: hand over now, not at the next sweep
          const next = await syncguard.successorOf(message).catch(() => null)
          if (next) requestDelivery(container, [next.id], next.dueInMs)
        } else if (
          (result.attempt_outcome === "retry" || result.attempt_outcome === "unknown") &&
          result.next_attempt_at
        ) {
          // a short backoff is taken up when it ends, not at the next sweep (which may be seconds later)
          const dueInMs = new Date(result.next_attempt_at).getTime() - Date.now()
          if (dueInMs <= WAKE_RETRIES_WITHIN_MS) requestDelivery(container, [message.id], Math.max(0, dueInMs) + 20)
        }
      }
      return { outcome: result.attempt_outcome, fenced: result.fenced, lastError: result.last_error }
    },
    msUntilNextDue: async () => syncguard.msUntilNextDue(await unavailable()),
    onDead: (message, lastError) => alertDeadLetter(container, message, lastError),
    onError: (message, error) =>
      logger.error(
        `syncguard: delivering ${message.id} failed unexpectedly; it is retried when its lease expires: ${(error as Error)?.message} [correlation ${message.correlation_id}]`
      ),
    now: () => Date.now(),
    sleep: (ms) => sleep(ms),
  }
}

function alertDeadLetter(container: MedusaContainer, message: ClaimedMessage, lastError: string | null) {
  return raiseAlert(container, {
    kind: "dead_letter",
    message: `${message.operation} of ${message.entity_type} ${message.entity_id} to ${message.connector} is dead after ${message.attempts} attempt(s): ${lastError} [correlation ${message.correlation_id}]`,
    data: {
      message_id: message.id,
      connector: message.connector,
      operation: message.operation,
      entity_id: message.entity_id,
      correlation_id: message.correlation_id,
      last_error: lastError,
    },
  })
}
