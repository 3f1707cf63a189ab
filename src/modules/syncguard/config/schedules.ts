import type { SchedulesConfig } from "./options"

/**
 * The scheduled jobs: one list, read by the jobs and by health (which reports a job that stopped
 * beating). A job's schedule must be static when its file is imported, so each ticks on a fixed
 * beat and runs when its configured interval (plugin options, `schedules`) says it is due.
 */
export const JOBS = {
  "syncguard-sweep-outbox": { tickMs: 500, intervalMs: (s: SchedulesConfig) => s.sweepIntervalMs },
  "syncguard-sweep-inbound": { tickMs: 250, intervalMs: (s: SchedulesConfig) => s.inboundSweepIntervalMs },
  "syncguard-sample-metrics": { tickMs: 1000, intervalMs: (s: SchedulesConfig) => s.metricsTickMs },
  "syncguard-purge-expired": { tickMs: 60_000, intervalMs: (s: SchedulesConfig) => s.purgeIntervalMs },
  "syncguard-stock-buffer": { tickMs: 1000, intervalMs: (s: SchedulesConfig) => s.stockBufferIntervalMs },
  // each marketplace connector's own pollIntervalMs decides when its feed is read, so the job looks
  // every tick (a fixed 5 s here made a 3 s poll interval a 5 s one, and bol sales waited for it)
  "syncguard-poll-marketplace-orders": { tickMs: 1000, intervalMs: () => 1000 },
  // each (connector, entity type) has its own reconciliation.intervals; this only looks for due ones
  "syncguard-reconcile": { tickMs: 5000, intervalMs: () => 30_000 },
} as const

export type SyncguardJob = keyof typeof JOBS

const lastRunAt = new Map<string, number>()

/** Whether this process should run the job on this tick; records the run when it should. */
export function takeDueRun(job: SyncguardJob, schedules: SchedulesConfig, now = Date.now()): boolean {
  const last = lastRunAt.get(job)
  // a little slack, so a tick that lands a hair early does not push the run a whole tick late
  if (last !== undefined && now - last < JOBS[job].intervalMs(schedules) - JOBS[job].tickMs / 2) return false
  lastRunAt.set(job, now)
  return true
}

/** Forgets when each job last ran in this process, so the next tick runs it (tests, a manual run). */
export function forgetScheduledRuns(): void {
  lastRunAt.clear()
}
