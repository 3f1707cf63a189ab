import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { raiseAlert } from "../../lib/alerts"
import { WORKER_ID } from "../../lib/worker-id"
import { runPool } from "../../lib/run-pool"
import { SYNCGUARD_MODULE } from "../../modules/syncguard"
import type SyncguardModuleService from "../../modules/syncguard/service"
import { deliverOutboxMessageWorkflow } from "../deliver-outbox-message"

export type DrainOutboxStepInput = { ids?: string[]; limit?: number; owner?: string }

export type DrainSummary = {
  claimed: number
  delivered: number
  retried: number
  dead: number
  failed: number
  deferred: number
}

export const drainOutboxStepId = "syncguard-drain-outbox"

/**
 * This step claims due messages (or the given ones) and delivers them, a few at a time.
 * A delivery that throws leaves its lease to expire, and the message is claimed again later.
 */
export const drainOutboxStep = createStep(
  { name: drainOutboxStepId, noCompensation: true },
  async (input: DrainOutboxStepInput, { container }) => {
    const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const owner = input.owner ?? WORKER_ID
    // a paused connector or an open breaker: leave its messages alone, attempts unspent
    const paused = await syncguard.pausedConnectors()
    const excludeConnectors = syncguard.connectorNames().filter((c) => paused.has(c) || syncguard.breakerOpen(c))
    const messages = await syncguard.claimMessages({ owner, ids: input.ids, limit: input.limit, excludeConnectors })
    const summary: DrainSummary = { claimed: messages.length, delivered: 0, retried: 0, dead: 0, failed: 0, deferred: 0 }
    const results = await runPool(messages, syncguard.options.concurrency, async (message) => {
      const { result } = await deliverOutboxMessageWorkflow(container).run({ input: { message, owner } })
      return result
    })
    const deadLetters: Array<{ message: (typeof messages)[number]; lastError: string | null }> = []
    results.forEach((r, i) => {
      if (r.status === "rejected") {
        summary.failed++
        logger.error(
          `syncguard: delivering ${messages[i].id} failed unexpectedly; it is retried when its lease expires: ${(r.reason as Error)?.message} [correlation ${messages[i].correlation_id}]`
        )
        return
      }
      const outcome = r.value.attempt_outcome
      if (outcome === "delivered") summary.delivered++
      else if (outcome === "deferred") summary.deferred++
      else if (outcome === "dead") {
        summary.dead++
        if (!r.value.fenced) deadLetters.push({ message: messages[i], lastError: r.value.last_error })
      }
      else summary.retried++
    })
    for (const { message, lastError } of deadLetters) {
      await raiseAlert(container, {
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
    return new StepResponse(summary)
  }
)
