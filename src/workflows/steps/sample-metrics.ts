import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { raiseAlert } from "../../alerts/raise-alert"
import { SYNCGUARD_MODULE } from "../../modules/syncguard"
import type SyncguardModuleService from "../../modules/syncguard/service"

export const sampleMetricsStepId = "syncguard-sample-metrics"

/**
 * This step records a metric sample when one is due: every `metrics.intervalMs` (60 s), every
 * `metrics.deepIntervalMs` (10 s) while the queue is deep. A dead-letter depth that rose since the last sample raises an alert.
 */
export const sampleMetricsStep = createStep(
  { name: sampleMetricsStepId, noCompensation: true },
  async (input: { force?: boolean }, { container }) => {
    const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
    const previous = await syncguard.latestMetricSamples()
    const last = Math.max(0, ...previous.map((p) => new Date(p.sampled_at).getTime()))
    const waiting = previous.reduce(
      (n, p) =>
        n + (p.depth.pending ?? 0) + (p.depth.retry_scheduled ?? 0) + (p.depth.unknown ?? 0) + (p.depth.in_flight ?? 0),
      0
    )
    const { deepQueue, intervalMs, deepIntervalMs } = syncguard.config.metrics
    const dueIn = (waiting > deepQueue ? deepIntervalMs : intervalMs) - (Date.now() - last)
    if (!input.force && dueIn > 500) {
      return new StepResponse({ sampled: false, samples: [] as Awaited<ReturnType<typeof syncguard.sampleMetrics>> })
    }
    const samples = await syncguard.sampleMetrics()
    for (const sample of samples) {
      const before = previous.find((p) => p.connector === sample.connector)?.dead_depth ?? 0
      if (sample.dead_depth > 0 && sample.dead_depth > before) {
        await raiseAlert(container, {
          kind: "dead_letter",
          message: `dead-letter depth for ${sample.connector} is ${sample.dead_depth} (was ${before}); review and replay at /admin/syncguard`,
          data: { connector: sample.connector, dead_depth: sample.dead_depth, previous: before },
        })
      }
    }
    return new StepResponse({ sampled: true, samples })
  }
)
