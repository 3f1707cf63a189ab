import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { raiseAlert } from "../alerts/raise-alert"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import { InboundNotApplicableError } from "../modules/syncguard/errors"
import { InboundStatus } from "../modules/syncguard/inbound/states"
import { computeNextAttemptAt } from "../modules/syncguard/outbox/backoff"
import { claimOwner, WORKER_ID } from "../modules/syncguard/outbox/ids"
import type SyncguardModuleService from "../modules/syncguard/service"
import type { InboundEventRow } from "../modules/syncguard/service"
import { applyInboundEvent } from "./apply-event"

export type InboundDrainSummary = { claimed: number; applied: number; retried: number; dead: number }

/**
 * Claims due inbound events (or the given ones) and applies them, `inbound.concurrency` at a
 * time. An event that fails is retried with the connector's backoff; one that can never apply,
 * or ran out of attempts, is dead and alerts.
 */
export async function drainInbound(
  container: MedusaContainer,
  input: { ids?: string[]; limit: number; budgetMs?: number; owner?: string }
): Promise<InboundDrainSummary> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const owner = input.owner ?? claimOwner(WORKER_ID)
  const summary: InboundDrainSummary = { claimed: 0, applied: 0, retried: 0, dead: 0 }
  const started = Date.now()
  for (;;) {
    const rows = await syncguard.claimInboundEvents({ owner, limit: input.limit, ids: input.ids })
    summary.claimed += rows.length
    const queue = [...rows]
    const lanes = Array.from({ length: Math.min(syncguard.config.inbound.concurrency, queue.length) }, async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        summary[await applyOne(container, syncguard, row, owner)] += 1
      }
    })
    await Promise.all(lanes)
    if (input.ids || rows.length < input.limit || Date.now() - started >= (input.budgetMs ?? 0)) break
  }
  return summary
}

async function applyOne(
  container: MedusaContainer,
  syncguard: SyncguardModuleService,
  row: InboundEventRow,
  owner: string
): Promise<"applied" | "retried" | "dead"> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  try {
    const result = await applyInboundEvent(container, row)
    await syncguard.finishInboundEvent({
      id: row.id,
      owner,
      status: InboundStatus.APPLIED,
      outcome: result.outcome,
      detail: result.detail,
    })
    return "applied"
  } catch (error) {
    const message = (error as Error).message
    const permanent = error instanceof InboundNotApplicableError
    if (permanent || row.attempts >= row.max_attempts) {
      const why = permanent ? message : `gave up after ${row.attempts} attempts; ${message}`
      await syncguard.finishInboundEvent({ id: row.id, owner, status: InboundStatus.DEAD, error: why })
      await raiseAlert(container, {
        kind: "inbound_dead",
        message: `${row.connector} ${row.type} (event ${row.event_id}) was not applied: ${why}`,
        data: { inbound_event_id: row.id, connector: row.connector, event_id: row.event_id, type: row.type },
      })
      return "dead"
    }
    logger.warn(`syncguard: ${row.connector} ${row.type} (event ${row.event_id}) not applied yet: ${message}`)
    await syncguard.finishInboundEvent({
      id: row.id,
      owner,
      status: InboundStatus.RETRY_SCHEDULED,
      error: message,
      nextAttemptAt: computeNextAttemptAt(row.attempts, syncguard.connectors.retryPolicy(row.connector)),
    })
    return "retried"
  }
}
