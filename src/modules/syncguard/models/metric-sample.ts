import { model } from "@medusajs/framework/utils"

/** The outbox's state at one moment, per connector: recorded as it happens, never reconstructed. */
const MetricSample = model
  .define("syncguard_metric_sample", {
    id: model.id({ prefix: "sgmet" }).primaryKey(),
    connector: model.text(),
    sampled_at: model.dateTime(),
    // { pending, in_flight, retry_scheduled, unknown, delivered, dead }
    depth: model.json(),
    oldest_pending_age_ms: model.bigNumber().nullable(),
    lag_p50_ms: model.bigNumber().nullable(),
    lag_p95_ms: model.bigNumber().nullable(),
    attempts_since_last: model.number().default(0),
    dead_depth: model.number().default(0),
  })
  .indexes([{ on: ["connector", "sampled_at"] }])

export default MetricSample
