import { model } from "@medusajs/framework/utils"

/**
 * One marketplace order, claimed by a unique insert before it is created in Medusa: two
 * pollers, a replayed push or a retry after a crash find the row and never create a second
 * Medusa order. A claim whose worker died is taken over once it expires; the new owner first
 * looks for an order the dead one created (tagged in the order's metadata).
 */
const MarketplaceOrder = model
  .define("syncguard_marketplace_order", {
    id: model.id({ prefix: "sgmpo" }).primaryKey(),
    connector: model.text(),
    remote_order_id: model.text(),
    // claimed | created | rejected (could not be created: stock, mapping) | canceled
    status: model.text(),
    medusa_order_id: model.text().nullable(),
    claim_owner: model.text().nullable(),
    claim_expires_at: model.dateTime().nullable(),
    attempts: model.number().default(0),
    last_error: model.text().nullable(),
    // lines we could not cover from stock (an oversell) and cancelled on the marketplace
    oversold_units: model.number().default(0),
    remote_changed_at: model.dateTime().nullable(),
    // when the buyer placed it (the marketplace's clock), and when Medusa reserved its stock or
    // it was cancelled as oversold: the marketplace half of the buffer's loop lag
    placed_at: model.dateTime().nullable(),
    settled_at: model.dateTime().nullable(),
    cancellation_confirmed_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["connector", "remote_order_id"], unique: true }, { on: ["status"] }])

export default MarketplaceOrder
