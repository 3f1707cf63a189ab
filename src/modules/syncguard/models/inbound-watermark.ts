import { model } from "@medusajs/framework/utils"

/**
 * The newest change applied per sender and subject (a level, a customer, a price): an event
 * numbered at or below it is stale and ignored, so an old value never overwrites a newer one.
 */
const InboundWatermark = model
  .define("syncguard_inbound_watermark", {
    id: model.id({ prefix: "sgwm" }).primaryKey(),
    connector: model.text(),
    subject: model.text(),
    version: model.text(),
    event_id: model.text(),
  })
  .indexes([{ on: ["connector", "subject"], unique: true }])

export default InboundWatermark
