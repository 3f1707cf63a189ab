import { model } from "@medusajs/framework/utils"

/**
 * A write by a system that does not own the field: not applied, kept here with both values until
 * an admin decides (accept the incoming value, or keep ours). The same sender writing the same
 * field again updates the open conflict instead of stacking new ones.
 */
const FieldConflict = model
  .define("syncguard_field_conflict", {
    id: model.id({ prefix: "sgfc" }).primaryKey(),
    entity_type: model.text(),
    entity_id: model.text(),
    field: model.text(),
    region: model.text().nullable(),
    incoming_value: model.json().nullable(),
    current_value: model.json().nullable(),
    owner: model.text(),
    sender: model.text(),
    // the InboundEvent that brought the incoming value (the newest, when it came again)
    event_id: model.text(),
    // why the sender was not the owner: "ownership" (the map) or "promotion" (a price list window)
    reason: model.text(),
    // open | accepted | kept
    status: model.text(),
    occurrences: model.number().default(1),
    // one open conflict per entity, field, region and sender
    open_key: model.text().nullable(),
    decided_by: model.text().nullable(),
    decided_at: model.dateTime().nullable(),
    resent: model.boolean().default(false),
  })
  .indexes([{ on: ["open_key"], unique: true, where: "open_key IS NOT NULL" }, { on: ["status", "entity_type"] }])

export default FieldConflict
