import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { raiseAlert } from "../../lib/alerts"
import { WORKER_ID } from "../../lib/worker-id"
import { SYNCGUARD_MODULE } from "../../modules/syncguard"
import type { ClaimedMessage } from "../../modules/syncguard/service"
import type SyncguardModuleService from "../../modules/syncguard/service"
import { deliverOutboxMessageWorkflow } from "../deliver-outbox-message"
import { loadSyncEntities } from "./load-sync-entity"

export type DrainOutboxStepInput = {
  /** deliver exactly these (the fast path); otherwise whatever is due */
  ids?: string[]
  /** at most this many messages in this run. @default batchSize */
  limit?: number
  /** keep claiming while there is work, for up to this long (the sweep). @default 0: one batch */
  budgetMs?: number
  owner?: string
}

export type DrainSummary = {
  claimed: number
  delivered: number
  retried: number
  dead: number
  failed: number
  deferred: number
}

type Claimed = { message: ClaimedMessage; entity: Record<string, unknown> | null; claimedAtMs: number }

export const drainOutboxStepId = "syncguard-drain-outbox"

/** A drain that ran dry waits at most this long for the next retry to fall due. */
const MAX_WAIT_FOR_DUE_MS = 2000
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * This step claims due messages (or the given ones) and delivers them on `concurrency` lanes.
 * Claims are taken a lane-load at a time as lanes free up, so a slow message never holds a
 * whole batch back and few leases are held ahead of sending. A delivery that throws leaves
 * its lease to expire, and the message is claimed again later.
 */
export const drainOutboxStep = createStep(
  { name: drainOutboxStepId, noCompensation: true },
  async (input: DrainOutboxStepInput, { container }) => {
    const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const owner = input.owner ?? WORKER_ID
    const lanes = syncguard.options.concurrency
    const deadline = Date.now() + (input.budgetMs ?? 0)
    const maxTotal = input.ids ? input.ids.length : input.limit ?? syncguard.options.batchSize
    const summary: DrainSummary = { claimed: 0, delivered: 0, retried: 0, dead: 0, failed: 0, deferred: 0 }
    const deadLetters: Array<{ message: ClaimedMessage; lastError: string | null }> = []
    const queue: Claimed[] = []
    let exhausted = false
    let refilling: Promise<void> | null = null

    const refill = async () => {
      const room = maxTotal - summary.claimed
      const continuing = summary.claimed === 0 || Date.now() < deadline
      if (room <= 0 || !continuing || (input.ids && summary.claimed > 0)) {
        exhausted = true
        return
      }
      // a paused connector or an open breaker: leave its messages alone, attempts unspent
      const paused = await syncguard.pausedConnectors()
      const excludeConnectors = syncguard.connectors.names().filter((c) => paused.has(c) || syncguard.connectors.breakerOpen(c))
      const claim = () =>
        syncguard.claimMessages({
          owner,
          ids: input.ids,
          limit: input.ids ? input.ids.length : Math.min(room, lanes * 2),
          excludeConnectors,
        })
      let messages = await claim()
      // ran dry with budget left: a retry due within a moment is waited for here, so the lanes
      // stay busy instead of idling until the next sweep (the tail of a flash-sale drain)
      while (!messages.length && !input.ids && queue.length === 0) {
        const dueIn = await syncguard.msUntilNextDue(excludeConnectors)
        if (dueIn === null || dueIn > MAX_WAIT_FOR_DUE_MS || Date.now() + dueIn >= deadline) break
        await sleep(Math.max(10, dueIn))
        messages = await claim()
      }
      if (!messages.length) {
        exhausted = true
        return
      }
      const claimedAtMs = Date.now()
      summary.claimed += messages.length
      // current state in one query per entity type, not one per message
      const state = new Map<string, Map<string, Record<string, unknown>>>()
      for (const type of new Set(messages.map((m) => m.entity_type))) {
        const ids = [...new Set(messages.filter((m) => m.entity_type === type).map((m) => m.entity_id))]
        state.set(type, await loadSyncEntities(container, type, ids))
      }
      for (const message of messages) {
        queue.push({ message, entity: state.get(message.entity_type)?.get(message.entity_id) ?? null, claimedAtMs })
      }
    }

    const next = async (): Promise<Claimed | null> => {
      for (;;) {
        const item = queue.shift()
        if (item) return item
        if (exhausted) return null
        refilling ??= refill().finally(() => (refilling = null))
        await refilling
      }
    }

    const lane = async () => {
      for (let item = await next(); item; item = await next()) {
        const { message } = item
        try {
          const { result } = await deliverOutboxMessageWorkflow(container).run({
            input: { message, owner, entity: item.entity, claimed_at_ms: item.claimedAtMs },
          })
          const outcome = result.attempt_outcome
          if (outcome === "delivered") summary.delivered++
          else if (outcome === "deferred") summary.deferred++
          else if (outcome === "dead") {
            summary.dead++
            if (!result.fenced) deadLetters.push({ message, lastError: result.last_error })
          } else summary.retried++
        } catch (error) {
          summary.failed++
          logger.error(
            `syncguard: delivering ${message.id} failed unexpectedly; it is retried when its lease expires: ${(error as Error)?.message} [correlation ${message.correlation_id}]`
          )
        }
      }
    }
    await Promise.all(Array.from({ length: lanes }, lane))

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
