import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SYNCGUARD_MODULE } from "../../modules/syncguard"
import type SyncguardModuleService from "../../modules/syncguard/service"

export const purgeExpiredStepId = "syncguard-purge-expired"

/**
 * This step deletes payload snapshots past their retention (72 h by default), metric samples past
 * 30 days, and applied inbound events past `inbound.retentionDays` (30).
 */
export const purgeExpiredStep = createStep(
  { name: purgeExpiredStepId, noCompensation: true },
  async (_input: Record<string, never>, { container }) => {
    const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
    const hours = syncguard.config.snapshots.retentionHours
    const purged = await syncguard.purgeExpired({
      snapshotsOlderThanMs: hours * 3600 * 1000,
      samplesOlderThanMs: 30 * 24 * 3600 * 1000,
      inboundOlderThanMs: syncguard.config.inbound.retentionDays * 24 * 3600 * 1000,
      reconciliationOlderThanMs: syncguard.config.reconciliation.retentionDays * 24 * 3600 * 1000,
    })
    return new StepResponse(purged)
  }
)
