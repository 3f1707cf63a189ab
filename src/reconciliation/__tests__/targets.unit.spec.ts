import type { Connector } from "../../modules/syncguard/connectors/contract"
import type { ReconciliationConfig } from "../../modules/syncguard/config/options"
import { intervalOf, isDue, reconcilableEntities, whyNotReconcilable, windowOf } from "../targets"

type Shape = { takes?: string[]; looksUp?: string[]; stock?: boolean }

/** A plain object with only the capabilities reconciliation checks for. */
const connector = (name: string, shape: Shape = {}): Connector =>
  ({
    name,
    kind: "test",
    ...(shape.takes && {
      outbound: {
        takes: (entityType: string) => shape.takes!.includes(entityType),
        deliver: jest.fn(),
        verify: jest.fn(),
      },
    }),
    ...(shape.looksUp && {
      lookups: { entityTypes: shape.looksUp, findByReference: jest.fn() },
    }),
    ...(shape.stock && { stock: { stockLevels: jest.fn() } }),
  }) as unknown as Connector

const config = (over: Partial<ReconciliationConfig> = {}): ReconciliationConfig => ({
  intervalMs: 15 * 60_000,
  intervals: {},
  lookbackMs: 10 * 60_000,
  settleMs: 30_000,
  initialWindowDays: 31,
  pageSize: 1000,
  autoRepair: ["missing"],
  alertThreshold: 0,
  inventoryTolerance: 0,
  staleRunMs: 120_000,
  ...over,
})

describe("reconcilableEntities", () => {
  it("offers nothing for a connector without the capabilities", () => {
    expect(reconcilableEntities(connector("bare"))).toEqual([])
  })

  it("offers orders and customers it both sends and can look up, and inventory when it reads stock", () => {
    const erp = connector("erp", { takes: ["order", "customer"], looksUp: ["order", "customer"], stock: true })
    expect(reconcilableEntities(erp)).toEqual(["order", "inventory", "customer"])
  })

  it("needs both outbound and a lookup for an entity type", () => {
    expect(reconcilableEntities(connector("a", { takes: ["order", "customer"] }))).toEqual([])
    expect(reconcilableEntities(connector("b", { looksUp: ["order", "customer"] }))).toEqual([])
    expect(reconcilableEntities(connector("c", { takes: ["order"], looksUp: ["customer"] }))).toEqual([])
    expect(reconcilableEntities(connector("d", { takes: ["order", "customer"], looksUp: ["order"] }))).toEqual([
      "order",
    ])
    expect(reconcilableEntities(connector("e", { takes: ["customer"], looksUp: ["order", "customer"] }))).toEqual([
      "customer",
    ])
  })

  it("offers inventory from stock alone", () => {
    expect(reconcilableEntities(connector("shop", { stock: true }))).toEqual(["inventory"])
  })

  it("ignores entity types reconciliation does not know", () => {
    const c = connector("x", { takes: ["product", "invoice"], looksUp: ["product", "invoice"] })
    expect(reconcilableEntities(c)).toEqual([])
  })
})

describe("whyNotReconcilable", () => {
  const erp = connector("erp", { takes: ["order"], looksUp: ["order"] })

  it("names a connector that does not exist", () => {
    expect(whyNotReconcilable(undefined, "nope", "order")).toBe('no connector named "nope"')
  })

  it("names the entity types reconciliation knows", () => {
    expect(whyNotReconcilable(erp, "erp", "product")).toBe("entity_type must be one of order, inventory, customer")
  })

  it("is null when the connector can be reconciled on the entity type", () => {
    expect(whyNotReconcilable(erp, "erp", "order")).toBeNull()
    expect(whyNotReconcilable(connector("shop", { stock: true }), "shop", "inventory")).toBeNull()
  })

  it("says the connector does not read stock for inventory", () => {
    expect(whyNotReconcilable(erp, "erp", "inventory")).toBe('connector "erp" does not read stock')
  })

  it("says the connector does not send or cannot look up orders and customers", () => {
    expect(whyNotReconcilable(erp, "erp", "customer")).toBe(
      'connector "erp" does not send customers or cannot look them up'
    )
    expect(whyNotReconcilable(connector("shop", { stock: true }), "shop", "order")).toBe(
      'connector "shop" does not send orders or cannot look them up'
    )
  })
})

describe("intervalOf", () => {
  const c = config({ intervalMs: 900_000, intervals: { erp: { order: 300_000, customer: 0 } } })

  it("uses a connector's interval for an entity type when set", () => {
    expect(intervalOf(c, "erp", "order")).toBe(300_000)
  })

  it("keeps an override of 0 (never on a schedule) rather than the default", () => {
    expect(intervalOf(c, "erp", "customer")).toBe(0)
  })

  it("falls back to the default for other entity types and connectors", () => {
    expect(intervalOf(c, "erp", "inventory")).toBe(900_000)
    expect(intervalOf(c, "shop", "order")).toBe(900_000)
  })
})

describe("isDue", () => {
  const now = new Date("2026-03-01T12:00:00Z")
  const ago = (ms: number) => new Date(now.getTime() - ms)

  it("is never due with an interval of 0", () => {
    expect(isDue(0, null, now)).toBe(false)
    expect(isDue(0, ago(365 * 86_400_000), now)).toBe(false)
  })

  it("is due when no run has started yet", () => {
    expect(isDue(60_000, null, now)).toBe(true)
  })

  it("is due once the interval has passed since the last start", () => {
    expect(isDue(60_000, ago(59_999), now)).toBe(false)
    expect(isDue(60_000, ago(60_000), now)).toBe(true)
    expect(isDue(60_000, ago(600_000), now)).toBe(true)
  })

  it("is not due when the last start is in the future (clock skew)", () => {
    expect(isDue(60_000, new Date(now.getTime() + 5000), now)).toBe(false)
  })
})

describe("windowOf", () => {
  const now = new Date("2026-03-01T12:00:00Z")
  const c = config({ lookbackMs: 10 * 60_000, settleMs: 30_000, initialWindowDays: 31 })

  it("starts the lookback before the cursor and ends the settle time before now", () => {
    const cursor = new Date("2026-03-01T11:00:00Z")
    expect(windowOf(c, cursor, now)).toEqual({
      from: new Date("2026-03-01T10:50:00Z"),
      to: new Date("2026-03-01T11:59:30Z"),
    })
  })

  it("looks back the initial window on a first run", () => {
    expect(windowOf(c, null, now)).toEqual({
      from: new Date("2026-01-29T12:00:00Z"),
      to: new Date("2026-03-01T11:59:30Z"),
    })
  })

  it("allows fractional initial windows", () => {
    expect(windowOf({ ...c, initialWindowDays: 0.5 }, null, now).from).toEqual(new Date("2026-03-01T00:00:00Z"))
  })

  it("starts at the epoch on a first run without an initial window", () => {
    expect(windowOf({ ...c, initialWindowDays: null }, null, now).from).toEqual(new Date(0))
  })

  it("never starts after it ends", () => {
    const fresh = new Date(now.getTime() - 1000)
    expect(windowOf({ ...c, lookbackMs: 0 }, fresh, now)).toEqual({
      from: new Date("2026-03-01T11:59:30Z"),
      to: new Date("2026-03-01T11:59:30Z"),
    })
    const future = new Date(now.getTime() + 3_600_000)
    const w = windowOf(c, future, now)
    expect(w.from.getTime()).toBe(w.to.getTime())
  })

  it("uses the cursor even when it is older than the initial window", () => {
    const old = new Date("2025-01-01T00:00:00Z")
    expect(windowOf(c, old, now).from).toEqual(new Date("2024-12-31T23:50:00Z"))
  })

  it("ends at now without a settle time", () => {
    expect(windowOf({ ...c, settleMs: 0 }, null, now).to).toEqual(now)
  })
})
