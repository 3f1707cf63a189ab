import type { Logger } from "@medusajs/framework/types"
import type Redis from "ioredis"
import type { Connector } from "../types/connector"
import type { RetryPolicy, SyncguardOptions } from "../types/options"
import { resolveRetryPolicy } from "../utils/backoff"
import {
  BreakerSettings,
  BreakerState,
  breakerAllows,
  breakerRecord,
  DEFAULT_BREAKER,
  initialBreaker,
} from "../utils/circuit-breaker"
import { createConnector } from "./registry"
import { createThrottle, resolveRateLimit, Throttle } from "./throttle"

/**
 * The configured connectors as this process runs them: each with its throttle (shared through
 * Redis when there is one), retry policy, circuit breaker and request budget.
 */
export class ConnectorRuntime {
  private readonly connectors = new Map<string, Connector>()
  private readonly policies = new Map<string, RetryPolicy>()
  private readonly throttles = new Map<string, Throttle>()
  private readonly breakerSettings = new Map<string, BreakerSettings>()
  private readonly breakers = new Map<string, BreakerState>()
  private readonly requestBudgets = new Map<string, number>()

  constructor(
    options: Pick<SyncguardOptions, "connectors" | "retry">,
    redis: Redis | null,
    private readonly logger: Logger
  ) {
    for (const [name, connectorOptions] of Object.entries(options.connectors ?? {})) {
      const throttle = createThrottle(name, resolveRateLimit(connectorOptions.rateLimit), redis)
      this.throttles.set(name, throttle)
      this.connectors.set(name, createConnector(name, connectorOptions, logger, throttle))
      this.policies.set(name, resolveRetryPolicy(options.retry, connectorOptions.retry))
      this.breakerSettings.set(name, { ...DEFAULT_BREAKER, ...(connectorOptions.breaker ?? {}) })
      // one request: its timeout; with in-call retries, each retry's timeout plus at most 1 s of waiting
      const retries = connectorOptions.kind === "rest" ? connectorOptions.httpRetries ?? 2 : 0
      this.requestBudgets.set(name, (connectorOptions.timeoutMs ?? 10_000) * (retries + 1) + retries * 1000 + 1000)
    }
    this.defaultPolicy = resolveRetryPolicy(options.retry)
  }

  private readonly defaultPolicy: RetryPolicy

  get(name: string): Connector | undefined {
    return this.connectors.get(name)
  }

  names(): string[] {
    return [...this.connectors.keys()]
  }

  /** Names of the connectors that take this entity type, in configuration order. */
  taking(entityType: string): string[] {
    return [...this.connectors.values()].filter((c) => c.takes(entityType)).map((c) => c.name)
  }

  retryPolicy(name: string): RetryPolicy {
    return this.policies.get(name) ?? this.defaultPolicy
  }

  throttle(name: string): Throttle | undefined {
    return this.throttles.get(name)
  }

  /**
   * The longest one request to the connector can take, in-call retries included: a send may
   * start without re-checking the lease only while this much of the lease is left.
   */
  requestBudgetMs(name: string): number {
    return this.requestBudgets.get(name) ?? 30_000
  }

  /**
   * May this process call the connector now? Open breaker: no (messages wait, attempts are
   * not spent); after its open period one probe goes (half-open).
   */
  breakerAllows(name: string): boolean {
    const settings = this.breakerSettings.get(name) ?? DEFAULT_BREAKER
    const { allowed, next } = breakerAllows(this.breakers.get(name) ?? initialBreaker(), settings, Date.now())
    this.breakers.set(name, next)
    return allowed
  }

  /** Whether the breaker is currently refusing calls (without taking a probe slot). */
  breakerOpen(name: string): boolean {
    const state = this.breakers.get(name) ?? initialBreaker()
    const settings = this.breakerSettings.get(name) ?? DEFAULT_BREAKER
    if (state.state === "open") return state.openedAt !== null && Date.now() - state.openedAt < settings.openMs
    return state.state === "half_open" && state.probeInFlight
  }

  breakerRecord(name: string, ok: boolean): void {
    const settings = this.breakerSettings.get(name) ?? DEFAULT_BREAKER
    const before = this.breakers.get(name) ?? initialBreaker()
    const after = breakerRecord(before, ok, settings, Date.now())
    this.breakers.set(name, after)
    if (before.state !== "open" && after.state === "open") {
      this.logger.warn(
        `syncguard: circuit breaker for ${name} opened after ${after.consecutiveFailures} consecutive failure(s); messages wait ${settings.openMs} ms`
      )
    } else if (before.state !== "closed" && after.state === "closed") {
      this.logger.info(`syncguard: circuit breaker for ${name} closed again`)
    }
  }

  breakerState(name: string): { state: string; consecutive_failures: number; opened_at: string | null } {
    const state = this.breakers.get(name) ?? initialBreaker()
    return {
      state: this.breakerOpen(name) || state.state !== "open" ? state.state : "half_open",
      consecutive_failures: state.consecutiveFailures,
      opened_at: state.openedAt ? new Date(state.openedAt).toISOString() : null,
    }
  }
}
