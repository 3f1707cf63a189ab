import {
  createStep,
  createWorkflow,
  StepResponse,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import type { OwnershipRule } from "../modules/syncguard/policies/ownership"
import type SyncguardModuleService from "../modules/syncguard/service"

export type SetOwnershipRulesInput = {
  /** overrides to set (each replaces the one with the same entity, field and region) */
  set?: OwnershipRule[]
  /** an override to remove */
  remove?: string
  actor: string | null
}

const setOwnershipRulesStep = createStep(
  "syncguard-set-ownership-rules-step",
  async (input: SetOwnershipRulesInput, { container }) => {
    const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
    const before = (await syncguard.ownershipRules()).overrides
    if (input.set?.length) await syncguard.setOwnershipRules(input.set, input.actor)
    const removed = input.remove ? await syncguard.deleteOwnershipRule(input.remove) : false
    return new StepResponse({ removed }, before)
  },
  async (before, { container }) => {
    if (!before) return
    // put the overrides back as they were
    const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
    for (const rule of (await syncguard.ownershipRules()).overrides) await syncguard.deleteOwnershipRule(rule.id)
    if (before.length) await syncguard.setOwnershipRules(before, null)
  }
)

/** An admin changes the runtime overrides of the ownership map. */
export const setOwnershipRulesWorkflow = createWorkflow(
  "syncguard-set-ownership-rules",
  (input: WorkflowData<SetOwnershipRulesInput>) => new WorkflowResponse(setOwnershipRulesStep(input))
)
