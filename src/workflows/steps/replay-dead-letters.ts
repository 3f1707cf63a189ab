import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SYNCGUARD_MODULE } from "../../modules/syncguard"
import type SyncguardModuleService from "../../modules/syncguard/service"

export type ReplayDeadLettersStepInput = Parameters<SyncguardModuleService["replayDeadLetters"]>[0]

export const replayDeadLettersStepId = "syncguard-replay-dead-letters"

/** This step puts matching dead letters back in the queue; compensation puts them back to dead. */
export const replayDeadLettersStep = createStep(
  replayDeadLettersStepId,
  async (input: ReplayDeadLettersStepInput, { container }) => {
    const previous = await container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE).replayDeadLetters(input)
    return new StepResponse(
      previous.map((p) => p.id),
      previous
    )
  },
  async (previous, { container }) => {
    if (!previous?.length) return
    await container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE).restoreDeadLetters(previous)
  }
)
