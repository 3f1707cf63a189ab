import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SYNCGUARD_MODULE } from "../../modules/syncguard"
import type SyncguardModuleService from "../../modules/syncguard/service"

export type SetConnectorPausedStepInput = { connector: string; paused: boolean; reason?: string | null }

export const setConnectorPausedStepId = "syncguard-set-connector-paused"

/** This step pauses or resumes a connector; compensation restores what it was. */
export const setConnectorPausedStep = createStep(
  setConnectorPausedStepId,
  async (input: SetConnectorPausedStepInput, { container }) => {
    const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
    const [before] = await syncguard.listConnectorStates({ connector: input.connector }, { take: 1 })
    await syncguard.setConnectorPaused(input)
    return new StepResponse(input, {
      connector: input.connector,
      paused: before?.paused ?? false,
      reason: before?.paused_reason ?? null,
    })
  },
  async (previous, { container }) => {
    if (!previous) return
    await container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE).setConnectorPaused(previous)
  }
)
