import { model } from "@medusajs/framework/utils"

/**
 * One comparison of Medusa with one connector for one entity type over a window of changes.
 * The cursor a scheduled run starts from is the `cursor_after` of the last completed, non-dry
 * run: it is written only when a run completes, so a run that died is redone, not skipped.
 * At most one run per connector and entity type is `running` (a partial unique index: the
 * Locking module keeps workers from starting one at once, the index keeps it true anyway).
 */
const ReconciliationRun = model
  .define("syncguard_reconciliation_run", {
    id: model.id({ prefix: "sgrr" }).primaryKey(),
    connector: model.text(),
    entity_type: model.text(),
    dry_run: model.boolean().default(false),
    // schedule | admin
    trigger: model.text(),
    // running | completed | failed | abandoned (reconciliation/states.ts)
    status: model.text(),
    window_from: model.dateTime().nullable(),
    window_to: model.dateTime().nullable(),
    cursor_before: model.dateTime().nullable(),
    cursor_after: model.dateTime().nullable(),
    checked: model.number().default(0),
    missing: model.number().default(0),
    mismatched: model.number().default(0),
    duplicated: model.number().default(0),
    orphaned: model.number().default(0),
    repaired: model.number().default(0),
    // differences left alone because a message about the record is still on its way
    in_flight: model.number().default(0),
    // sent vs applied, over the records checked: messages the remote acknowledged, records confirmed
    // present on the remote, and the remote's record count (more records than acknowledged: doubles)
    sent: model.number().default(0),
    acknowledged: model.number().default(0),
    confirmed: model.number().default(0),
    remote_records: model.number().default(0),
    started_at: model.dateTime(),
    heartbeat_at: model.dateTime(),
    finished_at: model.dateTime().nullable(),
    error: model.text().nullable(),
    started_by: model.text().nullable(),
    // "running" while it runs, null after: the partial unique index that allows one at a time
    running_key: model.text().nullable(),
  })
  .indexes([
    { on: ["running_key"], unique: true, where: "running_key IS NOT NULL" },
    { on: ["connector", "entity_type", "status", "finished_at"] },
  ])

export default ReconciliationRun
