import fc from "fast-check"
import { buildIdempotencyKey, repairVersion } from "../outbox/keys"
import {
  compareRecord,
  CUSTOMER_FIELDS,
  exceedsAlertThreshold,
  fieldDiffers,
  FieldRule,
  ORDER_FIELDS,
  sentVsApplied,
} from "../policies/drift"

const money: FieldRule = { field: "total", as: "money", tolerance: 0.005 }
const quantity: FieldRule = { field: "item_count", as: "quantity" }
const text: FieldRule = { field: "email", as: "text" }
const flag: FieldRule = { field: "canceled", as: "flag" }

describe("fieldDiffers", () => {
  describe("money", () => {
    it("treats amounts within the tolerance as equal", () => {
      expect(fieldDiffers(money, 10, 10)).toBe(false)
      expect(fieldDiffers(money, 10, 10.004)).toBe(false)
      expect(fieldDiffers(money, 10, 9.996)).toBe(false)
    })

    it("treats a difference of exactly the tolerance as equal (despite floating point)", () => {
      expect(fieldDiffers(money, 10, 10.005)).toBe(false)
      expect(fieldDiffers(money, 0.1 + 0.2, 0.305)).toBe(false)
    })

    it("reports amounts beyond the tolerance", () => {
      expect(fieldDiffers(money, 10, 10.006)).toBe(true)
      expect(fieldDiffers(money, 10, 9.99)).toBe(true)
      expect(fieldDiffers(money, 10, 11)).toBe(true)
    })

    it("reads numeric strings and { value } objects (big numbers)", () => {
      expect(fieldDiffers(money, "10.00", 10)).toBe(false)
      expect(fieldDiffers(money, { value: "10" }, "10.001")).toBe(false)
      expect(fieldDiffers(money, { value: 12 }, 10)).toBe(true)
    })

    it("treats no amount on both sides as equal, and on one side as different", () => {
      expect(fieldDiffers(money, null, undefined)).toBe(false)
      expect(fieldDiffers(money, "", null)).toBe(false)
      expect(fieldDiffers(money, null, 0)).toBe(true)
      expect(fieldDiffers(money, 0, "")).toBe(true)
      expect(fieldDiffers(money, "not a number", 5)).toBe(true)
    })

    it("uses no tolerance when the rule has none", () => {
      expect(fieldDiffers({ field: "total", as: "money" }, 10, 10.001)).toBe(true)
      expect(fieldDiffers({ field: "total", as: "money" }, 10, 10)).toBe(false)
    })
  })

  describe("quantity", () => {
    it("compares exactly without a tolerance", () => {
      expect(fieldDiffers(quantity, 3, 3)).toBe(false)
      expect(fieldDiffers(quantity, 3, "3")).toBe(false)
      expect(fieldDiffers(quantity, 3, 4)).toBe(true)
    })

    it("allows differences up to and including the tolerance", () => {
      const rule: FieldRule = { ...quantity, tolerance: 2 }
      expect(fieldDiffers(rule, 10, 12)).toBe(false)
      expect(fieldDiffers(rule, 10, 8)).toBe(false)
      expect(fieldDiffers(rule, 10, 13)).toBe(true)
      expect(fieldDiffers(rule, 10, 7)).toBe(true)
    })
  })

  describe("text", () => {
    it("treats empty, null and undefined as the same", () => {
      expect(fieldDiffers(text, "", null)).toBe(false)
      expect(fieldDiffers(text, undefined, "")).toBe(false)
      expect(fieldDiffers(text, null, undefined)).toBe(false)
    })

    it("ignores surrounding whitespace", () => {
      expect(fieldDiffers(text, "  a@b.c ", "a@b.c")).toBe(false)
      expect(fieldDiffers(text, "   ", null)).toBe(false)
    })

    it("reports different texts, case included", () => {
      expect(fieldDiffers(text, "a@b.c", "x@b.c")).toBe(true)
      expect(fieldDiffers(text, "A@b.c", "a@b.c")).toBe(true)
      expect(fieldDiffers(text, "a@b.c", null)).toBe(true)
    })

    it("compares non-strings by their text", () => {
      expect(fieldDiffers(text, 42, "42")).toBe(false)
    })
  })

  describe("flag", () => {
    it("compares truthiness", () => {
      expect(fieldDiffers(flag, true, true)).toBe(false)
      expect(fieldDiffers(flag, false, null)).toBe(false)
      expect(fieldDiffers(flag, undefined, false)).toBe(false)
      expect(fieldDiffers(flag, true, false)).toBe(true)
      expect(fieldDiffers(flag, null, true)).toBe(true)
    })
  })
})

describe("ORDER_FIELDS and CUSTOMER_FIELDS", () => {
  it("compares an order's status, cancellation, total (money within 0.005) and line count", () => {
    expect(ORDER_FIELDS).toEqual([
      { field: "status", as: "text" },
      { field: "canceled", as: "flag" },
      { field: "total", as: "money", tolerance: 0.005 },
      { field: "item_count", as: "quantity" },
    ])
  })

  it("compares a customer's email, names, phone and company as text", () => {
    expect(CUSTOMER_FIELDS.map((r) => r.field)).toEqual(["email", "first_name", "last_name", "phone", "company_name"])
    expect(CUSTOMER_FIELDS.every((r) => r.as === "text")).toBe(true)
  })
})

describe("compareRecord", () => {
  const order = { id: "order_1", status: "pending", canceled: false, total: 100, item_count: 2 }

  it("reports a record the remote does not hold as missing", () => {
    expect(compareRecord(order, [], ORDER_FIELDS)).toEqual([
      { kind: "missing", remoteId: null, field: null, ours: null, theirs: null },
    ])
  })

  it("reports more than one remote record once, as duplicated, listing every remote id", () => {
    const remotes = [
      { remoteId: "r1", fields: { status: "pending" } },
      { remoteId: "r2", fields: { status: "canceled" } },
      { remoteId: "r3", fields: {} },
    ]
    expect(compareRecord(order, remotes, ORDER_FIELDS)).toEqual([
      { kind: "duplicated", remoteId: "r1,r2,r3", field: null, ours: null, theirs: ["r1", "r2", "r3"] },
    ])
  })

  it("finds nothing when the one remote record agrees", () => {
    const remote = { remoteId: "r1", fields: { status: "pending", canceled: false, total: 100.004, item_count: 2 } }
    expect(compareRecord(order, [remote], ORDER_FIELDS)).toEqual([])
  })

  it("reports every field that differs, with both values", () => {
    const remote = { remoteId: "r1", fields: { status: "completed", canceled: true, total: 90, item_count: 2 } }
    expect(compareRecord(order, [remote], ORDER_FIELDS)).toEqual([
      { kind: "mismatched", remoteId: "r1", field: "status", ours: "pending", theirs: "completed" },
      { kind: "mismatched", remoteId: "r1", field: "canceled", ours: false, theirs: true },
      { kind: "mismatched", remoteId: "r1", field: "total", ours: 100, theirs: 90 },
    ])
  })

  it("skips fields the remote does not report (undefined or null)", () => {
    const remote = { remoteId: "r1", fields: { status: null, total: undefined, item_count: 2 } }
    expect(compareRecord(order, [remote], ORDER_FIELDS)).toEqual([])
  })

  it("skips fields our record does not have", () => {
    const ours = { id: "order_1", total: 100 }
    const remote = { remoteId: "r1", fields: { status: "completed", canceled: true, total: 100, item_count: 9 } }
    expect(compareRecord(ours, [remote], ORDER_FIELDS)).toEqual([])
  })

  it("compares a field we hold as null, reporting ours as null", () => {
    const ours = { id: "cus_1", email: "a@b.c", phone: null, company_name: undefined }
    const remote = { remoteId: "r1", fields: { email: "a@b.c", phone: "+31 20 123", company_name: "ACME" } }
    expect(compareRecord(ours, [remote], CUSTOMER_FIELDS)).toEqual([
      { kind: "mismatched", remoteId: "r1", field: "phone", ours: null, theirs: "+31 20 123" },
      { kind: "mismatched", remoteId: "r1", field: "company_name", ours: null, theirs: "ACME" },
    ])
  })

  it("treats an empty remote text as our null, and trims", () => {
    const ours = { id: "cus_1", email: " a@b.c ", first_name: null, last_name: "Doe" }
    const remote = { remoteId: "r1", fields: { email: "a@b.c", first_name: "", last_name: "Doe  " } }
    expect(compareRecord(ours, [remote], CUSTOMER_FIELDS)).toEqual([])
  })

  it("lets the options override a field's tolerance", () => {
    const remote = { remoteId: "r1", fields: { total: 100.5, item_count: 3 } }
    expect(compareRecord(order, [remote], ORDER_FIELDS).map((v) => v.field)).toEqual(["total", "item_count"])
    expect(compareRecord(order, [remote], ORDER_FIELDS, { tolerance: { total: 1, item_count: 1 } })).toEqual([])
  })

  it("can tighten a rule's tolerance to zero through the options", () => {
    const remote = { remoteId: "r1", fields: { total: 100.004 } }
    expect(compareRecord(order, [remote], ORDER_FIELDS, { tolerance: { total: 0 } })).toEqual([
      { kind: "mismatched", remoteId: "r1", field: "total", ours: 100, theirs: 100.004 },
    ])
  })

  it("keeps the rule's tolerance for fields the options do not name", () => {
    const remote = { remoteId: "r1", fields: { total: 100.004, item_count: 3 } }
    expect(compareRecord(order, [remote], ORDER_FIELDS, { tolerance: { item_count: 1 } })).toEqual([])
  })

  describe("properties", () => {
    const value = fc.oneof(
      fc.constant(null),
      fc.constant(undefined),
      fc.boolean(),
      fc.string(),
      fc.double({ noNaN: false }),
      fc.integer(),
      // values arrive as JSON (or Medusa's big numbers): objects with a prototype
      fc.record({ value: fc.oneof(fc.string(), fc.double(), fc.integer()) }, { noNullPrototype: true })
    )
    const fields = [...ORDER_FIELDS, ...CUSTOMER_FIELDS].map((r) => r.field)
    const record = fc.dictionary(fc.constantFrom(...fields), value, { noNullPrototype: true })
    const rules = fc.constantFrom(ORDER_FIELDS, CUSTOMER_FIELDS, [...ORDER_FIELDS, ...CUSTOMER_FIELDS])

    it("finds nothing when the one remote copy holds the same fields", () => {
      fc.assert(
        fc.property(record, rules, fc.string({ minLength: 1 }), (ours, rs, remoteId) => {
          expect(compareRecord(ours, [{ remoteId, fields: { ...ours } }], rs)).toEqual([])
        })
      )
    })

    it("reports exactly one missing when the remote holds nothing, whatever the record", () => {
      fc.assert(
        fc.property(record, rules, (ours, rs) => {
          const verdicts = compareRecord(ours, [], rs)
          expect(verdicts).toHaveLength(1)
          expect(verdicts[0].kind).toBe("missing")
        })
      )
    })

    it("reports exactly one duplicated, naming every remote id in order, when the remote holds several", () => {
      fc.assert(
        fc.property(record, fc.array(fc.string(), { minLength: 2, maxLength: 6 }), (ours, ids) => {
          const verdicts = compareRecord(
            ours,
            ids.map((remoteId) => ({ remoteId, fields: { ...ours } })),
            ORDER_FIELDS
          )
          expect(verdicts).toHaveLength(1)
          expect(verdicts[0]).toMatchObject({ kind: "duplicated", theirs: ids })
        })
      )
    })
  })
})

describe("exceedsAlertThreshold", () => {
  it("alerts only on more findings than the threshold", () => {
    expect(exceedsAlertThreshold(0, 0)).toBe(false)
    expect(exceedsAlertThreshold(1, 0)).toBe(true)
    expect(exceedsAlertThreshold(5, 5)).toBe(false)
    expect(exceedsAlertThreshold(6, 5)).toBe(true)
  })

  it("never alerts with a negative threshold", () => {
    expect(exceedsAlertThreshold(100, -1)).toBe(false)
  })
})

describe("sentVsApplied", () => {
  it("counts acknowledged records the remote does not hold, and records it holds more than once", () => {
    expect(sentVsApplied({ acknowledged: 10, confirmed: 8, remote_records: 11 })).toEqual({
      unconfirmed: 2,
      applied_extra: 3,
    })
  })

  it("is zero when everything acknowledged is there once", () => {
    expect(sentVsApplied({ acknowledged: 5, confirmed: 5, remote_records: 5 })).toEqual({
      unconfirmed: 0,
      applied_extra: 0,
    })
  })

  it("never goes negative", () => {
    expect(sentVsApplied({ acknowledged: 2, confirmed: 7, remote_records: 7 })).toEqual({
      unconfirmed: 0,
      applied_extra: 0,
    })
    expect(sentVsApplied({ acknowledged: 0, confirmed: 3, remote_records: 0 })).toEqual({
      unconfirmed: 0,
      applied_extra: 0,
    })
  })
})

describe("repairVersion", () => {
  it("is stable for the same finding", () => {
    expect(repairVersion(3, "rcfind_1")).toBe(repairVersion(3, "rcfind_1"))
    expect(repairVersion("2026-01-01T00:00:00.000Z", "rcfind_1")).toBe(
      repairVersion("2026-01-01T00:00:00.000Z", "rcfind_1")
    )
  })

  it("differs per finding and from the version it repairs", () => {
    expect(repairVersion(3, "rcfind_1")).not.toBe(repairVersion(3, "rcfind_2"))
    expect(repairVersion(3, "rcfind_1")).not.toBe("3")
    expect(repairVersion(3, "rcfind_1")).not.toBe(repairVersion(4, "rcfind_1"))
  })

  it("gives a repair message its own idempotency key, the same each time the finding is repaired", () => {
    const parts = { connector: "erp", operation: "upsert", entityType: "order", entityId: "order_1", version: 3 }
    const original = buildIdempotencyKey(parts)
    const repair = buildIdempotencyKey({ ...parts, version: repairVersion(parts.version, "rcfind_1") })
    expect(repair).not.toBe(original)
    expect(repair.startsWith("erp:upsert:order:order_1:v3")).toBe(true)
    expect(buildIdempotencyKey({ ...parts, version: repairVersion(parts.version, "rcfind_1") })).toBe(repair)
    expect(buildIdempotencyKey({ ...parts, version: repairVersion(parts.version, "rcfind_2") })).not.toBe(repair)
  })
})
