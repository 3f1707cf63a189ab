import type { Context, Logger } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import type { SyncguardConfig } from "./config/options"
import type { ConnectorRuntime } from "./connectors/runtime/connector-runtime"
import {
  AttemptSnapshot,
  ConnectorState,
  CustomerIdentity,
  DeliveryAttempt,
  JobHeartbeat,
  MetricSample,
  OutboxMessage,
  ScopeViolation,
  StockPublication,
  MarketplaceOrder,
  ApiDeprecation,
  InboundEvent,
  InboundOperation,
  InboundWatermark,
  FieldConflict,
  OwnershipRule,
  ReconciliationRun,
  DriftFinding,
  ReconciliationRemoteRecord,
} from "./models"
import type { DeliveryResult } from "./connectors/contract"
import { workerOf } from "./outbox/ids"
import { decideAfterAttempt, OutcomeDecision } from "./outbox/decide"
import { ALL_STATUSES, OutboxStatus, releaseStatus } from "./outbox/states"
import { redactExchange } from "./policies/redact"
import { buildHealthReport, HealthReport } from "./read-models/health"
import type { Sql } from "./sql/db"
import * as attemptsSql from "./sql/attempts"
import * as stateSql from "./sql/connector-state"
import * as observabilitySql from "./sql/observability"
import * as outboxSql from "./sql/outbox"
import * as stockSql from "./sql/stock"
import * as marketplaceSql from "./sql/marketplace-orders"
import * as deprecationSql from "./sql/deprecations"
import * as inboundSql from "./sql/inbound"
import * as conflictSql from "./sql/conflicts"
import * as reconciliationSql from "./sql/reconciliation"
import type {
  DriftFindingRow,
  FindingInput,
  OutboxFacts,
  ReconciliationRunRow,
  RunCounts,
  StagedRecord,
} from "./sql/reconciliation"
import type { InboundEventFilter, InboundEventRow } from "./sql/inbound"
import type { ConflictFilter, ConflictInput, FieldConflictRow, OwnershipRuleRow } from "./sql/conflicts"
import { effectiveRules, OwnershipRule as OwnershipRuleInput, rulesOf } from "./policies/ownership"
import type { ApiNotice } from "./connectors/contract"
import type { ApiDeprecationRow } from "./sql/deprecations"
import type { MarketplaceClaim } from "./sql/marketplace-orders"
import type { BufferUpdate, StockPublicationRow } from "./sql/stock"
import type { ClaimedMessage, EnqueueMessageInput, ReplayedMessage } from "./sql/outbox"
import * as deadLetterSql from "./sql/dead-letters"
import type { DeadLetterFilter } from "./sql/dead-letters"
import type { HeartbeatInput, MetricSampleRow } from "./sql/observability"

export type { ClaimedMessage, EnqueueMessageInput, MetricSampleRow }
export type { ApiDeprecationRow, MarketplaceClaim, StockPublicationRow }
export type { InboundEventRow, FieldConflictRow }
export type { DriftFindingRow, ReconciliationRunRow }

type InjectedDependencies = { logger: Logger; syncguardConfig: SyncguardConfig; connectorRuntime: ConnectorRuntime }

export type RecordAttemptInput = {
  message: Pick<
    ClaimedMessage,
    "id" | "connector" | "attempts" | "max_attempts" | "correlation_id" | "entity_type" | "entity_id"
  >
  owner: string
  startedAt: Date
  endedAt: Date
  result: DeliveryResult
  traceparent?: string | null
  /** the attempt sent again after a lookup found nothing */
  resentAfterLookup?: boolean
}

const emptyQueue = () => ({
  depth: Object.fromEntries(ALL_STATUSES.map((st) => [st, 0])) as Record<string, number>,
  oldest_pending_age_ms: null as number | null,
})

/** The transaction (or, outside one, the manager) Medusa injected, as the SQL modules take it. */
/** Marks an attempt whose message another worker had taken over before its result came back. */
export const LATE_RESULT_NOTE = "late result, message taken over by another worker (lease expired)"

const OWNERSHIP_CACHE_MS = 1000
type OwnershipRules = { rules: ReturnType<typeof effectiveRules>; overrides: OwnershipRuleRow[] }

const txOf = (context: Context): Sql => (context.transactionManager ?? context.manager) as Sql

class SyncguardModuleService extends MedusaService({
  OutboxMessage,
  DeliveryAttempt,
  CustomerIdentity,
  ScopeViolation,
  ConnectorState,
  AttemptSnapshot,
  MetricSample,
  JobHeartbeat,
  StockPublication,
  MarketplaceOrder,
  ApiDeprecation,
  InboundEvent,
  InboundOperation,
  InboundWatermark,
  FieldConflict,
  OwnershipRule,
  ReconciliationRun,
  DriftFinding,
  ReconciliationRemoteRecord,
}) {
  protected readonly logger_: Logger
  /** The validated options, every default filled in (config/options.ts). */
  readonly config: SyncguardConfig
  /** The connectors as this process runs them; built by the module's loader, not here. */
  readonly connectors: ConnectorRuntime

  constructor(container: InjectedDependencies) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.logger_ = container.logger
    this.config = container.syncguardConfig
    this.connectors = container.connectorRuntime
    // deprecation headers any connector sees land in the database (see recordApiNotice)
    this.connectors.notices.attach((notice) => this.recordApiNotice(notice))
  }

  __hooks = {
    // no Redis connection or timer of the runtime outlives the application
    onApplicationShutdown: async () => {
      await this.connectors.close()
    },
  }

  /**
   * Inserts outbox rows; a row whose (connector, idempotency key) already exists is skipped,
   * so replayed events add nothing. Returns the ids of the rows that were new.
   */
  @InjectTransactionManager()
  async enqueueMessages(
    inputs: EnqueueMessageInput[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    return outboxSql.insertMessages(
      txOf(sharedContext),
      inputs.map((m) => ({ ...m, max_attempts: this.connectors.retryPolicy(m.connector).maxAttempts }))
    )
  }

  /** Leases up to `limit` due messages to `owner` (see sql/outbox.ts claimDue). */
  @InjectTransactionManager()
  async claimMessages(
    input: {
      owner: string
      limit?: number
      leaseMs?: number
      ids?: string[]
      connector?: string
      /** connectors that must not be called now (paused, breaker open) */
      excludeConnectors?: string[]
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ClaimedMessage[]> {
    return outboxSql.claimDue(txOf(sharedContext), {
      ...input,
      limit: input.limit ?? this.config.batchSize,
      leaseMs: input.leaseMs ?? this.config.leaseMs,
    })
  }

  /**
   * Re-checks a claim right before sending and extends it: true while this worker still owns
   * the message. The fencing check that keeps a slow worker from sending what a faster one
   * took over after its lease expired.
   */
  @InjectTransactionManager()
  async renewLease(
    input: { id: string; owner: string; leaseMs?: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    return outboxSql.renewLease(txOf(sharedContext), { ...input, leaseMs: input.leaseMs ?? this.config.leaseMs })
  }

  /**
   * Gives a claimed message back without counting the attempt: the connector was paused, its
   * breaker opened or the limiter was unavailable between claim and send, or an unknown outcome
   * is still settling (parked until `settleUntil`).
   */
  @InjectTransactionManager()
  async releaseClaim(
    input: { id: string; owner: string; nextAttemptAt: Date; prevStatus: OutboxStatus; settleUntil?: Date | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    return outboxSql.releaseClaim(txOf(sharedContext), { ...input, status: releaseStatus(input.prevStatus) })
  }

  /**
   * Records one try and moves the message on. Fenced by the lease: if another worker has
   * taken the message over meanwhile, the late result is recorded as an attempt but does not
   * overwrite the newer owner's state.
   */
  @InjectTransactionManager()
  async recordAttempt(
    input: RecordAttemptInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<OutcomeDecision & { fenced: boolean }> {
    const db = txOf(sharedContext)
    const { message, result } = input
    const decision = decideAfterAttempt({
      attempt: message.attempts,
      maxAttempts: message.max_attempts,
      result,
      policy: this.connectors.retryPolicy(message.connector),
      settleMs: this.connectors.settleMs(message.connector),
      now: input.endedAt,
    })
    const fenced = !(await attemptsSql.settleMessage(db, message.id, input.owner, decision))
    await attemptsSql.insertAttempt(db, {
      messageId: message.id,
      attemptNumber: message.attempts,
      worker: workerOf(input.owner),
      startedAt: input.startedAt,
      endedAt: input.endedAt,
      decision,
      errorClass: result.outcome === "delivered" ? null : result.errorClass,
      // a late result is still a true record of what the remote was told, but it must not read
      // as the message's delivery: the newer owner's attempt is that
      errorMessage:
        [fenced ? LATE_RESULT_NOTE : null, result.outcome === "delivered" ? null : result.message]
          .filter(Boolean)
          .join(": ") || null,
      correlationId: message.correlation_id,
      traceparent: input.traceparent ?? null,
      verifiedOnly: result.outcome === "delivered" && result.verifiedOnly === true,
      resentAfterLookup: input.resentAfterLookup === true,
      snapshot:
        result.exchange && this.config.snapshots.enabled
          ? redactExchange(result.exchange, this.config.snapshots.redactKeys)
          : null,
    })
    if (
      !fenced &&
      decision.status === OutboxStatus.DELIVERED &&
      message.entity_type === "customer" &&
      decision.remoteId
    ) {
      // the invoice API scopes by this mapping; learn it from the remote's own answer
      await stateSql.upsertCustomerIdentity(db, {
        connector: message.connector,
        customer_id: message.entity_id,
        remote_customer_id: decision.remoteId,
        source: "sync",
      })
    }
    if (!fenced && decision.status === OutboxStatus.DELIVERED && message.entity_type === "stock") {
      await stockSql.recordPublished(db, message.connector, message.entity_id)
    } else if (!fenced && message.entity_type === "stock" && result.outcome !== "permanent") {
      // this attempt's amount went out: a lookup after it is compared with it, not with a later load
      await stockSql.recordAttempted(db, message.connector, message.entity_id)
    }
    if (fenced) {
      this.logger_.warn(
        `syncguard: message ${message.id} was taken over by another worker before attempt ${message.attempts} finished [correlation ${message.correlation_id}]`
      )
    }
    // a dead letter is logged once, by its alert (see src/alerts)
    return { ...decision, fenced }
  }

  /** Remembers which remote customer a Medusa customer is (the newest answer wins). */
  @InjectTransactionManager()
  async upsertCustomerIdentity(
    input: { connector: string; customer_id: string; remote_customer_id: string; source: "sync" | "lookup" },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await stateSql.upsertCustomerIdentity(txOf(sharedContext), input)
  }

  @InjectManager()
  async findRemoteCustomerId(
    connector: string,
    customerId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string | null> {
    const [identity] = await this.listCustomerIdentities(
      { connector, customer_id: customerId },
      { take: 1 },
      sharedContext
    )
    return identity?.remote_customer_id ?? null
  }

  /**
   * Records what an upstream answer contained outside the customer's scope, and closes the
   * connector's invoice API when the window's count reaches the threshold. Returns the
   * window's count and whether this call closed it.
   */
  @InjectTransactionManager()
  async recordScopeViolations(
    input: stateSql.ScopeViolationsInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ windowCount: number; closedNow: boolean }> {
    return stateSql.recordScopeViolations(txOf(sharedContext), input)
  }

  /**
   * What the invoice API needs before calling the CRM, in one round trip: the customer's
   * remote id (null when not mapped yet) and whether the API is closed.
   */
  @InjectManager()
  async invoiceContext(
    connector: string,
    customerId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ remote_customer_id: string | null; closed: { closed_at: Date; reason: string | null } | null }> {
    return stateSql.invoiceContext(txOf(sharedContext), connector, customerId)
  }

  /** Null while the connector's invoice API is open. */
  @InjectManager()
  async invoicesClosed(
    connector: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ closed_at: Date; reason: string | null } | null> {
    const [state] = await this.listConnectorStates({ connector }, { take: 1 }, sharedContext)
    return state?.invoices_closed_at
      ? { closed_at: state.invoices_closed_at, reason: state.invoices_closed_reason }
      : null
  }

  /** An admin has reviewed the violations: reopen. Violations before now no longer count. */
  @InjectTransactionManager()
  async reopenInvoices(connector: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    return stateSql.reopenInvoices(txOf(sharedContext), connector)
  }

  /** The newest unfinished message about an entity on a connector: what a dependent message waits for. */
  @InjectManager()
  async latestUnfinishedMessageId(
    connector: string,
    entityType: string,
    entityId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string | null> {
    return outboxSql.latestUnfinishedMessageId(txOf(sharedContext), connector, entityType, entityId)
  }

  /** Pauses or resumes a connector for every worker (the state lives in the database). */
  @InjectTransactionManager()
  async setConnectorPaused(
    input: { connector: string; paused: boolean; reason?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    this.pausedCache = null
    await stateSql.setConnectorPaused(txOf(sharedContext), input)
  }

  private pausedCache: { at: number; value: Set<string> } | null = null

  /**
   * Connectors an operator paused. Read at most once a second per process: a pause reaches
   * every worker within a second, without a query per message.
   */
  @InjectManager()
  async pausedConnectors(@MedusaContext() sharedContext: Context = {}): Promise<Set<string>> {
    if (this.pausedCache && Date.now() - this.pausedCache.at < 1000) {
      return this.pausedCache.value
    }
    const states = await this.listConnectorStates({ paused: true }, {}, sharedContext)
    this.pausedCache = { at: Date.now(), value: new Set(states.map((s) => s.connector)) }
    return this.pausedCache.value
  }

  /**
   * Puts dead letters back in the queue with a fresh attempt budget. They come back as
   * `unknown`, so each is looked up on the remote before anything is sent: a replay never
   * duplicates what an unanswered attempt may already have delivered. Returns what changed,
   * with the previous values, so a workflow can undo it.
   */
  @InjectTransactionManager()
  async replayDeadLetters(
    filter: DeadLetterFilter,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReplayedMessage[]> {
    return outboxSql.replayDeadLetters(txOf(sharedContext), filter)
  }

  /** A page of dead letters matching the filter replay takes, with the total and each filter's values. */
  @InjectManager()
  async listDeadLetters(
    filter: DeadLetterFilter,
    page: { limit: number; offset: number },
    @MedusaContext() sharedContext: Context = {}
  ) {
    return deadLetterSql.listDeadLetters(txOf(sharedContext), filter, page)
  }

  /** Undoes a replay (workflow compensation). */
  @InjectTransactionManager()
  async restoreDeadLetters(previous: ReplayedMessage[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await outboxSql.restoreDeadLetters(txOf(sharedContext), previous)
  }

  /**
   * Samples the outbox per connector and stores the samples: depth per status, age of the
   * oldest waiting message, sync lag (source change → remote acknowledgement) p50/p95 over
   * the last `lagWindowMs`, attempts since the previous sample, dead-letter depth.
   */
  @InjectTransactionManager()
  async sampleMetrics(
    input: { lagWindowMs?: number } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<MetricSampleRow[]> {
    const db = txOf(sharedContext)
    const queue = await this.queueState(sharedContext)
    const lag = await observabilitySql.syncLag(db, input.lagWindowMs ?? 5 * 60 * 1000)
    const attempts = await observabilitySql.attemptsSinceLastSample(db)
    const now = new Date()
    const samples: MetricSampleRow[] = this.connectors.names().map((connector) => {
      const { depth, oldest_pending_age_ms } = queue[connector] ?? emptyQueue()
      return {
        connector,
        sampled_at: now,
        depth,
        oldest_pending_age_ms,
        lag_p50_ms: lag.get(connector)?.p50 ?? null,
        lag_p95_ms: lag.get(connector)?.p95 ?? null,
        attempts_since_last: attempts.get(connector) ?? 0,
        dead_depth: depth[OutboxStatus.DEAD],
      }
    })
    for (const sample of samples) {
      await observabilitySql.insertMetricSample(db, sample)
    }
    return samples
  }

  /** Live depth per status and the oldest waiting message's age, per connector. */
  @InjectManager()
  async queueState(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Record<string, { depth: Record<string, number>; oldest_pending_age_ms: number | null }>> {
    const { depth, oldestAgeMs } = await observabilitySql.queueRows(txOf(sharedContext))
    const out: Record<string, { depth: Record<string, number>; oldest_pending_age_ms: number | null }> = {}
    for (const name of new Set([...this.connectors.names(), ...depth.map((r) => r.connector)])) {
      const entry = emptyQueue()
      depth.filter((r) => r.connector === name).forEach((r) => (entry.depth[r.status] = r.count))
      entry.oldest_pending_age_ms = oldestAgeMs.get(name) ?? null
      out[name] = entry
    }
    return out
  }

  /** The newest sample per connector. */
  @InjectManager()
  async latestMetricSamples(@MedusaContext() sharedContext: Context = {}): Promise<MetricSampleRow[]> {
    return observabilitySql.latestMetricSamples(txOf(sharedContext))
  }

  /** Every sample of the last `hours`, oldest first: what the dashboard's charts draw. */
  @InjectManager()
  async metricHistory(input: { hours: number; connector?: string }, @MedusaContext() sharedContext: Context = {}) {
    return observabilitySql.metricHistory(txOf(sharedContext), input)
  }

  /** Deletes snapshots and metric samples past their retention. */
  @InjectTransactionManager()
  async purgeExpired(
    input: {
      snapshotsOlderThanMs: number
      samplesOlderThanMs: number
      inboundOlderThanMs?: number
      reconciliationOlderThanMs?: number
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ snapshots: number; samples: number; inbound_events: number; reconciliation_runs: number }> {
    return {
      ...(await observabilitySql.purgeExpired(txOf(sharedContext), input)),
      inbound_events:
        input.inboundOlderThanMs === undefined
          ? 0
          : await inboundSql.purgeAppliedEvents(txOf(sharedContext), input.inboundOlderThanMs),
      reconciliation_runs:
        input.reconciliationOlderThanMs === undefined
          ? 0
          : await reconciliationSql.purgeOldRuns(txOf(sharedContext), input.reconciliationOlderThanMs),
    }
  }

  /** A scheduled job's beat: started (finished = false) or finished with its status. */
  @InjectTransactionManager()
  async recordHeartbeat(input: HeartbeatInput, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await observabilitySql.recordHeartbeat(txOf(sharedContext), input)
  }

  /**
   * Milliseconds until the next waiting message becomes due (retry_scheduled, unknown, or
   * pending with a future time), or null when none waits. A drain that ran dry asks this so it
   * can wait a moment for a retry instead of ending and leaving the gap to the next sweep.
   */
  @InjectManager()
  async msUntilNextDue(
    excludeConnectors: string[] = [],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number | null> {
    return outboxSql.msUntilNextDue(txOf(sharedContext), excludeConnectors)
  }

  /** The unfinished message that waited for this one (same connector and entity), if any. */
  @InjectManager()
  async successorOf(
    message: { id: string; connector: string; entity_type: string; entity_id: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; dueInMs: number } | null> {
    return outboxSql.successorOf(txOf(sharedContext), message)
  }

  /** Sync health across every worker: queues, lag, breakers, limiters, jobs (read-models/health.ts). */
  async health(): Promise<HealthReport> {
    return buildHealthReport(this)
  }

  /** Counts per status, optionally for one connector. */
  @InjectManager()
  async countByStatus(
    connector?: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Record<string, number>> {
    const counts: Record<string, number> = Object.fromEntries(ALL_STATUSES.map((s) => [s, 0]))
    for (const row of await outboxSql.countByStatus(txOf(sharedContext), connector)) {
      counts[row.status] = row.count
    }
    return counts
  }

  // ---- stock publications (entities/stock.ts, jobs/stock-buffer.ts) ----

  @InjectManager()
  async stockPublicationsFor(
    connector: string,
    variantIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Map<string, { buffer: number; published: number | null; attempted: number | null }>> {
    return stockSql.publicationsFor(txOf(sharedContext), connector, variantIds)
  }

  @InjectTransactionManager()
  async recordStockSending(
    connector: string,
    rows: Array<{ variant_id: string; sku: string | null; available: number; buffer: number; amount: number }>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await stockSql.recordSending(txOf(sharedContext), connector, rows)
  }

  @InjectTransactionManager()
  async upsertStockBuffers(
    connector: string,
    rows: BufferUpdate[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await stockSql.upsertBuffers(txOf(sharedContext), connector, rows)
  }

  @InjectTransactionManager()
  async setStockBufferOverride(
    connector: string,
    variantId: string,
    override: number | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await stockSql.setOverride(txOf(sharedContext), connector, variantId, override)
  }

  @InjectManager()
  async stockPublications(
    filter: { connector?: string; variantIds?: string[]; lowStockOnly?: boolean; limit?: number; offset?: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ rows: StockPublicationRow[]; count: number }> {
    return stockSql.listPublications(txOf(sharedContext), { limit: 100, offset: 0, ...filter })
  }

  /** Change → marketplace acknowledgement, p95 over the window (ms), or null before any acknowledgement. */
  @InjectManager()
  async stockLagP95(
    connector: string,
    windowMs: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number | null> {
    return stockSql.stockLagP95(txOf(sharedContext), connector, windowMs)
  }

  // ---- marketplace orders in (workflows/import-marketplace-order.ts) ----

  @InjectTransactionManager()
  async claimMarketplaceOrder(
    input: { connector: string; remoteOrderId: string; owner: string; leaseMs?: number; changedAt?: Date | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<MarketplaceClaim> {
    return marketplaceSql.claimOrder(txOf(sharedContext), {
      ...input,
      leaseMs: input.leaseMs ?? this.config.leaseMs,
      changedAt: input.changedAt ?? null,
    })
  }

  @InjectTransactionManager()
  async finishMarketplaceOrder(
    input: {
      id: string
      owner: string
      status: "created" | "rejected"
      medusaOrderId: string | null
      error?: string | null
      oversoldUnits?: number
      placedAt?: Date | null
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    return marketplaceSql.finishOrder(txOf(sharedContext), {
      ...input,
      error: input.error ?? null,
      oversoldUnits: input.oversoldUnits ?? 0,
      placedAt: input.placedAt ?? null,
    })
  }

  @InjectTransactionManager()
  async markMarketplaceOrderReserved(
    input: { id: string; owner: string; placedAt: Date | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    return marketplaceSql.markReserved(txOf(sharedContext), { ...input, leaseMs: this.config.leaseMs })
  }

  @InjectTransactionManager()
  async confirmMarketplaceCancellation(id: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await marketplaceSql.confirmCancellation(txOf(sharedContext), id)
  }

  @InjectTransactionManager()
  async reopenMarketplaceOrder(id: string, error: string, @MedusaContext() sharedContext: Context = {}) {
    await marketplaceSql.reopenOrder(txOf(sharedContext), id, error)
  }

  @InjectManager()
  async marketplaceImportLagP95(
    connector: string,
    windowMs: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number | null> {
    return marketplaceSql.importLagP95(txOf(sharedContext), connector, windowMs)
  }

  @InjectTransactionManager()
  async releaseMarketplaceOrder(
    input: { id: string; owner: string; error: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await marketplaceSql.releaseOrder(txOf(sharedContext), input)
  }

  @InjectTransactionManager()
  async markMarketplaceOrderCanceled(id: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    return marketplaceSql.markCanceled(txOf(sharedContext), id)
  }

  @InjectManager()
  async marketplaceOrdersInHand(
    connector: string,
    remoteOrderIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Set<string>> {
    return marketplaceSql.settledOrClaimed(txOf(sharedContext), connector, remoteOrderIds)
  }

  @InjectManager()
  async findMarketplaceOrder(
    connector: string,
    remoteOrderId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<marketplaceSql.MarketplaceOrderRow | null> {
    return marketplaceSql.findOrder(txOf(sharedContext), connector, remoteOrderId)
  }

  // ---- API deprecations (connectors/http/record-notices.ts) ----

  /** Never throws: a notice rides on a request that must not fail for it. */
  async recordApiNotice(notice: ApiNotice): Promise<void> {
    try {
      await this.recordApiNoticeTx(notice)
    } catch (error) {
      this.logger_.warn(
        `syncguard: could not record a deprecation notice of ${notice.connector}: ${(error as Error).message}`
      )
    }
  }

  @InjectTransactionManager()
  protected async recordApiNoticeTx(notice: ApiNotice, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await deprecationSql.recordNotice(txOf(sharedContext), notice)
  }

  @InjectManager()
  async apiDeprecations(@MedusaContext() sharedContext: Context = {}): Promise<ApiDeprecationRow[]> {
    return deprecationSql.listNotices(txOf(sharedContext))
  }

  /** The notices whose sunset came within the horizon, each returned once (then marked alerted). */
  @InjectTransactionManager()
  async takeDeprecationsToAlert(@MedusaContext() sharedContext: Context = {}): Promise<ApiDeprecationRow[]> {
    return deprecationSql.takeNoticesToAlert(txOf(sharedContext), this.config.deprecations.horizonDays)
  }

  // ---- inbound events (inbound/, src/inbound/) ----

  /** Records a pushed event once per (connector, event id); a copy is reported as a duplicate. */
  @InjectManager()
  async recordInboundEvent(
    input: {
      connector: string
      eventId: string
      type: string
      payload: Record<string, unknown>
      version: number | null
      correlationId: string
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; duplicate: boolean }> {
    const maxAttempts = this.config.inbound.maxAttempts ?? this.connectors.retryPolicy(input.connector).maxAttempts
    return inboundSql.recordEvent(txOf(sharedContext), { ...input, maxAttempts })
  }

  @InjectTransactionManager()
  async claimInboundEvents(
    input: { owner: string; limit: number; ids?: string[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<InboundEventRow[]> {
    return inboundSql.claimDueEvents(txOf(sharedContext), { ...input, leaseMs: this.config.leaseMs })
  }

  @InjectTransactionManager()
  async finishInboundEvent(
    input: Parameters<typeof inboundSql.finishEvent>[1],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    return inboundSql.finishEvent(txOf(sharedContext), input)
  }

  @InjectManager()
  async inboundEvents(
    filter: Partial<InboundEventFilter>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ rows: InboundEventRow[]; count: number }> {
    return inboundSql.listEvents(txOf(sharedContext), { limit: 50, offset: 0, ...filter })
  }

  @InjectTransactionManager()
  async replayDeadInboundEvents(
    filter: { ids?: string[]; connector?: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    return inboundSql.replayDeadEvents(txOf(sharedContext), filter)
  }

  @InjectManager()
  async inboundCounts(@MedusaContext() sharedContext: Context = {}) {
    return {
      events: await inboundSql.countEventsByStatus(txOf(sharedContext)),
      open_conflicts: await conflictSql.countOpenConflicts(txOf(sharedContext)),
    }
  }

  @InjectManager()
  async inboundWatermark(connector: string, subject: string, @MedusaContext() sharedContext: Context = {}) {
    return inboundSql.watermark(txOf(sharedContext), connector, subject)
  }

  @InjectTransactionManager()
  async advanceInboundWatermark(
    input: { connector: string; subject: string; version: number; eventId: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await inboundSql.advanceWatermark(txOf(sharedContext), input)
  }

  @InjectTransactionManager()
  async beginInboundOperation(
    input: Parameters<typeof inboundSql.beginOperation>[1],
    @MedusaContext() sharedContext: Context = {}
  ) {
    return inboundSql.beginOperation(txOf(sharedContext), input)
  }

  @InjectTransactionManager()
  async settleInboundOperation(
    id: string,
    status: "applied" | "abandoned",
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await inboundSql.settleOperation(txOf(sharedContext), id, status)
  }

  @InjectManager()
  async numberedInboundOperations(connector: string, subject: string, @MedusaContext() sharedContext: Context = {}) {
    return inboundSql.numberedOperations(txOf(sharedContext), connector, subject)
  }

  // ---- field ownership and conflicts (policies/ownership.ts) ----

  private ownershipCache_: { at: number; value: OwnershipRules } | null = null

  /**
   * The rules in force: the options' map with the admins' overrides laid over it. Read once a
   * second at most per process (every inbound event asks); a change made through this process is
   * seen at once, one made through another within a second.
   */
  @InjectManager()
  async ownershipRules(@MedusaContext() sharedContext: Context = {}): Promise<OwnershipRules> {
    const cached = this.ownershipCache_
    if (cached && Date.now() - cached.at < OWNERSHIP_CACHE_MS) return cached.value
    const overrides = await conflictSql.listRules(txOf(sharedContext))
    const value = { rules: effectiveRules(rulesOf(this.config.ownership), overrides), overrides }
    this.ownershipCache_ = { at: Date.now(), value }
    return value
  }

  @InjectTransactionManager()
  async setOwnershipRules(
    rules: OwnershipRuleInput[],
    updatedBy: string | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    this.ownershipCache_ = null
    await conflictSql.upsertRules(txOf(sharedContext), rules, updatedBy)
  }

  @InjectTransactionManager()
  async deleteOwnershipRule(id: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    this.ownershipCache_ = null
    return conflictSql.deleteRule(txOf(sharedContext), id)
  }

  @InjectTransactionManager()
  async recordFieldConflict(input: ConflictInput, @MedusaContext() sharedContext: Context = {}) {
    return conflictSql.recordConflict(txOf(sharedContext), input)
  }

  @InjectManager()
  async fieldConflicts(
    filter: Partial<ConflictFilter>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ rows: FieldConflictRow[]; count: number }> {
    return conflictSql.listConflicts(txOf(sharedContext), { limit: 50, offset: 0, ...filter })
  }

  @InjectManager()
  async getFieldConflict(id: string, @MedusaContext() sharedContext: Context = {}): Promise<FieldConflictRow | null> {
    return conflictSql.getConflict(txOf(sharedContext), id)
  }

  @InjectTransactionManager()
  async decideFieldConflict(
    input: { id: string; status: "accepted" | "kept"; decidedBy: string; resent: boolean },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<FieldConflictRow | null> {
    return conflictSql.decideConflict(txOf(sharedContext), input)
  }
  // ---- reconciliation (sql/reconciliation.ts, src/reconciliation/) ----

  @InjectTransactionManager()
  async startReconciliationRun(
    input: Parameters<typeof reconciliationSql.startRun>[1],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReconciliationRunRow | null> {
    const db = txOf(sharedContext)
    await reconciliationSql.abandonStaleRuns(db, this.config.reconciliation.staleRunMs)
    return reconciliationSql.startRun(db, input)
  }

  @InjectManager()
  async runningReconciliation(connector: string, entityType: string, @MedusaContext() sharedContext: Context = {}) {
    return reconciliationSql.runningRun(txOf(sharedContext), connector, entityType)
  }

  @InjectTransactionManager()
  async beatReconciliationRun(
    id: string,
    counts: Partial<RunCounts>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    return reconciliationSql.beatRun(txOf(sharedContext), id, counts)
  }

  @InjectTransactionManager()
  async finishReconciliationRun(
    id: string,
    end: Parameters<typeof reconciliationSql.finishRun>[2],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReconciliationRunRow | null> {
    return reconciliationSql.finishRun(txOf(sharedContext), id, end)
  }

  @InjectManager()
  async reconciliationCursor(connector: string, entityType: string, @MedusaContext() sharedContext: Context = {}) {
    return reconciliationSql.lastCursor(txOf(sharedContext), connector, entityType)
  }

  @InjectManager()
  async lastReconciliationStart(connector: string, entityType: string, @MedusaContext() sharedContext: Context = {}) {
    return reconciliationSql.lastStartedAt(txOf(sharedContext), connector, entityType)
  }

  @InjectManager()
  async reconciliationRuns(
    filter: Partial<reconciliationSql.RunFilter>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ rows: ReconciliationRunRow[]; count: number }> {
    return reconciliationSql.listRuns(txOf(sharedContext), { limit: 20, offset: 0, ...filter })
  }

  @InjectManager()
  async reconciliationRun(id: string, @MedusaContext() sharedContext: Context = {}) {
    return reconciliationSql.getRun(txOf(sharedContext), id)
  }

  @InjectManager()
  async latestReconciliations(@MedusaContext() sharedContext: Context = {}) {
    return {
      runs: await reconciliationSql.latestCompletedRuns(txOf(sharedContext)),
      last: await reconciliationSql.latestFinishedRuns(txOf(sharedContext)),
      open: await reconciliationSql.openFindingCounts(txOf(sharedContext)),
    }
  }

  @InjectTransactionManager()
  async recordDriftFindings(
    run: Pick<ReconciliationRunRow, "id" | "connector" | "entity_type">,
    findings: FindingInput[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<DriftFindingRow[]> {
    return reconciliationSql.insertFindings(txOf(sharedContext), run, findings)
  }

  @InjectManager()
  async driftFindings(
    filter: Partial<reconciliationSql.FindingFilter>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ rows: DriftFindingRow[]; count: number }> {
    return reconciliationSql.listFindings(txOf(sharedContext), { limit: 50, offset: 0, ...filter })
  }

  @InjectManager()
  async driftFinding(id: string, @MedusaContext() sharedContext: Context = {}): Promise<DriftFindingRow | null> {
    return reconciliationSql.getFinding(txOf(sharedContext), id)
  }

  /** Records a repair's (or dismissal's) outcome once; a repaired finding also counts on its run. */
  @InjectTransactionManager()
  async settleDriftFinding(
    id: string,
    outcome: Parameters<typeof reconciliationSql.settleFinding>[2],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<DriftFindingRow | null> {
    const db = txOf(sharedContext)
    const row = await reconciliationSql.settleFinding(db, id, outcome)
    if (row && outcome.status === "repaired") await reconciliationSql.countRepair(db, row.run_id)
    return row
  }

  @InjectTransactionManager()
  async stageRemoteRecords(
    runId: string,
    records: StagedRecord[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    return reconciliationSql.stageRemoteRecords(txOf(sharedContext), runId, records)
  }

  @InjectTransactionManager()
  async takeStagedRecords(
    runId: string,
    references: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<StagedRecord[]> {
    return reconciliationSql.takeStagedRecords(txOf(sharedContext), runId, references)
  }

  @InjectManager()
  async unmatchedStagedRecords(
    runId: string,
    afterId: string | null,
    limit: number,
    @MedusaContext() sharedContext: Context = {}
  ) {
    return reconciliationSql.unmatchedStagedRecords(txOf(sharedContext), runId, afterId, limit)
  }

  @InjectManager()
  async outboxFacts(
    connector: string,
    entityType: string,
    entityIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Map<string, OutboxFacts>> {
    return reconciliationSql.outboxFacts(txOf(sharedContext), connector, entityType, entityIds)
  }

  @InjectManager()
  async outboxMessagesAbout(
    connector: string,
    entityType: string,
    entityId: string,
    @MedusaContext() sharedContext: Context = {}
  ) {
    return reconciliationSql.messagesAbout(txOf(sharedContext), connector, entityType, entityId)
  }
}

export default SyncguardModuleService
