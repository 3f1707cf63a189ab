import type { Context, Logger } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaService,
} from "@medusajs/framework/utils"
import Redis from "ioredis"
import { ConnectorRuntime } from "./connectors/runtime"
import {
  AttemptSnapshot,
  ConnectorState,
  CustomerIdentity,
  DeliveryAttempt,
  JobHeartbeat,
  MetricSample,
  OutboxMessage,
  ScopeViolation,
} from "./models"
import type { DeliveryResult } from "./types/connector"
import type { SyncguardOptions } from "./types/options"
import { OutboxStatus } from "./types"
import { decideAfterAttempt, OutcomeDecision } from "./utils/decide-outcome"
import { parseSyncguardOptions } from "./utils/options-schema"
import { redactExchange } from "./utils/redact"

type InjectedDependencies = { logger: Logger }

export type EnqueueMessageInput = {
  depends_on_id?: string | null
  connector: string
  operation: string
  entity_type: string
  entity_id: string
  idempotency_key: string
  correlation_id: string
  source_changed_at?: Date | null
}

/** A claimed row, as the claim query returns it. */
export type ClaimedMessage = {
  id: string
  connector: string
  operation: string
  entity_type: string
  entity_id: string
  idempotency_key: string
  correlation_id: string
  status: OutboxStatus
  attempts: number
  max_attempts: number
  lease_owner: string
  lease_expires_at: Date
  /** The status before this claim: `unknown` or an expired `in_flight` means verify before sending. */
  prev_status: OutboxStatus
  depends_on_id: string | null
}

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
}

const T = "syncguard_outbox_message"

export type MetricSampleRow = {
  connector: string
  sampled_at: Date
  depth: Record<string, number>
  oldest_pending_age_ms: number | null
  lag_p50_ms: number | null
  lag_p95_ms: number | null
  attempts_since_last: number
  dead_depth: number
}

const emptyQueue = () => ({
  depth: Object.fromEntries(Object.values(OutboxStatus).map((st) => [st, 0])) as Record<string, number>,
  oldest_pending_age_ms: null as number | null,
})

/** DML bigNumber columns keep a raw JSON twin; fill it like Medusa does. */
const bigRaw = (value: number | null) => (value === null ? null : JSON.stringify({ value: String(value), precision: 20 }))

class SyncguardModuleService extends MedusaService({
  OutboxMessage,
  DeliveryAttempt,
  CustomerIdentity,
  ScopeViolation,
  ConnectorState,
  AttemptSnapshot,
  MetricSample,
  JobHeartbeat,
}) {
  protected readonly logger_: Logger
  readonly options: Required<Pick<SyncguardOptions, "leaseMs" | "batchSize" | "concurrency" | "fastPath">> &
    Pick<SyncguardOptions, "retry" | "invoices" | "alerts" | "snapshots" | "metrics" | "redisUrl">
  /** The connectors as this process runs them (throttles, breakers, policies). */
  readonly connectors: ConnectorRuntime
  readonly redis: Redis | null

  constructor(container: InjectedDependencies, rawOptions: unknown) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.logger_ = container.logger
    const options = parseSyncguardOptions(rawOptions)
    this.options = {
      leaseMs: options.leaseMs ?? 60_000,
      batchSize: options.batchSize ?? 50,
      concurrency: options.concurrency ?? 4,
      fastPath: options.fastPath ?? true,
      retry: options.retry,
      invoices: options.invoices,
      alerts: options.alerts,
      snapshots: options.snapshots,
      metrics: options.metrics,
      redisUrl: options.redisUrl,
    }
    this.redis = options.redisUrl ? new Redis(options.redisUrl, { maxRetriesPerRequest: 3, lazyConnect: false }) : null
    this.redis?.on("error", (e) => this.logger_.warn(`syncguard: Redis error: ${e.message}`))
    this.connectors = new ConnectorRuntime(options, this.redis, this.logger_)
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
    if (!inputs.length) {
      return []
    }
    const rows = inputs.map((m) => [
      generateEntityId(undefined, "sgmsg"),
      m.connector,
      m.operation,
      m.entity_type,
      m.entity_id,
      m.idempotency_key,
      m.correlation_id,
      this.connectors.retryPolicy(m.connector).maxAttempts,
      m.source_changed_at ?? null,
      m.depends_on_id ?? null,
    ])
    const placeholders = rows.map(() => "(?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, now(), ?, ?, now(), now())").join(", ")
    const result = await (sharedContext.transactionManager as any).execute(
      `INSERT INTO ${T} (id, connector, operation, entity_type, entity_id, idempotency_key, correlation_id,
         status, attempts, max_attempts, next_attempt_at, source_changed_at, depends_on_id, created_at, updated_at)
       VALUES ${placeholders}
       ON CONFLICT (connector, idempotency_key) WHERE deleted_at IS NULL DO NOTHING
       RETURNING id`,
      rows.flat()
    )
    return (result as Array<{ id: string }>).map((r) => r.id)
  }

  /**
   * Leases up to `limit` due messages to `owner`. SKIP LOCKED lets any number of workers
   * claim side by side without ever sharing a message; the lease lets another worker take
   * over once a crashed worker's claim expires. A message waits while an older message
   * about the same entity is unfinished, so an update never overtakes its create.
   */
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
    const limit = input.limit ?? this.options.batchSize
    const leaseMs = input.leaseMs ?? this.options.leaseMs
    const filters: string[] = []
    const params: unknown[] = []
    if (input.ids) {
      if (!input.ids.length) {
        return []
      }
      filters.push(`AND m.id IN (${input.ids.map(() => "?").join(", ")})`)
      params.push(...input.ids)
    }
    if (input.connector) {
      filters.push("AND m.connector = ?")
      params.push(input.connector)
    }
    if (input.excludeConnectors?.length) {
      filters.push(`AND m.connector NOT IN (${input.excludeConnectors.map(() => "?").join(", ")})`)
      params.push(...input.excludeConnectors)
    }
    const rows = await (sharedContext.transactionManager as any).execute(
      `WITH picked AS (
         SELECT m.id, m.status AS prev_status FROM ${T} m
          WHERE m.deleted_at IS NULL
            AND ((m.status IN ('pending', 'retry_scheduled', 'unknown') AND m.next_attempt_at <= now())
                 OR (m.status = 'in_flight' AND m.lease_expires_at < now()))
            ${filters.join(" ")}
            AND NOT EXISTS (
              SELECT 1 FROM ${T} o
               WHERE o.connector = m.connector AND o.entity_type = m.entity_type AND o.entity_id = m.entity_id
                 AND o.deleted_at IS NULL AND o.status NOT IN ('delivered', 'dead')
                 AND (o.created_at, o.id) < (m.created_at, m.id))
            AND (m.depends_on_id IS NULL OR EXISTS (
              SELECT 1 FROM ${T} d WHERE d.id = m.depends_on_id AND d.status = 'delivered'))
          ORDER BY m.next_attempt_at, m.created_at
          LIMIT ?
          FOR UPDATE SKIP LOCKED)
       UPDATE ${T} AS t
          SET status = 'in_flight', lease_owner = ?, lease_expires_at = now() + (? * interval '1 millisecond'),
              attempts = t.attempts + 1, updated_at = now()
         FROM picked
        WHERE t.id = picked.id
       RETURNING t.id, t.connector, t.operation, t.entity_type, t.entity_id, t.idempotency_key, t.correlation_id,
                 t.status, t.attempts, t.max_attempts, t.lease_owner, t.lease_expires_at, t.depends_on_id,
                 picked.prev_status`,
      [...params, limit, input.owner, leaseMs]
    )
    return rows as ClaimedMessage[]
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
    const rows = await (sharedContext.transactionManager as any).execute(
      `UPDATE ${T} SET lease_expires_at = now() + (? * interval '1 millisecond')
        WHERE id = ? AND lease_owner = ? AND status = 'in_flight' AND lease_expires_at > now() RETURNING id`,
      [input.leaseMs ?? this.options.leaseMs, input.id, input.owner]
    )
    return (rows as unknown[]).length > 0
  }

  /**
   * Gives a claimed message back without counting the attempt (the breaker opened or the
   * connector was paused between claim and send).
   */
  @InjectTransactionManager()
  async releaseClaim(
    input: { id: string; owner: string; nextAttemptAt: Date; prevStatus: OutboxStatus },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const status = input.prevStatus === OutboxStatus.IN_FLIGHT ? OutboxStatus.UNKNOWN : input.prevStatus
    const rows = await (sharedContext.transactionManager as any).execute(
      `UPDATE ${T} SET status = ?, attempts = GREATEST(attempts - 1, 0), next_attempt_at = ?, lease_owner = NULL,
              lease_expires_at = NULL, updated_at = now()
        WHERE id = ? AND lease_owner = ? AND status = 'in_flight' RETURNING id`,
      [status, input.nextAttemptAt, input.id, input.owner]
    )
    return (rows as unknown[]).length > 0
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
    const manager = sharedContext.transactionManager as any
    const { message, result } = input
    const decision = decideAfterAttempt({
      attempt: message.attempts,
      maxAttempts: message.max_attempts,
      result,
      policy: this.connectors.retryPolicy(message.connector),
      now: input.endedAt,
    })
    const errorClass = result.outcome === "delivered" ? null : result.errorClass
    const errorMessage = result.outcome === "delivered" ? null : result.message
    const attemptId = generateEntityId(undefined, "sgatt")
    await manager.execute(
      `INSERT INTO syncguard_delivery_attempt (id, message_id, attempt_number, worker, started_at, ended_at,
         duration_ms, outcome, http_status, error_class, error_message, correlation_id, traceparent, verified_only,
         created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), now())`,
      [
        attemptId,
        message.id,
        message.attempts,
        input.owner,
        input.startedAt,
        input.endedAt,
        input.endedAt.getTime() - input.startedAt.getTime(),
        decision.attemptOutcome,
        decision.lastHttpStatus,
        errorClass,
        errorMessage,
        message.correlation_id,
        input.traceparent ?? null,
        result.outcome === "delivered" && result.verifiedOnly === true,
      ]
    )
    if (result.exchange && this.options.snapshots?.enabled !== false) {
      const snapshot = redactExchange(result.exchange, this.options.snapshots?.redactKeys ?? [])
      await manager.execute(
        `INSERT INTO syncguard_attempt_snapshot (id, attempt_id, message_id, request, response, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, now(), now())`,
        [
          generateEntityId(undefined, "sgsnap"),
          attemptId,
          message.id,
          JSON.stringify(snapshot.request),
          snapshot.response ? JSON.stringify(snapshot.response) : null,
        ]
      )
    }
    const updated = await manager.execute(
      `UPDATE ${T}
          SET status = ?, next_attempt_at = COALESCE(?, next_attempt_at), delivered_at = ?, last_error = ?,
              last_http_status = ?, remote_id = COALESCE(?, remote_id), lease_owner = NULL, lease_expires_at = NULL,
              updated_at = now()
        WHERE id = ? AND lease_owner = ? AND status = 'in_flight'
        RETURNING id`,
      [
        decision.status,
        decision.nextAttemptAt,
        decision.deliveredAt,
        decision.lastError,
        decision.lastHttpStatus,
        decision.remoteId,
        message.id,
        input.owner,
      ]
    )
    const fenced = (updated as unknown[]).length === 0
    if (!fenced && decision.status === OutboxStatus.DELIVERED && message.entity_type === "customer" && decision.remoteId) {
      // the invoice API scopes by this mapping; learn it from the remote's own answer
      await this.upsertCustomerIdentity(
        { connector: message.connector, customer_id: message.entity_id, remote_customer_id: decision.remoteId, source: "sync" },
        sharedContext
      )
    }
    if (fenced) {
      this.logger_.warn(
        `syncguard: message ${message.id} was taken over by another worker before attempt ${message.attempts} finished [correlation ${message.correlation_id}]`
      )
    } else if (decision.status === OutboxStatus.DEAD) {
      this.logger_.error(
        `syncguard: message ${message.id} (${message.connector}) is dead after ${message.attempts} attempt(s): ${decision.lastError} [correlation ${message.correlation_id}]`
      )
    }
    return { ...decision, fenced }
  }

  /** Remembers which remote customer a Medusa customer is (the newest answer wins). */
  @InjectTransactionManager()
  async upsertCustomerIdentity(
    input: { connector: string; customer_id: string; remote_customer_id: string; source: "sync" | "lookup" },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await (sharedContext.transactionManager as any).execute(
      `INSERT INTO syncguard_customer_identity (id, connector, customer_id, remote_customer_id, source, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, now(), now())
       ON CONFLICT (connector, customer_id) WHERE deleted_at IS NULL
       DO UPDATE SET remote_customer_id = EXCLUDED.remote_customer_id, source = EXCLUDED.source, updated_at = now()`,
      [generateEntityId(undefined, "sgcid"), input.connector, input.customer_id, input.remote_customer_id, input.source]
    )
  }

  @InjectManager()
  async findRemoteCustomerId(
    connector: string,
    customerId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string | null> {
    const [identity] = await this.listCustomerIdentities({ connector, customer_id: customerId }, { take: 1 }, sharedContext)
    return identity?.remote_customer_id ?? null
  }

  /**
   * Records what an upstream answer contained outside the customer's scope, and closes the
   * connector's invoice API when the window's count reaches the threshold. Returns the
   * window's count and whether this call closed it.
   */
  @InjectTransactionManager()
  async recordScopeViolations(
    input: {
      connector: string
      customer_id: string
      query: string
      violations: Array<{ invoiceId: string; reason: string; count: number }>
      threshold: number
      windowMs: number
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ windowCount: number; closedNow: boolean }> {
    const manager = sharedContext.transactionManager as any
    if (!input.violations.length) {
      return { windowCount: 0, closedNow: false }
    }
    const rows = input.violations.map((v) => [
      generateEntityId(undefined, "sgviol"),
      input.connector,
      input.customer_id,
      input.query,
      v.invoiceId,
      v.reason,
      v.count,
    ])
    await manager.execute(
      `INSERT INTO syncguard_scope_violation (id, connector, customer_id, query, invoice_id, reason, count, created_at, updated_at)
       VALUES ${rows.map(() => "(?, ?, ?, ?, ?, ?, ?, now(), now())").join(", ")}`,
      rows.flat()
    )
    const [{ total }] = await manager.execute(
      `SELECT COALESCE(sum(count), 0)::int AS total FROM syncguard_scope_violation
        WHERE connector = ? AND deleted_at IS NULL AND created_at > now() - (? * interval '1 millisecond')
          AND created_at > COALESCE((SELECT updated_at FROM syncguard_connector_state
                                      WHERE connector = ? AND deleted_at IS NULL AND invoices_closed_at IS NULL), 'epoch')`,
      [input.connector, input.windowMs, input.connector]
    )
    if (total < input.threshold) {
      return { windowCount: total, closedNow: false }
    }
    const closed = await manager.execute(
      `INSERT INTO syncguard_connector_state (id, connector, invoices_closed_at, invoices_closed_reason, created_at, updated_at)
       VALUES (?, ?, now(), ?, now(), now())
       ON CONFLICT (connector) WHERE deleted_at IS NULL
       DO UPDATE SET invoices_closed_at = now(), invoices_closed_reason = EXCLUDED.invoices_closed_reason, updated_at = now()
         WHERE syncguard_connector_state.invoices_closed_at IS NULL
       RETURNING id`,
      [
        generateEntityId(undefined, "sgcst"),
        input.connector,
        `${total} scope violations within ${Math.round(input.windowMs / 1000)} s (threshold ${input.threshold})`,
      ]
    )
    return { windowCount: total, closedNow: (closed as unknown[]).length > 0 }
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
    const [row] = await (sharedContext.manager as any).execute(
      `SELECT (SELECT remote_customer_id FROM syncguard_customer_identity
                WHERE connector = ? AND customer_id = ? AND deleted_at IS NULL LIMIT 1) AS remote_customer_id,
              s.invoices_closed_at, s.invoices_closed_reason
         FROM (SELECT 1) one
         LEFT JOIN syncguard_connector_state s ON s.connector = ? AND s.deleted_at IS NULL`,
      [connector, customerId, connector]
    )
    return {
      remote_customer_id: row?.remote_customer_id ?? null,
      closed: row?.invoices_closed_at ? { closed_at: row.invoices_closed_at, reason: row.invoices_closed_reason } : null,
    }
  }

  /** Null while the connector's invoice API is open. */
  @InjectManager()
  async invoicesClosed(
    connector: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ closed_at: Date; reason: string | null } | null> {
    const [state] = await this.listConnectorStates({ connector }, { take: 1 }, sharedContext)
    return state?.invoices_closed_at ? { closed_at: state.invoices_closed_at, reason: state.invoices_closed_reason } : null
  }

  /** An admin has reviewed the violations: reopen. Violations before now no longer count. */
  @InjectTransactionManager()
  async reopenInvoices(connector: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    const rows = await (sharedContext.transactionManager as any).execute(
      `UPDATE syncguard_connector_state SET invoices_closed_at = NULL, invoices_closed_reason = NULL, updated_at = now()
        WHERE connector = ? AND deleted_at IS NULL AND invoices_closed_at IS NOT NULL RETURNING id`,
      [connector]
    )
    return (rows as unknown[]).length > 0
  }

  /** The newest unfinished message about an entity on a connector: what a dependent message waits for. */
  @InjectManager()
  async latestUnfinishedMessageId(
    connector: string,
    entityType: string,
    entityId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string | null> {
    const [row] = await (sharedContext.manager as any).execute(
      `SELECT id FROM ${T} WHERE connector = ? AND entity_type = ? AND entity_id = ? AND deleted_at IS NULL
          AND status NOT IN ('delivered', 'dead') ORDER BY created_at DESC, id DESC LIMIT 1`,
      [connector, entityType, entityId]
    )
    return row?.id ?? null
  }

  /** Pauses or resumes a connector for every worker (the state lives in the database). */
  @InjectTransactionManager()
  async setConnectorPaused(
    input: { connector: string; paused: boolean; reason?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    this.pausedCache = null
    await (sharedContext.transactionManager as any).execute(
      `INSERT INTO syncguard_connector_state (id, connector, paused, paused_reason, paused_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, CASE WHEN ? THEN now() END, now(), now())
       ON CONFLICT (connector) WHERE deleted_at IS NULL
       DO UPDATE SET paused = EXCLUDED.paused, paused_reason = EXCLUDED.paused_reason, paused_at = EXCLUDED.paused_at,
                     updated_at = now()`,
      [generateEntityId(undefined, "sgcst"), input.connector, input.paused, input.reason ?? null, input.paused]
    )
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
    filter: {
      ids?: string[]
      connector?: string
      operation?: string
      entity_type?: string
      error_contains?: string
      created_after?: Date
      created_before?: Date
      limit?: number
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Array<{ id: string; attempts: number; next_attempt_at: Date; idempotency_key: string }>> {
    const where: string[] = ["status = 'dead'", "deleted_at IS NULL"]
    const params: unknown[] = []
    const add = (sql: string, value: unknown) => {
      where.push(sql)
      params.push(value)
    }
    if (filter.ids) {
      if (!filter.ids.length) return []
      where.push(`id IN (${filter.ids.map(() => "?").join(", ")})`)
      params.push(...filter.ids)
    }
    if (filter.connector) add("connector = ?", filter.connector)
    if (filter.operation) add("operation = ?", filter.operation)
    if (filter.entity_type) add("entity_type = ?", filter.entity_type)
    if (filter.error_contains) add("last_error ILIKE ?", `%${filter.error_contains.replace(/[%_\\]/g, "\\$&")}%`)
    if (filter.created_after) add("created_at >= ?", filter.created_after)
    if (filter.created_before) add("created_at < ?", filter.created_before)
    const rows = await (sharedContext.transactionManager as any).execute(
      // A replay is a new decision (someone fixed the cause), so it gets a new key generation:
      // a remote that stored its answer to the old key would only repeat the old rejection.
      // Duplicates stay impossible because the replay is verified on the remote first.
      `WITH chosen AS (
         SELECT id, attempts, next_attempt_at, idempotency_key FROM ${T} WHERE ${where.join(" AND ")}
          ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)
       UPDATE ${T} t SET status = 'unknown', attempts = 0, next_attempt_at = now(), updated_at = now(),
              idempotency_key = regexp_replace(t.idempotency_key, ':replay[0-9]+$', '') || ':replay' ||
                (COALESCE(substring(t.idempotency_key from ':replay([0-9]+)$')::int, 0) + 1)
         FROM chosen WHERE t.id = chosen.id
       RETURNING t.id, chosen.attempts, chosen.next_attempt_at, chosen.idempotency_key`,
      [...params, filter.limit ?? 1000]
    )
    return rows
  }

  /** Undoes a replay (workflow compensation). */
  @InjectTransactionManager()
  async restoreDeadLetters(
    previous: Array<{ id: string; attempts: number; next_attempt_at: Date; idempotency_key: string }>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    for (const p of previous) {
      await (sharedContext.transactionManager as any).execute(
        `UPDATE ${T} SET status = 'dead', attempts = ?, next_attempt_at = ?, idempotency_key = ?, updated_at = now()
          WHERE id = ? AND status = 'unknown' AND lease_owner IS NULL`,
        [p.attempts, p.next_attempt_at, p.idempotency_key, p.id]
      )
    }
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
    const manager = sharedContext.transactionManager as any
    const lagWindowMs = input.lagWindowMs ?? 5 * 60 * 1000
    const queue = await this.queueState(sharedContext)
    const lagRows: Array<{ connector: string; p50: string | null; p95: string | null }> = await manager.execute(
      `SELECT connector,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - source_changed_at) * 1000)::bigint AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - source_changed_at) * 1000)::bigint AS p95
         FROM ${T}
        WHERE deleted_at IS NULL AND status = 'delivered' AND source_changed_at IS NOT NULL
          AND delivered_at > now() - (? * interval '1 millisecond')
        GROUP BY connector`,
      [lagWindowMs]
    )
    const attemptRows: Array<{ connector: string; count: number }> = await manager.execute(
      `SELECT m.connector, count(*)::int AS count FROM syncguard_delivery_attempt a
         JOIN ${T} m ON m.id = a.message_id
        WHERE a.created_at > COALESCE((SELECT max(sampled_at) FROM syncguard_metric_sample s WHERE s.connector = m.connector), 'epoch')
        GROUP BY m.connector`
    )
    const now = new Date()
    const samples: MetricSampleRow[] = this.connectors.names().map((connector) => {
      const { depth, oldest_pending_age_ms } = queue[connector] ?? emptyQueue()
      const lag = lagRows.find((r) => r.connector === connector)
      return {
        connector,
        sampled_at: now,
        depth,
        oldest_pending_age_ms,
        lag_p50_ms: lag?.p50 === null || lag?.p50 === undefined ? null : Number(lag.p50),
        lag_p95_ms: lag?.p95 === null || lag?.p95 === undefined ? null : Number(lag.p95),
        attempts_since_last: attemptRows.find((r) => r.connector === connector)?.count ?? 0,
        dead_depth: depth[OutboxStatus.DEAD],
      }
    })
    for (const sample of samples) {
      await manager.execute(
        `INSERT INTO syncguard_metric_sample (id, connector, sampled_at, depth, oldest_pending_age_ms, raw_oldest_pending_age_ms,
           lag_p50_ms, raw_lag_p50_ms, lag_p95_ms, raw_lag_p95_ms, attempts_since_last, dead_depth, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), now())`,
        [
          generateEntityId(undefined, "sgmet"),
          sample.connector,
          sample.sampled_at,
          JSON.stringify(sample.depth),
          sample.oldest_pending_age_ms,
          bigRaw(sample.oldest_pending_age_ms),
          sample.lag_p50_ms,
          bigRaw(sample.lag_p50_ms),
          sample.lag_p95_ms,
          bigRaw(sample.lag_p95_ms),
          sample.attempts_since_last,
          sample.dead_depth,
        ]
      )
    }
    return samples
  }

  /** Live depth per status and the oldest waiting message's age, per connector. */
  @InjectManager()
  async queueState(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Record<string, { depth: Record<string, number>; oldest_pending_age_ms: number | null }>> {
    const manager = (sharedContext.transactionManager ?? sharedContext.manager) as any
    const depthRows: Array<{ connector: string; status: string; count: number }> = await manager.execute(
      `SELECT connector, status, count(*)::int AS count FROM ${T} WHERE deleted_at IS NULL GROUP BY connector, status`
    )
    const ageRows: Array<{ connector: string; age_ms: string | null }> = await manager.execute(
      `SELECT connector, (extract(epoch FROM now() - min(created_at)) * 1000)::bigint AS age_ms FROM ${T}
        WHERE deleted_at IS NULL AND status NOT IN ('delivered', 'dead') GROUP BY connector`
    )
    const out: Record<string, { depth: Record<string, number>; oldest_pending_age_ms: number | null }> = {}
    for (const name of new Set([...this.connectors.names(), ...depthRows.map((r) => r.connector)])) {
      const entry = emptyQueue()
      depthRows.filter((r) => r.connector === name).forEach((r) => (entry.depth[r.status] = r.count))
      const age = ageRows.find((r) => r.connector === name)?.age_ms
      entry.oldest_pending_age_ms = age === null || age === undefined ? null : Number(age)
      out[name] = entry
    }
    return out
  }

  /** The newest sample per connector. */
  @InjectManager()
  async latestMetricSamples(@MedusaContext() sharedContext: Context = {}): Promise<MetricSampleRow[]> {
    const rows = await (sharedContext.manager as any).execute(
      `SELECT DISTINCT ON (connector) connector, sampled_at, depth, oldest_pending_age_ms, lag_p50_ms, lag_p95_ms,
              attempts_since_last, dead_depth
         FROM syncguard_metric_sample WHERE deleted_at IS NULL ORDER BY connector, sampled_at DESC`
    )
    return (rows as any[]).map((r) => ({
      ...r,
      oldest_pending_age_ms: r.oldest_pending_age_ms === null ? null : Number(r.oldest_pending_age_ms),
      lag_p50_ms: r.lag_p50_ms === null ? null : Number(r.lag_p50_ms),
      lag_p95_ms: r.lag_p95_ms === null ? null : Number(r.lag_p95_ms),
    }))
  }

  /** Deletes snapshots and metric samples past their retention. */
  @InjectTransactionManager()
  async purgeExpired(
    input: { snapshotsOlderThanMs: number; samplesOlderThanMs: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ snapshots: number; samples: number }> {
    const manager = sharedContext.transactionManager as any
    const snapshots = await manager.execute(
      `DELETE FROM syncguard_attempt_snapshot WHERE created_at < now() - (? * interval '1 millisecond') RETURNING id`,
      [input.snapshotsOlderThanMs]
    )
    const samples = await manager.execute(
      `DELETE FROM syncguard_metric_sample WHERE created_at < now() - (? * interval '1 millisecond') RETURNING id`,
      [input.samplesOlderThanMs]
    )
    return { snapshots: snapshots.length, samples: samples.length }
  }

  /** A scheduled job's beat: started (finished = false) or finished with its status. */
  @InjectTransactionManager()
  async recordHeartbeat(
    input: { job: string; expectedIntervalMs: number; phase: "start" | "finish"; status?: "ok" | "failed"; error?: string | null; worker: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const start = input.phase === "start"
    await (sharedContext.transactionManager as any).execute(
      `INSERT INTO syncguard_job_heartbeat (id, job, expected_interval_ms, last_started_at, last_finished_at, last_status,
         last_error, runs, worker, created_at, updated_at)
       VALUES (?, ?, ?, ${start ? "now()" : "NULL"}, ${start ? "NULL" : "now()"}, ?, ?, ?, ?, now(), now())
       ON CONFLICT (job) WHERE deleted_at IS NULL DO UPDATE SET
         expected_interval_ms = EXCLUDED.expected_interval_ms,
         ${start ? "last_started_at = now()" : "last_finished_at = now(), last_status = EXCLUDED.last_status, last_error = EXCLUDED.last_error, runs = syncguard_job_heartbeat.runs + 1"},
         worker = EXCLUDED.worker, updated_at = now()`,
      [
        generateEntityId(undefined, "sgjob"),
        input.job,
        input.expectedIntervalMs,
        start ? null : input.status ?? "ok",
        start ? null : input.error ?? null,
        start ? 0 : 1,
        input.worker,
      ]
    )
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
    const rows = await (sharedContext.manager as any).execute(
      `SELECT (extract(epoch FROM min(next_attempt_at) - now()) * 1000)::float AS ms FROM ${T}
        WHERE deleted_at IS NULL AND status IN ('pending', 'retry_scheduled', 'unknown') AND next_attempt_at > now()
        ${excludeConnectors.length ? `AND connector NOT IN (${excludeConnectors.map(() => "?").join(", ")})` : ""}`,
      excludeConnectors
    )
    const ms = (rows as Array<{ ms: number | null }>)[0]?.ms
    return ms === null || ms === undefined ? null : Math.max(0, Number(ms))
  }

  /** Counts per status, optionally for one connector. */
  @InjectManager()
  async countByStatus(
    connector?: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Record<string, number>> {
    const rows = await (sharedContext.manager as any).execute(
      `SELECT status, count(*)::int AS count FROM ${T} WHERE deleted_at IS NULL ${connector ? "AND connector = ?" : ""} GROUP BY status`,
      connector ? [connector] : []
    )
    const counts: Record<string, number> = Object.fromEntries(Object.values(OutboxStatus).map((s) => [s, 0]))
    for (const row of rows as Array<{ status: string; count: number }>) {
      counts[row.status] = row.count
    }
    return counts
  }
}

export default SyncguardModuleService
