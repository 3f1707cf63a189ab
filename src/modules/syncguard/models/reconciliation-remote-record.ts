import { model } from "@medusajs/framework/utils"

/**
 * What a run read from the remote's change feed, staged in Postgres so the run compares both sides
 * a page at a time without holding either in memory. Deleted when the run ends.
 */
const ReconciliationRemoteRecord = model
  .define("syncguard_reconciliation_remote_record", {
    id: model.id({ prefix: "sgrx" }).primaryKey(),
    run_id: model.text(),
    reference: model.text(),
    remote_id: model.text(),
    fields: model.json().nullable(),
    matched: model.boolean().default(false),
  })
  .indexes([{ on: ["run_id", "reference"] }, { on: ["run_id", "matched", "id"] }])

export default ReconciliationRemoteRecord
