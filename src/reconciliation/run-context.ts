import type { MedusaContainer } from "@medusajs/framework/types"
import type { ReconciliationConfig } from "../modules/syncguard/config/options"
import type { Connector } from "../modules/syncguard/connectors/contract"
import type SyncguardModuleService from "../modules/syncguard/service"
import type { FindingInput, ReconciliationRunRow, RunCounts } from "../modules/syncguard/sql/reconciliation"

/** What one comparison (orders, customers, inventory) works with while a run lasts. */
export type RunContext = {
  container: MedusaContainer
  syncguard: SyncguardModuleService
  run: ReconciliationRunRow
  connector: Connector
  config: ReconciliationConfig
  /** the changes compared: [from, to) */
  window: { from: Date; to: Date }
  /** mutable: the comparison adds to them as it goes; saved with each heartbeat */
  counts: RunCounts
  /** records findings (counted by kind) and repairs what the options repair unattended */
  report(findings: FindingInput[]): Promise<void>
  /** a heartbeat at most every few seconds; throws when the run was abandoned meanwhile */
  progress(): Promise<void>
}

/** What a comparison hands back: where the next run starts (null: the cursor does not apply). */
export type RunOutcome = { cursorAfter: Date | string | null }

export type Comparison = (ctx: RunContext) => Promise<RunOutcome>
