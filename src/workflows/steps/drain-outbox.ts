import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { drainPortsFor } from "../../delivery/drain-ports"
import { OutboxDrainer } from "../../delivery/outbox-drainer"
import { SYNCGUARD_MODULE } from "../../modules/syncguard"
import type SyncguardModuleService from "../../modules/syncguard/service"

export type DrainOutboxStepInput = {
  /** deliver exactly these (the fast path); otherwise whatever is due */
  ids?: string[]
  /** at most this many messages in this run. @default batchSize */
  limit?: number
  /** keep claiming while there is work, for up to this long (the sweep). @default 0: one batch */
  budgetMs?: number
  owner?: string
}

export type { DrainSummary } from "../../delivery/outbox-drainer"

export const drainOutboxStepId = "syncguard-drain-outbox-step"

/** This step claims due messages (or the given ones) and delivers them (see delivery/outbox-drainer.ts). */
export const drainOutboxStep = createStep(
  { name: drainOutboxStepId, noCompensation: true },
  async (input: DrainOutboxStepInput, { container }) => {
    const { batchSize } = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE).config
    const drainer = new OutboxDrainer(drainPortsFor(container, input.owner))
    return new StepResponse(
      await drainer.drain({ ids: input.ids, limit: input.limit ?? batchSize, budgetMs: input.budgetMs })
    )
  }
)
