import { model } from "@medusajs/framework/utils"

/**
 * What one attempt sent and got back, secrets redacted. Kept for a limited time (72 h by
 * default) so a failed delivery can be diagnosed without reproducing it.
 */
const AttemptSnapshot = model
  .define("syncguard_attempt_snapshot", {
    id: model.id({ prefix: "sgsnap" }).primaryKey(),
    attempt_id: model.text(),
    message_id: model.text(),
    request: model.json().nullable(),
    response: model.json().nullable(),
  })
  .indexes([{ on: ["attempt_id"] }, { on: ["message_id"] }, { on: ["created_at"] }])

export default AttemptSnapshot
