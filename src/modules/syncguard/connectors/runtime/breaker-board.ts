import type { Logger } from "@medusajs/framework/types"
import type Redis from "ioredis"
import type { BreakerSettings } from "../../config/options"
import {
  breakerAllows,
  breakerRecord,
  breakerRefuses,
  BreakerState,
  breakerView,
  initialBreaker,
} from "../../policies/circuit-breaker"

export type BreakerReport = {
  state: "closed" | "open" | "half_open"
  consecutive_failures: number
  opened_at: string | null
  /** which worker opened it, when the state is shared */
  opened_by: string | null
  /** "shared": read from Redis (what every worker sees); "local": this process only */
  scope: "shared" | "local"
}

/** How often a worker re-reads the shared breaker state: a peer's open breaker reaches it within this. */
const SHARED_REFRESH_MS = 500

/**
 * The connectors' circuit breakers. Each process runs the pure breaker (policies/circuit-breaker)
 * on its own calls; with Redis, an opening or closing is published, so every worker holds back
 * together and the server's /health and /metrics report what the workers see. Redis failures
 * never throw here: the board falls back to this process's own view.
 */
export class BreakerBoard {
  private readonly local = new Map<string, BreakerState>()
  private readonly shared = new Map<
    string,
    { at: number; openedAt: number | null; by: string | null; failures: number }
  >()
  private readonly refreshing = new Set<string>()

  constructor(
    private readonly settings: (name: string) => BreakerSettings,
    private readonly redis: Redis | null,
    private readonly worker: string,
    private readonly logger: Logger
  ) {}

  private key = (name: string) => `syncguard:breaker:{${name}}`

  /** May this process call the connector now? Takes the half-open probe slot when it is free. */
  allows(name: string): boolean {
    this.adoptShared(name)
    const { allowed, next } = breakerAllows(this.stateOf(name), this.settings(name), Date.now())
    this.local.set(name, next)
    return allowed
  }

  /** Whether calls are refused now, without taking a probe slot (the drain leaves such messages alone). */
  refuses(name: string): boolean {
    this.adoptShared(name)
    return breakerRefuses(this.stateOf(name), this.settings(name), Date.now())
  }

  record(name: string, ok: boolean): void {
    const settings = this.settings(name)
    const before = this.stateOf(name)
    const after = breakerRecord(before, ok, settings, Date.now())
    this.local.set(name, after)
    if (before.state !== "open" && after.state === "open") {
      this.logger.warn(
        `syncguard: circuit breaker for ${name} opened after ${after.consecutiveFailures} consecutive failure(s); messages wait ${settings.openMs} ms`
      )
      this.publish(name, after)
    } else if (before.state !== "closed" && after.state === "closed") {
      this.logger.info(`syncguard: circuit breaker for ${name} closed again`)
      this.publish(name, after)
    }
  }

  /** The breaker as every worker sees it (Redis), else as this process sees it. */
  async report(name: string): Promise<BreakerReport> {
    const settings = this.settings(name)
    const now = Date.now()
    if (this.redis) {
      try {
        const h = await this.redis.hgetall(this.key(name))
        const openedAt = h.opened_at ? Number(h.opened_at) : null
        const state: BreakerState = openedAt
          ? { ...initialBreaker(), state: "open", openedAt, consecutiveFailures: Number(h.failures ?? 0) }
          : initialBreaker()
        return {
          state: breakerView(state, settings, now),
          consecutive_failures: state.consecutiveFailures,
          opened_at: openedAt ? new Date(openedAt).toISOString() : null,
          opened_by: h.worker ?? null,
          scope: "shared",
        }
      } catch {
        // Redis is away: say what this process knows
      }
    }
    const state = this.stateOf(name)
    return {
      state: breakerView(state, settings, now),
      consecutive_failures: state.consecutiveFailures,
      opened_at: state.openedAt ? new Date(state.openedAt).toISOString() : null,
      opened_by: state.openedAt ? this.worker : null,
      scope: "local",
    }
  }

  private stateOf(name: string): BreakerState {
    return this.local.get(name) ?? initialBreaker()
  }

  /** A peer opened the breaker: hold back here too, from the time it opened. */
  private adoptShared(name: string) {
    if (!this.redis) return
    const seen = this.shared.get(name)
    if (!seen || Date.now() - seen.at > SHARED_REFRESH_MS) this.refresh(name)
    if (!seen?.openedAt) return
    const mine = this.stateOf(name)
    if (mine.state === "closed" || (mine.openedAt ?? 0) < seen.openedAt) {
      if (mine.state === "closed" && Date.now() - seen.openedAt < this.settings(name).openMs) {
        this.local.set(name, {
          ...mine,
          state: "open",
          openedAt: seen.openedAt,
          consecutiveFailures: seen.failures,
          probeInFlight: false,
        })
      }
    }
  }

  private refresh(name: string) {
    if (this.refreshing.has(name) || !this.redis) return
    this.refreshing.add(name)
    this.redis
      .hgetall(this.key(name))
      .then((h) =>
        this.shared.set(name, {
          at: Date.now(),
          openedAt: h.opened_at ? Number(h.opened_at) : null,
          by: h.worker ?? null,
          failures: Number(h.failures ?? 0),
        })
      )
      .catch(() => this.shared.set(name, { at: Date.now(), openedAt: null, by: null, failures: 0 }))
      .finally(() => this.refreshing.delete(name))
  }

  private publish(name: string, state: BreakerState) {
    if (!this.redis) return
    const key = this.key(name)
    const write =
      state.state === "open" && state.openedAt
        ? this.redis
            .multi()
            .hset(key, {
              opened_at: String(state.openedAt),
              failures: String(state.consecutiveFailures),
              worker: this.worker,
            })
            .pexpire(key, this.settings(name).openMs * 4)
            .exec()
        : this.redis.del(key)
    write.then(() => this.shared.delete(name)).catch(() => undefined)
  }
}
