import { buildIdempotencyKey, nextReplayKey } from "../outbox/keys"

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

describe("nextReplayKey", () => {
  it("should start a new generation on each replay, keeping the key's meaning", () => {
    const key = buildIdempotencyKey(parts)
    expect(nextReplayKey(key)).toBe(`${key}:replay1`)
    expect(nextReplayKey(nextReplayKey(key))).toBe(`${key}:replay2`)
    expect(nextReplayKey(`${key}:replay9`)).toBe(`${key}:replay10`)
  })
})
