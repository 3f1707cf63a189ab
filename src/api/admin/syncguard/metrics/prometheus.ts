import { Gauge, Registry } from "prom-client"
import type { HealthReport } from "../../../../modules/syncguard/read-models/health"

/**
 * Prometheus exposition of the health report. Every value is read at scrape time from what the
 * workers share (the database; breakers and limiters through Redis when configured), so any
 * process that answers reports the same numbers.
 */
export async function renderPrometheus(report: HealthReport): Promise<{ contentType: string; body: string }> {
  const registry = new Registry()
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [registry] })
  const depth = gauge("syncguard_queue_depth", "Outbox messages per connector and status", ["connector", "status"])
  const oldest = gauge("syncguard_oldest_pending_age_seconds", "Age of the oldest message not yet delivered or dead", [
    "connector",
  ])
  const lag = gauge("syncguard_sync_lag_seconds", "Source change to remote acknowledgement, recent deliveries", [
    "connector",
    "quantile",
  ])
  const dead = gauge("syncguard_dead_letters", "Messages in the dead-letter state", ["connector"])
  const attempts = gauge("syncguard_attempts_since_last_sample", "Delivery attempts between the last two samples", [
    "connector",
  ])
  const breaker = gauge("syncguard_circuit_open", "1 while the connector's circuit breaker is not closed", [
    "connector",
  ])
  const paused = gauge("syncguard_connector_paused", "1 while an operator has paused the connector", ["connector"])
  const rate = gauge(
    "syncguard_rate_limit_rps",
    "Requests per second the limiter allows the remote (configured or learned; 0 = unlimited)",
    ["connector"]
  )
  const degraded = gauge(
    "syncguard_rate_limiter_degraded",
    "1 while the shared limiter is unavailable and this process limits itself",
    ["connector"]
  )
  const inFlight = gauge("syncguard_requests_in_flight", "Requests to the remote in flight", ["connector"])
  const inbound = gauge("syncguard_inbound_events", "Inbound events per connector and status", ["connector", "status"])
  const rejected = gauge(
    "syncguard_inbound_rejected_total",
    "Pushes refused before anything was recorded, counted by the answering process (reason: signature, body)",
    ["connector", "reason"]
  )
  const conflicts = gauge("syncguard_open_field_conflicts", "Field conflicts waiting for a decision, by sender", [
    "connector",
  ])
  const findings = gauge(
    "syncguard_reconciliation_open_findings",
    "Drift findings waiting for a repair or a dismissal",
    ["connector", "entity_type"]
  )
  const unconfirmed = gauge(
    "syncguard_reconciliation_unconfirmed",
    "Records the remote acknowledged but did not hold at the last reconciliation",
    ["connector", "entity_type"]
  )
  const appliedExtra = gauge(
    "syncguard_reconciliation_applied_extra",
    "Remote records beyond one per record at the last reconciliation (applied more often than sent)",
    ["connector", "entity_type"]
  )
  const jobAge = gauge("syncguard_job_last_finished_seconds", "Seconds since the job last finished", ["job"])
  const jobStale = gauge("syncguard_job_stale", "1 when the job stopped beating", ["job"])
  const up = gauge("syncguard_health_status", "0 ok, 1 degraded, 2 failing")

  const now = Date.now()
  for (const c of report.connectors) {
    for (const [status, n] of Object.entries(c.queue)) depth.set({ connector: c.name, status }, n)
    oldest.set({ connector: c.name }, (c.oldest_pending_age_ms ?? 0) / 1000)
    if (c.lag_p50_ms !== null) lag.set({ connector: c.name, quantile: "0.5" }, c.lag_p50_ms / 1000)
    if (c.lag_p95_ms !== null) lag.set({ connector: c.name, quantile: "0.95" }, c.lag_p95_ms / 1000)
    dead.set({ connector: c.name }, c.dead_letters)
    attempts.set({ connector: c.name }, c.attempts_since_last_sample ?? 0)
    breaker.set({ connector: c.name }, c.breaker.state === "closed" ? 0 : 1)
    paused.set({ connector: c.name }, c.paused ? 1 : 0)
    const r = c.rate as {
      requestsPerSecond?: number
      learnedRequestsPerSecond?: number | null
      inFlight?: number
      mode?: string
    }
    rate.set({ connector: c.name }, r.learnedRequestsPerSecond ?? r.requestsPerSecond ?? 0)
    inFlight.set({ connector: c.name }, r.inFlight ?? 0)
    degraded.set({ connector: c.name }, r.mode === "degraded" ? 1 : 0)
    for (const [status, n] of Object.entries(c.inbound.events)) inbound.set({ connector: c.name, status }, n)
    for (const [reason, n] of Object.entries(c.inbound.rejected)) rejected.set({ connector: c.name, reason }, n)
    conflicts.set({ connector: c.name }, c.inbound.open_conflicts)
    for (const [entity_type, r] of Object.entries(c.reconciliation)) {
      findings.set({ connector: c.name, entity_type }, r.open_findings)
      unconfirmed.set({ connector: c.name, entity_type }, r.unconfirmed)
      appliedExtra.set({ connector: c.name, entity_type }, r.applied_extra)
    }
  }
  for (const j of report.jobs) {
    if (j.last_finished_at) jobAge.set({ job: j.job }, (now - new Date(j.last_finished_at).getTime()) / 1000)
    jobStale.set({ job: j.job }, j.stale ? 1 : 0)
  }
  up.set(report.status === "ok" ? 0 : report.status === "degraded" ? 1 : 2)
  return { contentType: registry.contentType, body: await registry.metrics() }
}
