import { buildIdempotencyKey, orderVersionFor } from "../utils/idempotency-key"

const parts = { connector: "erp", operation: "order.create", entityType: "order", entityId: "order_01ABC", version: 1 }

describe("buildIdempotencyKey", () => {
  it("should be deterministic: the same meaning gives the same key", () => {
    expect(buildIdempotencyKey(parts)).toBe(buildIdempotencyKey({ ...parts }))
    expect(buildIdempotencyKey(parts)).toBe("erp:order.create:order:order_01ABC:v1")
  })

  it("should differ when connector, operation, entity or version differ", () => {
    const keys = new Set([
      buildIdempotencyKey(parts),
      buildIdempotencyKey({ ...parts, connector: "crm" }),
      buildIdempotencyKey({ ...parts, operation: "order.update" }),
      buildIdempotencyKey({ ...parts, entityId: "order_02" }),
      buildIdempotencyKey({ ...parts, version: 2 }),
    ])
    expect(keys.size).toBe(5)
  })

  it("should not let a separator inside a part forge another key", () => {
    expect(buildIdempotencyKey({ ...parts, entityId: "a:b" })).not.toBe(
      buildIdempotencyKey({ ...parts, entityType: "order:a", entityId: "b" })
    )
  })

  it("should refuse an empty part", () => {
    expect(() => buildIdempotencyKey({ ...parts, entityId: "" })).toThrow(/entityId/)
  })
})

describe("orderVersionFor", () => {
  it("should give a create one version whatever the order's state", () => {
    expect(orderVersionFor("order.create", { version: 3, updated_at: new Date() })).toBe("1")
  })

  it("should give updates a version per change", () => {
    const a = orderVersionFor("order.update", { version: 2, updated_at: "2026-01-01T00:00:00Z" })
    const b = orderVersionFor("order.update", { version: 2, updated_at: "2026-01-01T00:00:01Z" })
    expect(a).not.toBe(b)
    expect(orderVersionFor("order.update", { version: 2, updated_at: "2026-01-01T00:00:00Z" })).toBe(a)
  })
})
