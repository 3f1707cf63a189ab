import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import type SyncguardModuleService from "../modules/syncguard/service"
import type { SyncguardConfig } from "../modules/syncguard/config/options"
import { JOBS, SyncguardJob, takeDueRun } from "../modules/syncguard/config/schedules"
import { WORKER_ID } from "../modules/syncguard/outbox/ids"

/**
 * Runs a scheduled job's work between two heartbeats. Health reports a job whose last
 * finish is older than a few intervals, so a job that silently stopped is visible.
 */
export async function withHeartbeat<T>(
  container: MedusaContainer,
  job: string,
  expectedIntervalMs: number,
  work: (progress: () => Promise<void>) => Promise<T>
): Promise<T> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const beat = (phase: "start" | "finish", status?: "ok" | "failed", error?: string) =>
    syncguard
      .recordHeartbeat({ job, expectedIntervalMs, phase, status, error, worker: WORKER_ID })
      .catch((e) =>
        container
          .resolve(ContainerRegistrationKeys.LOGGER)
          .warn(`syncguard: heartbeat of ${job} not recorded: ${e.message}`)
      )
  await beat("start")
  try {
    // a long run (a backlog) beats as it goes, so it is not mistaken for a stopped job
    let lastProgress = Date.now()
    const progress = async () => {
      if (Date.now() - lastProgress < expectedIntervalMs) return
      lastProgress = Date.now()
      await beat("finish", "ok")
    }
    const result = await work(progress)
    await beat("finish", "ok")
    return result
  } catch (error) {
    await beat("finish", "failed", (error as Error).message)
    throw error
  }
}

/**
 * A scheduled job's tick: runs `work` between heartbeats when the job's configured interval says
 * it is due (config/schedules.ts), and does nothing otherwise.
 */
export async function runScheduledJob(
  container: MedusaContainer,
  job: SyncguardJob,
  work: (progress: () => Promise<void>, config: SyncguardConfig) => Promise<unknown>
): Promise<void> {
  const { config } = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  if (!takeDueRun(job, config.schedules)) return
  await withHeartbeat(container, job, JOBS[job].intervalMs(config.schedules), (progress) => work(progress, config))
}
