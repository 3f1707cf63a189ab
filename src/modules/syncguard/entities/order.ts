import { EntityDescriptor, timeOf } from "./descriptor"

export const ORDER_OPERATIONS = ["order.create", "order.update", "order.cancel"] as const
export type OrderOperation = (typeof ORDER_OPERATIONS)[number]

/** Orders are transactional: each create, update and cancel is delivered once, in order. */
export const orderEntity: EntityDescriptor<OrderOperation> = {
  type: "order",
  operations: ORDER_OPERATIONS,
  fields: [
    "id",
    "display_id",
    "version",
    "status",
    "email",
    "currency_code",
    "customer_id",
    "created_at",
    "updated_at",
    "canceled_at",
    "subtotal",
    "tax_total",
    "shipping_total",
    "discount_total",
    "total",
    "items.id",
    "items.title",
    "items.product_title",
    "items.variant_sku",
    "items.quantity",
    "items.unit_price",
    "items.is_tax_inclusive",
    "shipping_address.*",
  ],
  enqueueFields: ["id", "version", "updated_at", "created_at", "customer_id"],
  // a create happens once; updates and cancels once per change
  version: (operation, order) =>
    operation === "order.create" ? "1" : `${(order.version as number | null) ?? 1}.${timeOf(order.updated_at)}`,
  changedAt: (operation, order) =>
    ((operation === "order.create" ? order.created_at : order.updated_at) as string) ?? null,
  // a connector that takes customers too gets the customer before the order that references it
  dependsOn: (order) => (order.customer_id ? { entity_type: "customer", entity_id: String(order.customer_id) } : null),
  coalesces: false,
}
