import { JOBS, SyncguardJob } from "../config/schedules"
import { sunsetWithin } from "../connectors/http/deprecation-headers"
import { rejectedPushes } from "../inbound/rejections"
import { sentVsApplied } from "../policies/drift"
import type SyncguardModuleService from "../service"

type ReconciliationHealth = {
  last_run_id: string
  last_finished_at: Date | null
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

/** A job is stale when it has not finished for this many of its intervals. */
const STALE_AFTER_INTERVALS = 3
/** A waiting message older than this makes the integration degraded. */
const OLD_MESSAGE_MS = 5 * 60 * 1000

export type HealthReport = Awaited<ReturnType<typeof buildHealthReport>>

/**
 * Everything an operator needs to see at once, from state recorded as it happened: the
 * database for queues, samples and heartbeats, Redis (when configured) for the breakers and
 * limiters every worker shares, so the server reports what the workers see.
 */
export async function buildHealthReport(syncguard: SyncguardModuleService) {
  const [queue, samples, states, beats, notices, lowStock, inbound, reconciled] = await Promise.all([
    syncguard.queueState(),
    syncguard.latestMetricSamples(),
    syncguard.listConnectorStates({}),
    syncguard.listJobHeartbeats({}),
    syncguard.apiDeprecations(),
    syncguard.stockPublications({ lowStockOnly: true, limit: 1 }),
    syncguard.inboundCounts(),
    syncguard.latestReconciliations(),
  ])
  const rejected = rejectedPushes()
  const horizonDays = syncguard.config.deprecations.horizonDays
  const now = Date.now()
  const connectors = await Promise.all(
    syncguard.connectors.names().map(async (name) => {
      const state = states.find((s) => s.connector === name)
      const sample = samples.find((s) => s.connector === name)
      const q = queue[name] ?? { depth: {}, oldest_pending_age_ms: null }
      return {
        name,
        kind: syncguard.connectors.get(name)!.kind,
        paused: state?.paused ?? false,
        paused_reason: state?.paused_reason ?? null,
        breaker: await syncguard.connectors.breakerState(name),
        rate: await syncguard.connectors.throttle(name)!.state(),
        // remotes that limit per endpoint (bol.com): one limiter per endpoint group
        rate_by_endpoint: Object.fromEntries(
          await Promise.all(
            syncguard.connectors
              .throttlesOf(name)
              .filter((t) => t.group)
              .map(async (t) => [t.group, await t.throttle.state()] as const)
          )
        ),
        api_deprecations: notices
          .filter((n) => n.connector === name)
          .map((n) => ({
            endpoint: n.endpoint,
            media_type: n.media_type || null,
            deprecation: n.deprecation,
            sunset: n.sunset_at ? new Date(n.sunset_at).toISOString() : null,
            link: n.link,
            first_seen_at: n.first_seen_at,
            last_seen_at: n.last_seen_at,
            sunset_within_horizon: sunsetWithin(
              n.sunset_at ? new Date(n.sunset_at).toISOString() : null,
              horizonDays,
              now
            ),
          })),
        queue: q.depth,
        oldest_pending_age_ms: q.oldest_pending_age_ms,
        dead_letters: q.depth.dead ?? 0,
        lag_p50_ms: sample?.lag_p50_ms ?? null,
        lag_p95_ms: sample?.lag_p95_ms ?? null,
        attempts_since_last_sample: sample?.attempts_since_last ?? null,
        last_sampled_at: sample?.sampled_at ?? null,
        invoices_closed_at: state?.invoices_closed_at ?? null,
        // what this connector pushes to us: events by status, open conflicts it raised, and
        // pushes refused before anything was recorded (this process's count)
        inbound: {
          events: inbound.events[name] ?? {},
          dead: inbound.events[name]?.dead ?? 0,
          open_conflicts: inbound.open_conflicts[name] ?? 0,
          rejected: rejected[name] ?? {},
        },
        // per entity type: the last completed reconciliation, sent vs applied, findings still open
        reconciliation: Object.fromEntries(
          reconciled.runs
            .filter((r) => r.connector === name)
            .map((r) => [
              r.entity_type,
              {
                last_run_id: r.id,
                last_finished_at: r.finished_at,
                dry_run: r.dry_run,
                checked: r.checked,
                sent: r.sent,
                acknowledged: r.acknowledged,
                confirmed: r.confirmed,
                remote_records: r.remote_records,
                ...sentVsApplied(r),
                found: { missing: r.missing, mismatched: r.mismatched, duplicated: r.duplicated, orphaned: r.orphaned },
                open_findings:
                  reconciled.open.find((o) => o.connector === name && o.entity_type === r.entity_type)?.n ?? 0,
              },
            ])
        ) as Record<string, ReconciliationHealth>,
        // the last run of an entity type that did not complete (the remote down, a worker gone)
        reconciliation_failures: reconciled.last
          .filter((r) => r.connector === name && r.status !== "completed")
          .map((r) => ({
            entity_type: r.entity_type,
            run_id: r.id,
            status: r.status,
            error: r.error,
            finished_at: r.finished_at,
          })),
      }
    })
  )
  const jobs = (Object.keys(JOBS) as SyncguardJob[]).map((job) => {
    const beat = beats.find((b) => b.job === job)
    const interval = beat?.expected_interval_ms ?? JOBS[job].intervalMs(syncguard.config.schedules)
    const last = beat?.last_finished_at ? new Date(beat.last_finished_at).getTime() : null
    return {
      job,
      expected_interval_ms: interval,
      last_started_at: beat?.last_started_at ?? null,
      last_finished_at: beat?.last_finished_at ?? null,
      last_status: beat?.last_status ?? null,
      last_error: beat?.last_error ?? null,
      runs: beat?.runs ?? 0,
      worker: beat?.worker ?? null,
      // never beaten: stale once it should have (jobs run only where workerMode is shared or
      // worker, so a deployment without a worker shows up here); a fresh process gets time
      stale:
        last === null
          ? process.uptime() * 1000 > STALE_AFTER_INTERVALS * interval + 5000
          : now - last > STALE_AFTER_INTERVALS * interval + 5000,
    }
  })
  const deadLetters = connectors.reduce((n, c) => n + c.dead_letters, 0)
  const problems: string[] = []
  for (const c of connectors) {
    if (c.breaker.state !== "closed") problems.push(`${c.name}: circuit breaker ${c.breaker.state}`)
    if (c.paused) problems.push(`${c.name}: paused${c.paused_reason ? ` (${c.paused_reason})` : ""}`)
    if (c.dead_letters) problems.push(`${c.name}: ${c.dead_letters} dead letter(s)`)
    if ((c.oldest_pending_age_ms ?? 0) > OLD_MESSAGE_MS)
      problems.push(`${c.name}: oldest waiting message is ${Math.round(c.oldest_pending_age_ms! / 1000)} s old`)
    if (c.inbound.dead) problems.push(`${c.name}: ${c.inbound.dead} inbound event(s) could not be applied`)
    if (c.inbound.open_conflicts)
      problems.push(`${c.name}: ${c.inbound.open_conflicts} field conflict(s) wait for a decision`)
    for (const [entity, r] of Object.entries(c.reconciliation)) {
      if (r.unconfirmed)
        problems.push(
          `${c.name}: ${r.unconfirmed} ${entity}(s) acknowledged but not found on the remote (last reconciliation)`
        )
      if (r.applied_extra)
        problems.push(
          `${c.name}: the remote holds ${r.applied_extra} extra ${entity} record(s): applied more often than sent`
        )
      if (r.open_findings) problems.push(`${c.name}: ${r.open_findings} ${entity} drift finding(s) wait for a repair`)
    }
    for (const f of c.reconciliation_failures)
      problems.push(
        `${c.name}: the last ${f.entity_type} reconciliation ${f.status === "abandoned" ? "was abandoned" : "failed"}: ${f.error ?? "no reason recorded"}`
      )
    if (c.invoices_closed_at) problems.push(`${c.name}: invoice API closed after scope violations`)
    const rate = c.rate as { mode?: string; degradedReason?: string | null }
    if (rate.mode === "degraded") {
      problems.push(
        `${c.name}: shared rate limiter unavailable${rate.degradedReason ? ` (${rate.degradedReason})` : ""}; this process holds to a conservative local share`
      )
    }
  }
  for (const c of connectors) {
    for (const n of c.api_deprecations.filter((d) => d.sunset_within_horizon)) {
      problems.push(`${c.name}: ${n.endpoint} (${n.media_type ?? "any media type"}) is switched off on ${n.sunset}`)
    }
  }
  for (const j of jobs.filter((j) => j.stale))
    problems.push(`job ${j.job} has not finished within ${STALE_AFTER_INTERVALS} intervals`)
  const failing = jobs.some((j) => j.stale) || connectors.some((c) => c.breaker.state === "open")
  return {
    status: failing ? ("failing" as const) : problems.length ? ("degraded" as const) : ("ok" as const),
    checked_at: new Date(now).toISOString(),
    problems,
    dead_letter_depth: deadLetters,
    open_conflicts: Object.values(inbound.open_conflicts).reduce((n, x) => n + x, 0),
    low_stock_skus: lowStock.count,
    deprecation_horizon_days: horizonDays,
    connectors,
    jobs,
  }
}
