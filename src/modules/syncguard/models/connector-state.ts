import { model } from "@medusajs/framework/utils"

/** Operator-controlled state of one connector, shared by every process through the database. */
const ConnectorState = model.define("syncguard_connector_state", {
  id: model.id({ prefix: "sgcst" }).primaryKey(),
  connector: model.text().unique(),
  // set when scope violations passed the threshold; invoice routes answer 503 until cleared
  invoices_closed_at: model.dateTime().nullable(),
  invoices_closed_reason: model.text().nullable(),
})

export default ConnectorState
