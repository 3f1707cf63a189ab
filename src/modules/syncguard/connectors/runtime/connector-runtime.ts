import type { Logger } from "@medusajs/framework/types"
import type Redis from "ioredis"
import type { ConnectorConfig, RetryPolicy, SyncguardConfig } from "../../config/options"
import { requestBudgetMs } from "../../config/options"
import type { Connector, OutboundSink } from "../contract"
import { createConnector } from "../registry"
import { createThrottle, resolveRateLimit, Throttle } from "../throttle"
import { BreakerBoard, BreakerReport } from "./breaker-board"
import { NoticeLog } from "./notice-log"
import { createRuntimeRedis } from "./redis"

/**
 * The configured connectors as this process runs them: each with its throttle (shared through
 * Redis when there is one), retry policy, circuit breaker and request budget. Built once per
 * process by the module's loader (loaders/connectors.ts) and closed on shutdown.
 */
export class ConnectorRuntime {
  private readonly connectors = new Map<string, Connector>()
  private readonly throttles = new Map<string, Throttle>()
  private readonly redis: Redis | null
  readonly breakers: BreakerBoard
  /** deprecation and sunset headers the connectors see; the module service stores them */
  readonly notices = new NoticeLog()

  constructor(
    private readonly config: SyncguardConfig,
    private readonly logger: Logger,
    readonly worker: string
  ) {
    this.redis = config.redisUrl ? createRuntimeRedis(config.redisUrl, logger) : null
    this.breakers = new BreakerBoard((name) => this.settingsOf(name).breaker, this.redis, worker, logger)
    for (const [name, options] of Object.entries(config.connectors)) {
      const throttleFor = (group?: string) => {
        // bol.com limits each endpoint on its own: one limiter per group, each learning its endpoint
        const key = group ? `${name}:${group}` : name
        let throttle = this.throttles.get(key)
        if (!throttle) {
          throttle = createThrottle(key, resolveRateLimit(options.rateLimit), this.redis, { logger, workerId: worker })
          this.throttles.set(key, throttle)
        }
        return throttle
      }
      this.connectors.set(
        name,
        createConnector(name, options, logger, throttleFor(), { throttleFor, notices: this.notices.sink })
      )
    }
  }

  get(name: string): Connector | undefined {
    return this.connectors.get(name)
  }

  names(): string[] {
    return [...this.connectors.keys()]
  }

  /** The connector's outbound capability, when it has one. */
  outbound(name: string): OutboundSink | undefined {
    return this.connectors.get(name)?.outbound
  }

  /** Names of the connectors that take this entity type outbound, in configuration order. */
  taking(entityType: string): string[] {
    return [...this.connectors.values()].filter((c) => c.outbound?.takes(entityType)).map((c) => c.name)
  }

  settingsOf(name: string): ConnectorConfig {
    const settings = this.config.connectors[name]
    if (!settings) throw new Error(`syncguard: connector "${name}" is not configured`)
    return settings
  }

  retryPolicy(name: string): RetryPolicy {
    return this.config.connectors[name]?.retry ?? this.config.retry
  }

  /** After an attempt that may still commit, how long a lookup that finds nothing stays inconclusive. */
  settleMs(name: string): number {
    return this.config.connectors[name]?.settleMs ?? 0
  }

  throttle(name: string): Throttle | undefined {
    return this.throttles.get(name)
  }

  /** A connector's limiters: its own, and one per endpoint group where the remote limits per endpoint. */
  throttlesOf(name: string): Array<{ group: string | null; throttle: Throttle }> {
    return [...this.throttles.entries()]
      .filter(([key]) => key === name || key.startsWith(`${name}:`))
      .map(([key, throttle]) => ({ group: key === name ? null : key.slice(name.length + 1), throttle }))
  }

  /**
   * The longest one request to the connector can take, in-call retries included: a send may
   * start without re-checking the lease only while this much of the lease is left.
   */
  requestBudgetMs(name: string): number {
    const settings = this.config.connectors[name]
    return settings ? requestBudgetMs(settings) : 30_000
  }

  breakerAllows(name: string): boolean {
    return this.breakers.allows(name)
  }

  breakerOpen(name: string): boolean {
    return this.breakers.refuses(name)
  }

  breakerRecord(name: string, ok: boolean): void {
    this.breakers.record(name, ok)
  }

  breakerState(name: string): Promise<BreakerReport> {
    return this.breakers.report(name)
  }

  /** Stops timers and quits Redis: nothing of the runtime outlives the application. */
  async close(): Promise<void> {
    for (const throttle of this.throttles.values()) {
      await (throttle as { close?: () => Promise<void> }).close?.().catch(() => undefined)
    }
    const redis = this.redis
    if (redis && redis.status !== "end") {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => redis.disconnect(), 1000)
        redis.once("end", () => {
          clearTimeout(force)
          resolve()
        })
        redis.quit().catch(() => redis.disconnect())
      })
    }
  }
}
