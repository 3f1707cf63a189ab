import { model } from "@medusajs/framework/utils"

/**
 * An upstream answer that contained data outside the asking customer's scope. Holds where it
 * happened and which record, never the record's content.
 */
const ScopeViolation = model
  .define("syncguard_scope_violation", {
    id: model.id({ prefix: "sgviol" }).primaryKey(),
    connector: model.text(),
    customer_id: model.text(),
    // the upstream call as we made it, e.g. "GET /invoices customer_id=C-1 status=open"
    query: model.text(),
    invoice_id: model.text(),
    // customer_mismatch | customer_missing | email_mismatch | email_missing
    reason: model.text(),
    count: model.number().default(1),
  })
  .indexes([{ on: ["connector", "created_at"] }])

export default ScopeViolation
