import { model } from "@medusajs/framework/utils"

/**
 * The ledger of deltas applied in Medusa, one row per sender operation id: an
 * `inventory.level.adjust` is applied once whichever event, retry or channel brings it. A row is
 * written `applying` with the level as it was, before the change, and `applied` after it; a
 * worker that died between the two leaves evidence to decide from (inbound/apply-inventory.ts).
 */
const InboundOperation = model
  .define("syncguard_inbound_operation", {
    id: model.id({ prefix: "sgop" }).primaryKey(),
    connector: model.text(),
    operation_id: model.text(),
    // what it changes, e.g. "inventory:<inventory item>:<location>"
    subject: model.text(),
    delta: model.number(),
    version: model.text().nullable(),
    // applying | applied
    status: model.text(),
    stocked_before: model.number().nullable(),
    event_id: model.text(),
  })
  .indexes([{ on: ["connector", "operation_id"], unique: true }, { on: ["connector", "subject"] }])

export default InboundOperation
