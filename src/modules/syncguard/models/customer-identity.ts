import { model } from "@medusajs/framework/utils"

/**
 * Which remote customer a Medusa customer is, per connector. The invoice API scopes every
 * upstream call with this, never with anything taken from the request.
 */
const CustomerIdentity = model
  .define("syncguard_customer_identity", {
    id: model.id({ prefix: "sgcid" }).primaryKey(),
    connector: model.text(),
    customer_id: model.text(),
    remote_customer_id: model.text(),
    // sync | lookup: how we learned it
    source: model.text(),
  })
  .indexes([{ on: ["connector", "customer_id"], unique: true }, { on: ["connector", "remote_customer_id"] }])

export default CustomerIdentity
