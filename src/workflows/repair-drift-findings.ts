import { MedusaError } from "@medusajs/framework/utils"
import {
  createStep,
  createWorkflow,
  StepResponse,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import { FindingStatus } from "../modules/syncguard/reconciliation/states"
import type SyncguardModuleService from "../modules/syncguard/service"
import type { DriftFindingRow } from "../modules/syncguard/sql/reconciliation"
import { repairFindings, RepairResult } from "../reconciliation/repair-finding"

export type RepairDriftFindingsInput = {
  /** these findings; or every actionable finding of `kind` in run `run_id` */
  ids?: string[]
  run_id?: string
  kind?: string
  actor?: string | null
}

export type RepairDriftFindingsOutput = {
  repaired: number
  failed: number
  not_repairable: number
  results: RepairResult[]
}

/**
 * Each repair goes through Medusa's own workflows or the outbox and is recorded on its finding;
 * a repair is not undone when a later one fails (each stands on its own), so no compensation.
 */
export const repairDriftFindingsStep = createStep(
  { name: "syncguard-repair-drift-findings-step", noCompensation: true },
  async (input: RepairDriftFindingsInput, { container }) => {
    const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
    const findings: DriftFindingRow[] = []
    if (input.ids) {
      for (const id of input.ids) {
        const finding = await syncguard.driftFinding(id)
        if (!finding) throw new MedusaError(MedusaError.Types.NOT_FOUND, `no drift finding ${id}`)
        findings.push(finding)
      }
    } else {
      if (!(await syncguard.reconciliationRun(input.run_id!))) {
        throw new MedusaError(MedusaError.Types.NOT_FOUND, `no reconciliation run ${input.run_id}`)
      }
      for (const status of [FindingStatus.OPEN, FindingStatus.REPAIR_FAILED]) {
        // ids first, then each by id: the repairs change what a later page would hold
        for (let offset = 0; ; offset += 500) {
          const { rows } = await syncguard.driftFindings({
            run_id: input.run_id,
            kind: input.kind,
            status,
            limit: 500,
            offset,
          })
          findings.push(...rows)
          if (rows.length < 500) break
        }
      }
    }
    const results = await repairFindings(container, findings, input.actor ?? null)
    const output: RepairDriftFindingsOutput = {
      repaired: results.filter((r) => !r.error).length,
      failed: results.filter((r) => r.status === 502).length,
      not_repairable: results.filter((r) => r.error && r.status !== 502).length,
      results,
    }
    return new StepResponse(output)
  }
)

export const repairDriftFindingsWorkflow = createWorkflow(
  "syncguard-repair-drift-findings",
  (input: WorkflowData<RepairDriftFindingsInput>) => new WorkflowResponse(repairDriftFindingsStep(input))
)
