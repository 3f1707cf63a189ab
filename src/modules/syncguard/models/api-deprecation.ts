import { model } from "@medusajs/framework/utils"

/**
 * A remote announced that an endpoint is deprecated or will be switched off (Deprecation,
 * Sunset, Link rel="deprecation"), per connector, endpoint and media type, with when we first
 * and last saw it. `alerted_at`: the one alert raised when its sunset came within the horizon.
 */
const ApiDeprecation = model
  .define("syncguard_api_deprecation", {
    id: model.id({ prefix: "sgdep" }).primaryKey(),
    connector: model.text(),
    endpoint: model.text(),
    media_type: model.text().default(""),
    deprecation: model.text().nullable(),
    sunset_at: model.dateTime().nullable(),
    link: model.text().nullable(),
    first_seen_at: model.dateTime(),
    last_seen_at: model.dateTime(),
    alerted_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["connector", "endpoint", "media_type"], unique: true }])

export default ApiDeprecation
