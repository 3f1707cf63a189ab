import { model } from "@medusajs/framework/utils"
import { OutboxStatus } from "../outbox/states"
import DeliveryAttempt from "./delivery-attempt"

/** Something that must reach a remote system. Written in Medusa's own database, so it survives any crash. */
const OutboxMessage = model
  .define("syncguard_outbox_message", {
    id: model.id({ prefix: "sgmsg" }).primaryKey(),
    connector: model.text(),
    operation: model.text(),
    entity_type: model.text(),
    entity_id: model.text(),
    // derived from what the message means (not when it ran), so a duplicated event adds nothing
    idempotency_key: model.text(),
    correlation_id: model.text(),
    status: model.enum(OutboxStatus).default(OutboxStatus.PENDING),
    attempts: model.number().default(0),
    // the connector's retry policy is written on enqueue; see config/options.ts for the default
    max_attempts: model.number(),
    next_attempt_at: model.dateTime(),
    // a worker's claim; once it expires another worker may take the message (crashed workers)
    lease_owner: model.text().nullable(),
    lease_expires_at: model.dateTime().nullable(),
    last_error: model.text().nullable(),
    last_http_status: model.number().nullable(),
    remote_id: model.text().nullable(),
    // when the source entity changed: the start of the sync-lag clock
    source_changed_at: model.dateTime().nullable(),
    delivered_at: model.dateTime().nullable(),
    // after a timeout or a gateway's 504 the remote may still commit: a lookup that finds
    // nothing before this time does not count, and nothing is resent before it
    settle_until: model.dateTime().nullable(),
    // wait until this message is delivered first (the customer before the order that references it)
    depends_on_id: model.text().nullable(),
    delivery_attempts: model.hasMany(() => DeliveryAttempt, { mappedBy: "message" }),
  })
  .cascades({ delete: ["delivery_attempts"] })
  .indexes([
    { on: ["connector", "idempotency_key"], unique: true },
    { on: ["status", "next_attempt_at"] },
    { on: ["entity_type", "entity_id"] },
  ])

export default OutboxMessage
