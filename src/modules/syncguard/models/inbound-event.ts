import { model } from "@medusajs/framework/utils"
import { InboundStatus } from "../inbound/states"

/**
 * A change a remote pushed, recorded by a unique insert on (connector, event id) before it is
 * acknowledged: the same event sent again (a retry, twenty at once) is recorded once. Applied
 * afterwards, with attempts and a dead-letter state of its own (inbound/states.ts).
 */
const InboundEvent = model
  .define("syncguard_inbound_event", {
    id: model.id({ prefix: "sgin" }).primaryKey(),
    connector: model.text(),
    // the sender's id (Standard Webhooks webhook-id): the dedupe key
    event_id: model.text(),
    type: model.text(),
    payload: model.json(),
    // the sender's order of the change (a sequence, or a change time in ms), as text: it can exceed 2^31
    version: model.text().nullable(),
    status: model.enum(InboundStatus).default(InboundStatus.RECEIVED),
    outcome: model.text().nullable(),
    // what applying it did: fields applied, conflicts, the value it was stale against
    detail: model.json().nullable(),
    attempts: model.number().default(0),
    max_attempts: model.number(),
    next_attempt_at: model.dateTime(),
    lease_owner: model.text().nullable(),
    lease_expires_at: model.dateTime().nullable(),
    last_error: model.text().nullable(),
    correlation_id: model.text(),
    received_at: model.dateTime(),
    applied_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["connector", "event_id"], unique: true }, { on: ["status", "next_attempt_at"] }])

export default InboundEvent
