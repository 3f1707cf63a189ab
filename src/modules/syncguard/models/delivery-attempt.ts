import { model } from "@medusajs/framework/utils"
import OutboxMessage from "./outbox-message"

/** One try at sending a message: the evidence of every retry, recorded as it happens. */
const DeliveryAttempt = model
  .define("syncguard_delivery_attempt", {
    id: model.id({ prefix: "sgatt" }).primaryKey(),
    message: model.belongsTo(() => OutboxMessage, { mappedBy: "delivery_attempts" }),
    attempt_number: model.number(),
    worker: model.text().nullable(),
    started_at: model.dateTime(),
    ended_at: model.dateTime(),
    duration_ms: model.number(),
    // delivered | retry | unknown | dead (see outbox/decide.ts)
    outcome: model.text(),
    http_status: model.number().nullable(),
    error_class: model.text().nullable(),
    error_message: model.text().nullable(),
    correlation_id: model.text(),
    // W3C trace context sent to the remote, so its logs can be joined with ours
    traceparent: model.text().nullable(),
    // true when the attempt only looked the entity up on the remote (after an unknown outcome)
    verified_only: model.boolean().default(false),
    // true when the attempt sent again after a lookup found nothing (an unknown outcome settled as "not there")
    resent_after_lookup: model.boolean().default(false),
  })
  .indexes([{ on: ["message_id", "attempt_number"] }])

export default DeliveryAttempt
