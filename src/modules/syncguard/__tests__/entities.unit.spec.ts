import { customerEntity, entityDescriptor, orderEntity } from "../entities"

describe("entity descriptors", () => {
  it("should give an order's create one version whatever its state, and updates a version per change", () => {
    expect(orderEntity.version("order.create", { version: 3, updated_at: new Date() })).toBe("1")
    const a = orderEntity.version("order.update", { version: 2, updated_at: "2026-01-01T00:00:00Z" })
    const b = orderEntity.version("order.update", { version: 2, updated_at: "2026-01-01T00:00:01Z" })
    expect(a).not.toBe(b)
    expect(orderEntity.version("order.update", { version: 2, updated_at: "2026-01-01T00:00:00Z" })).toBe(a)
  })

  it("should start the lag clock at the create for a create and at the change for an update", () => {
    const row = { created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-02T00:00:00Z" }
    expect(orderEntity.changedAt("order.create", row)).toBe(row.created_at)
    expect(orderEntity.changedAt("order.cancel", row)).toBe(row.updated_at)
  })

  it("should make an order wait for its customer, and a guest order for nothing", () => {
    expect(orderEntity.dependsOn({ customer_id: "cus_1" })).toEqual({ entity_type: "customer", entity_id: "cus_1" })
    expect(orderEntity.dependsOn({ customer_id: null })).toBeNull()
  })

  it("should coalesce customers (a state) but never orders (each change is delivered)", () => {
    expect(customerEntity.coalesces).toBe(true)
    expect(orderEntity.coalesces).toBe(false)
  })

  it("should load what the mappers read, and refuse an unknown type", () => {
    expect(orderEntity.fields).toEqual(expect.arrayContaining(["items.variant_sku", "shipping_address.*", "total"]))
    expect(entityDescriptor("customer")).toBe(customerEntity)
    expect(() => entityDescriptor("invoice")).toThrow('no entity descriptor for "invoice"')
  })
})
