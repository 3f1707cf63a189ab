import { model } from "@medusajs/framework/utils"

/** A runtime override of the ownership map (plugin options), set by an admin. */
const OwnershipRule = model
  .define("syncguard_ownership_rule", {
    id: model.id({ prefix: "sgown" }).primaryKey(),
    entity_type: model.text(),
    field: model.text().nullable(),
    region: model.text().nullable(),
    owner: model.text(),
    // entity, field and region in one key (nulls included), unique
    rule_key: model.text(),
    updated_by: model.text().nullable(),
  })
  .indexes([{ on: ["rule_key"], unique: true }])

export default OwnershipRule
