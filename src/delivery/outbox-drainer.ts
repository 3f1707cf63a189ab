import type { ClaimedMessage } from "../modules/syncguard/sql/outbox"

/** What became of one claimed message. */
export type MessageOutcome = {
  outcome: "delivered" | "retry" | "unknown" | "dead" | "deferred"
  /** another worker took the message over before the result was recorded */
  fenced: boolean
  lastError: string | null
}

export type DrainSummary = {
  claimed: number
  delivered: number
  retried: number
  dead: number
  failed: number
  deferred: number
}

export type DrainRequest = {
  /** deliver exactly these (the fast path); otherwise whatever is due */
  ids?: string[]
  /** at most this many messages in this run */
  limit: number
  /** keep claiming while there is work, for up to this long (the sweep); 0: one batch */
  budgetMs?: number
}

/** What the drainer needs from the world; the Medusa wiring is in drain-ports.ts. */
export type DrainPorts = {
  /** deliveries in flight at once */
  lanes: number
  /** leases up to `limit` due messages (or the given ids), leaving paused connectors and open breakers alone */
  claim(input: { limit: number; ids?: string[] }): Promise<ClaimedMessage[]>
  /** current state of the claimed entities, in one query per entity type; null for an entity that is gone */
  load(messages: ClaimedMessage[]): Promise<Map<string, Record<string, unknown> | null>>
  /** loads nothing, sends one message and records the attempt */
  deliver(message: ClaimedMessage, entity: Record<string, unknown> | null, claimedAtMs: number): Promise<MessageOutcome>
  /** ms until the next waiting message falls due, null when none waits */
  msUntilNextDue(): Promise<number | null>
  /** a message became a dead letter (not when another worker's result was fenced off) */
  onDead(message: ClaimedMessage, lastError: string | null): Promise<void>
  /** a delivery threw: its lease expires and it is claimed again later */
  onError(message: ClaimedMessage, error: unknown): void
  now(): number
  sleep(ms: number): Promise<void>
}

/** A drain that ran dry waits at most this long for the next retry to fall due. */
export const MAX_WAIT_FOR_DUE_MS = 2000

type Claimed = { message: ClaimedMessage; entity: Record<string, unknown> | null; claimedAtMs: number }

/**
 * Claims due messages and delivers them on `lanes` lanes: the loop the sweep job and the fast
 * path share. Claims are taken a lane-load at a time as lanes free up, so a slow message never
 * holds a whole batch back and few leases are held ahead of sending. A drain that runs dry with
 * budget left waits for a retry that falls due within a moment, so the lanes stay busy through
 * a backlog's tail instead of idling until the next sweep.
 */
export class OutboxDrainer {
  constructor(private readonly ports: DrainPorts) {}

  async drain(request: DrainRequest): Promise<DrainSummary> {
    const { ports } = this
    const deadline = ports.now() + (request.budgetMs ?? 0)
    const maxTotal = request.ids ? request.ids.length : request.limit
    const summary: DrainSummary = { claimed: 0, delivered: 0, retried: 0, dead: 0, failed: 0, deferred: 0 }
    const dead: Array<{ message: ClaimedMessage; lastError: string | null }> = []
    const queue: Claimed[] = []
    let exhausted = false
    let refilling: Promise<void> | null = null

    const refill = async () => {
      const room = maxTotal - summary.claimed
      const continuing = summary.claimed === 0 || ports.now() < deadline
      if (room <= 0 || !continuing || (request.ids && summary.claimed > 0)) {
        exhausted = true
        return
      }
      const claim = () =>
        ports.claim({ ids: request.ids, limit: request.ids ? request.ids.length : Math.min(room, ports.lanes * 2) })
      let messages = await claim()
      while (!messages.length && !request.ids && queue.length === 0) {
        const dueIn = await ports.msUntilNextDue()
        if (dueIn === null || dueIn > MAX_WAIT_FOR_DUE_MS || ports.now() + dueIn >= deadline) break
        await ports.sleep(Math.max(10, dueIn))
        messages = await claim()
      }
      if (!messages.length) {
        exhausted = true
        return
      }
      const claimedAtMs = ports.now()
      summary.claimed += messages.length
      const entities = await ports.load(messages)
      for (const message of messages) {
        queue.push({ message, entity: entities.get(message.id) ?? null, claimedAtMs })
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
        try {
          const result = await ports.deliver(item.message, item.entity, item.claimedAtMs)
          if (result.outcome === "delivered") summary.delivered++
          else if (result.outcome === "deferred") summary.deferred++
          else if (result.outcome === "dead") {
            summary.dead++
            if (!result.fenced) dead.push({ message: item.message, lastError: result.lastError })
          } else summary.retried++
        } catch (error) {
          summary.failed++
          ports.onError(item.message, error)
        }
      }
    }
    await Promise.all(Array.from({ length: ports.lanes }, lane))

    for (const { message, lastError } of dead) {
      await ports.onDead(message, lastError)
    }
    return summary
  }
}
