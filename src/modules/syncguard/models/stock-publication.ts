import { model } from "@medusajs/framework/utils"

/**
 * What syncguard publishes for one variant on one marketplace connector: the buffer job's
 * inputs and result (sales velocity × measured lag p95, plus the floor, capped), an admin's
 * override, and the amount last sent and acknowledged.
 */
const StockPublication = model
  .define("syncguard_stock_publication", {
    id: model.id({ prefix: "sgstk" }).primaryKey(),
    connector: model.text(),
    variant_id: model.text(),
    sku: model.text().nullable(),
    // stocked − reserved over the connector's locations, when last computed
    available: model.number().default(0),
    // units sold per hour on the other channels over the velocity window, and over the short one
    velocity_per_hour: model.float().default(0),
    velocity_short_per_hour: model.float().default(0),
    // the loop, both ways: a stock change → the marketplace's acknowledgement, p95 over the lag window (ms)
    lag_p95_ms: model.number().nullable(),
    // and a marketplace sale → its reservation in Medusa (or its cancellation), p95 (ms)
    import_lag_p95_ms: model.number().nullable(),
    buffer_computed: model.number().default(0),
    // an admin's fixed buffer; null = computed
    buffer_override: model.number().nullable(),
    buffer: model.number().default(0),
    low_stock: model.boolean().default(false),
    computed_at: model.dateTime().nullable(),
    // the amount the message in flight is sending, then the one the marketplace acknowledged
    sending_amount: model.number().nullable(),
    // the amount the last attempt put on the wire: an unanswered one is looked up against it
    attempted_amount: model.number().nullable(),
    published_amount: model.number().nullable(),
    published_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["connector", "variant_id"], unique: true }])

export default StockPublication
