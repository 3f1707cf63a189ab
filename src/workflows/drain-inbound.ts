import {
  createStep,
  createWorkflow,
  StepResponse,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { drainInbound } from "../inbound/inbound-drainer"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import type SyncguardModuleService from "../modules/syncguard/service"

export type DrainInboundInput = {
  /** apply exactly these (the fast path); otherwise whatever is due */
  ids?: string[]
  limit?: number
  /** keep claiming while there is work, for up to this long (the sweep) */
  budgetMs?: number
}

/** Each event applies through Medusa's own workflows (src/inbound/apply-*.ts) and is recorded on its row. */
export const drainInboundStep = createStep(
  { name: "syncguard-drain-inbound-step", noCompensation: true },
  async (input: DrainInboundInput, { container }) => {
    const { batchSize } = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE).config
    return new StepResponse(await drainInbound(container, { ...input, limit: input.limit ?? batchSize }))
  }
)

/** Claims due inbound events and applies them: the inbound sweep's and fast path's work. */
export const drainInboundWorkflow = createWorkflow(
  "syncguard-drain-inbound",
  (input: WorkflowData<DrainInboundInput>) => {
    return new WorkflowResponse(drainInboundStep(input))
  }
)
