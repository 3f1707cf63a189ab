/** How often each job runs; shared by the job configs and the health check that expects their beats. */
export const JOB_INTERVALS_MS = {
  "syncguard-sweep-outbox": Number(process.env.SYNCGUARD_SWEEP_INTERVAL_MS || 5000),
  "syncguard-sample-metrics": Number(process.env.SYNCGUARD_METRICS_TICK_MS || 10_000),
  "syncguard-purge-expired": Number(process.env.SYNCGUARD_PURGE_INTERVAL_MS || 60 * 60 * 1000),
} as const

export type SyncguardJob = keyof typeof JOB_INTERVALS_MS
