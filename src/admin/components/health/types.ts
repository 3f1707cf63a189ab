/**
 * The shapes of `GET /admin/syncguard/health` and `/health/history` as the admin reads them
 * (src/modules/syncguard/read-models/health.ts). Rate-limiter state is kept open-ended: the
 * limiter in use decides its keys, and the page shows whatever it reports.
 */
export type HealthStatus = "ok" | "degraded" | "failing"

export type BreakerReport = {
  state: "closed" | "open" | "half_open"
  consecutive_failures: number
  opened_at: string | null
  opened_by: string | null
  scope: "shared" | "local"
}

export type RateState = Record<string, unknown>

export type ApiDeprecation = {
  endpoint: string
  media_type: string | null
  deprecation: string | null
  sunset: string | null
  link: string | null
  first_seen_at: string | null
  last_seen_at: string | null
  sunset_within_horizon: boolean
}

export type ReconciliationHealth = {
  last_run_id: string
  last_finished_at: string | null
  dry_run: boolean
  checked: number
  sent: number
  acknowledged: number
  confirmed: number
  remote_records: number
  unconfirmed: number
  applied_extra: number
  found: { missing: number; mismatched: number; duplicated: number; orphaned: number }
  open_findings: number
}

export type ReconciliationFailure = {
  entity_type: string
  run_id: string
  status: string
  error: string | null
  finished_at: string | null
}

export type ConnectorHealth = {
  name: string
  kind: string
  paused: boolean
  paused_reason: string | null
  breaker: BreakerReport
  rate: RateState
  rate_by_endpoint: Record<string, RateState>
  api_deprecations: ApiDeprecation[]
  queue: Record<string, number>
  oldest_pending_age_ms: number | null
  dead_letters: number
  lag_p50_ms: number | null
  lag_p95_ms: number | null
  attempts_since_last_sample: number | null
  last_sampled_at: string | null
  invoices_closed_at: string | null
  inbound: {
    events: Record<string, number>
    dead: number
    open_conflicts: number
    rejected: Record<string, number>
  }
  reconciliation: Record<string, ReconciliationHealth>
  reconciliation_failures: ReconciliationFailure[]
}

export type JobHealth = {
  job: string
  expected_interval_ms: number
  last_started_at: string | null
  last_finished_at: string | null
  last_status: string | null
  last_error: string | null
  runs: number
  worker: string | null
  stale: boolean
}

export type HealthReport = {
  status: HealthStatus
  checked_at: string
  problems: string[]
  dead_letter_depth: number
  open_conflicts: number
  low_stock_skus: number
  deprecation_horizon_days: number
  connectors: ConnectorHealth[]
  jobs: JobHealth[]
}

export type MetricSample = {
  connector: string
  sampled_at: string
  depth: Record<string, number>
  dead_depth: number
  oldest_pending_age_ms: number | null
  lag_p50_ms: number | null
  lag_p95_ms: number | null
  attempts_since_last: number
  /** ms since this connector's previous sample; null for its first */
  interval_ms: number | null
}

export type HealthHistory = { hours: number; samples: MetricSample[] }
