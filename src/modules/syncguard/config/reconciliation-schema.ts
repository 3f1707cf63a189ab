import { z } from "@medusajs/framework/zod"
import { RECONCILED_ENTITIES } from "../reconciliation/states"

const int = () => z.number().int()

/**
 * Reconciliation (src/reconciliation/): the safety net under the event-driven path. Each connector
 * and entity type it can compare is reconciled on its own interval, from the cursor of its last
 * completed run minus the lookback.
 */
export const reconciliationSchema = z
  .object({
    /** how often each (connector, entity type) is reconciled; 0: only when an admin starts a run */
    intervalMs: int()
      .min(0)
      .default(15 * 60_000),
    /** per connector and entity type, e.g. { erp: { order: 300000, customer: 0 } } */
    intervals: z.record(z.string(), z.partialRecord(z.enum(RECONCILED_ENTITIES), int().min(0))).default({}),
    /**
     * each run starts this far before the last run's cursor: clock skew between writers, and rows
     * that committed late with an earlier timestamp or share the cursor's timestamp
     */
    lookbackMs: int()
      .min(0)
      .default(10 * 60_000),
    /** changes younger than this are left to the next run (their messages are normally still on the way) */
    settleMs: int().min(0).default(30_000),
    /**
     * the first run of a connector looks back this many days (null: everything). Missing orders are
     * repaired unattended: a first run over all history would send every order ever placed.
     */
    initialWindowDays: z.number().positive().nullable().default(31),
    /** rows per page on both sides */
    pageSize: int().min(10).max(5000).default(1000),
    /** kinds repaired as soon as a (non-dry) run finds them; only "missing" is safe to repair unattended */
    autoRepair: z.array(z.enum(["missing"])).default(["missing"]),
    /** a run that finds more than this many drifts raises a reconciliation_drift alert */
    alertThreshold: int().min(0).default(0),
    /** stock drift smaller than or equal to this many units is not reported */
    inventoryTolerance: int().min(0).default(0),
    /** a run that has not beaten for this long is abandoned and its window redone */
    staleRunMs: int().min(5000).default(120_000),
    /**
     * finished runs and their findings are deleted after this many days (the purge job); the run
     * holding a cursor and runs with findings still open are kept
     */
    retentionDays: z.number().positive().default(30),
  })
  .strict()
  .prefault({})
