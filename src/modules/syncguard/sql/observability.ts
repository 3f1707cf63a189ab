import { generateEntityId } from "@medusajs/framework/utils"
import { OutboxStatus, sqlStatuses, TERMINAL_STATUSES } from "../outbox/states"
import { OUTBOX as T, Sql } from "./db"

/** Metric samples, queue state, heartbeats and retention: what health and /metrics read. */

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

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))

/** DML bigNumber columns keep a raw JSON twin; fill it like Medusa does. */
const bigRaw = (value: number | null) =>
  value === null ? null : JSON.stringify({ value: String(value), precision: 20 })

/** Sync lag (source change → remote acknowledgement) p50/p95 per connector over the window. */
export async function syncLag(
  db: Sql,
  windowMs: number
): Promise<Map<string, { p50: number | null; p95: number | null }>> {
  const rows: Array<{ connector: string; p50: string | null; p95: string | null }> = await db.execute(
    `SELECT connector,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - source_changed_at) * 1000)::bigint AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - source_changed_at) * 1000)::bigint AS p95
       FROM ${T}
      WHERE deleted_at IS NULL AND status = '${OutboxStatus.DELIVERED}' AND source_changed_at IS NOT NULL
        AND delivered_at > now() - (? * interval '1 millisecond')
      GROUP BY connector`,
    [windowMs]
  )
  return new Map(rows.map((r) => [r.connector, { p50: num(r.p50), p95: num(r.p95) }]))
}

/** Attempts per connector since that connector's last sample. */
export async function attemptsSinceLastSample(db: Sql): Promise<Map<string, number>> {
  const rows: Array<{ connector: string; count: number }> = await db.execute(
    `SELECT m.connector, count(*)::int AS count FROM syncguard_delivery_attempt a
       JOIN ${T} m ON m.id = a.message_id
      WHERE a.created_at > COALESCE((SELECT max(sampled_at) FROM syncguard_metric_sample s WHERE s.connector = m.connector), 'epoch')
      GROUP BY m.connector`
  )
  return new Map(rows.map((r) => [r.connector, r.count]))
}

export async function insertMetricSample(db: Sql, sample: MetricSampleRow): Promise<void> {
  await db.execute(
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

/** Live depth per connector and status, and each connector's oldest waiting message's age. */
export async function queueRows(db: Sql): Promise<{
  depth: Array<{ connector: string; status: string; count: number }>
  oldestAgeMs: Map<string, number | null>
}> {
  const depth = await db.execute(
    `SELECT connector, status, count(*)::int AS count FROM ${T} WHERE deleted_at IS NULL GROUP BY connector, status`
  )
  const ages: Array<{ connector: string; age_ms: string | null }> = await db.execute(
    `SELECT connector, (extract(epoch FROM now() - min(created_at)) * 1000)::bigint AS age_ms FROM ${T}
      WHERE deleted_at IS NULL AND status NOT IN (${sqlStatuses(TERMINAL_STATUSES)}) GROUP BY connector`
  )
  return { depth, oldestAgeMs: new Map(ages.map((r) => [r.connector, num(r.age_ms)])) }
}

/** The newest sample per connector. */
export async function latestMetricSamples(db: Sql): Promise<MetricSampleRow[]> {
  const rows = await db.execute(
    `SELECT DISTINCT ON (connector) connector, sampled_at, depth, oldest_pending_age_ms, lag_p50_ms, lag_p95_ms,
            attempts_since_last, dead_depth
       FROM syncguard_metric_sample WHERE deleted_at IS NULL ORDER BY connector, sampled_at DESC`
  )
  return (rows as any[]).map((r) => ({
    ...r,
    oldest_pending_age_ms: num(r.oldest_pending_age_ms),
    lag_p50_ms: num(r.lag_p50_ms),
    lag_p95_ms: num(r.lag_p95_ms),
  }))
}

export type MetricHistoryRow = MetricSampleRow & { interval_ms: number | null }

/**
 * The samples of the last `hours`, oldest first, each with the time since its connector's
 * previous one (throughput = attempts_since_last / interval_ms).
 */
export async function metricHistory(
  db: Sql,
  input: { hours: number; connector?: string }
): Promise<MetricHistoryRow[]> {
  const rows = await db.execute(
    `SELECT connector, sampled_at, depth, oldest_pending_age_ms, lag_p50_ms, lag_p95_ms, attempts_since_last, dead_depth,
            (extract(epoch FROM sampled_at - lag(sampled_at) OVER (PARTITION BY connector ORDER BY sampled_at)) * 1000)::float
              AS interval_ms
       FROM syncguard_metric_sample
      WHERE deleted_at IS NULL AND sampled_at > now() - (? * interval '1 hour') ${input.connector ? "AND connector = ?" : ""}
      ORDER BY sampled_at, connector`,
    input.connector ? [input.hours, input.connector] : [input.hours]
  )
  return (rows as any[]).map((r) => ({
    ...r,
    oldest_pending_age_ms: num(r.oldest_pending_age_ms),
    lag_p50_ms: num(r.lag_p50_ms),
    lag_p95_ms: num(r.lag_p95_ms),
    interval_ms: num(r.interval_ms),
  }))
}

/** Deletes snapshots and metric samples past their retention. */
export async function purgeExpired(
  db: Sql,
  input: { snapshotsOlderThanMs: number; samplesOlderThanMs: number }
): Promise<{ snapshots: number; samples: number }> {
  const snapshots = await db.execute(
    `DELETE FROM syncguard_attempt_snapshot WHERE created_at < now() - (? * interval '1 millisecond') RETURNING id`,
    [input.snapshotsOlderThanMs]
  )
  const samples = await db.execute(
    `DELETE FROM syncguard_metric_sample WHERE created_at < now() - (? * interval '1 millisecond') RETURNING id`,
    [input.samplesOlderThanMs]
  )
  return { snapshots: snapshots.length, samples: samples.length }
}

export type HeartbeatInput = {
  job: string
  expectedIntervalMs: number
  phase: "start" | "finish"
  status?: "ok" | "failed"
  error?: string | null
  worker: string
}

/** A scheduled job's beat: started, or finished with its status. */
export async function recordHeartbeat(db: Sql, input: HeartbeatInput): Promise<void> {
  const start = input.phase === "start"
  await db.execute(
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
      start ? null : (input.status ?? "ok"),
      start ? null : (input.error ?? null),
      start ? 0 : 1,
      input.worker,
    ]
  )
}
