import { model } from "@medusajs/framework/utils"

/** Operator-controlled state of one connector, shared by every process through the database. */
const ConnectorState = model.define("syncguard_connector_state", {
  id: model.id({ prefix: "sgcst" }).primaryKey(),
  connector: model.text().unique(),
  // paused by an operator: nothing is sent, messages wait without spending attempts
  paused: model.boolean().default(false),
  paused_reason: model.text().nullable(),
  paused_at: model.dateTime().nullable(),
  // set when scope violations passed the threshold; invoice routes answer 503 until cleared
  invoices_closed_at: model.dateTime().nullable(),
  invoices_closed_reason: model.text().nullable(),
})

export default ConnectorState
