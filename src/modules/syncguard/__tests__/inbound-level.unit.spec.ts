import fc from "fast-check"
import { isStale, LevelLedger, planLevelAdjust, planLevelSet } from "../policies/inbound-level"

type Adjustment = { version: number | null; delta: number }
const ledger = (setVersion: number | null, adjustments: Array<[string, Adjustment]> = []): LevelLedger => ({
  setVersion,
  adjustments: new Map(adjustments),
})

describe("planLevelSet", () => {
  it("sets the quantity when nothing was set yet", () => {
    expect(planLevelSet({ quantity: 7, version: 1 }, ledger(null))).toEqual({ kind: "set", stocked: 7 })
  })

  it("sets the quantity when it is newer than the last set", () => {
    expect(planLevelSet({ quantity: 7, version: 11 }, ledger(10))).toEqual({ kind: "set", stocked: 7 })
  })

  it("ignores a set older than, or as old as, the last set", () => {
    expect(planLevelSet({ quantity: 7, version: 9 }, ledger(10))).toEqual({ kind: "stale", appliedVersion: 10 })
    expect(planLevelSet({ quantity: 7, version: 10 }, ledger(10))).toEqual({ kind: "stale", appliedVersion: 10 })
  })

  it("keeps the deltas newer than the set, and only those", () => {
    const l = ledger(null, [
      ["op-old", { version: 3, delta: 100 }],
      ["op-new", { version: 8, delta: -2 }],
      ["op-newer", { version: 9, delta: 5 }],
      ["op-unnumbered", { version: null, delta: 1000 }],
    ])
    expect(planLevelSet({ quantity: 10, version: 5 }, l)).toEqual({ kind: "set", stocked: 13 })
    expect(planLevelSet({ quantity: 10, version: 8 }, l)).toEqual({ kind: "set", stocked: 15 })
    expect(planLevelSet({ quantity: 10, version: 20 }, l)).toEqual({ kind: "set", stocked: 10 })
  })

  it("handles version 0 as a real version, not as none", () => {
    expect(planLevelSet({ quantity: 1, version: 0 }, ledger(0))).toEqual({ kind: "stale", appliedVersion: 0 })
    expect(planLevelSet({ quantity: 1, version: 1 }, ledger(0))).toEqual({ kind: "set", stocked: 1 })
  })
})

describe("planLevelAdjust", () => {
  it("applies a new delta", () => {
    expect(planLevelAdjust({ operationId: "op-1", delta: -3, version: 5 }, ledger(null))).toEqual({
      kind: "adjust",
      delta: -3,
    })
    expect(planLevelAdjust({ operationId: "op-1", delta: 4, version: 11 }, ledger(10))).toEqual({
      kind: "adjust",
      delta: 4,
    })
  })

  it("applies an operation once, whatever its version", () => {
    const l = ledger(10, [["op-1", { version: 12, delta: 3 }]])
    expect(planLevelAdjust({ operationId: "op-1", delta: 3, version: 12 }, l)).toEqual({ kind: "duplicate" })
    expect(planLevelAdjust({ operationId: "op-1", delta: 3, version: 2 }, l)).toEqual({ kind: "duplicate" })
    expect(planLevelAdjust({ operationId: "op-1", delta: 3, version: null }, l)).toEqual({ kind: "duplicate" })
  })

  it("ignores a delta the last set already contains", () => {
    expect(planLevelAdjust({ operationId: "op-1", delta: 3, version: 9 }, ledger(10))).toEqual({
      kind: "stale",
      appliedVersion: 10,
    })
    expect(planLevelAdjust({ operationId: "op-1", delta: 3, version: 10 }, ledger(10))).toEqual({
      kind: "stale",
      appliedVersion: 10,
    })
  })

  it("applies an unnumbered delta whatever was set", () => {
    expect(planLevelAdjust({ operationId: "op-1", delta: 3, version: null }, ledger(10))).toEqual({
      kind: "adjust",
      delta: 3,
    })
  })
})

describe("isStale", () => {
  it("is stale at or below the applied version, fresh above it or with nothing applied", () => {
    expect(isStale(5, null)).toBe(false)
    expect(isStale(0, null)).toBe(false)
    expect(isStale(5, 4)).toBe(false)
    expect(isStale(5, 5)).toBe(true)
    expect(isStale(4, 5)).toBe(true)
    expect(isStale(0, 0)).toBe(true)
  })
})

/**
 * The real system applies events one at a time as they are delivered, deduped on the event id, with
 * the ledger the pure planners read. Whatever the order and the duplicates, it must end where
 * applying each distinct event once, in version order, ends.
 */
type SetEvent = { id: string; kind: "set"; version: number; quantity: number }
type AdjustEvent = { id: string; kind: "adjust"; operationId: string; version: number | null; delta: number }
type LevelEvent = SetEvent | AdjustEvent

function simulate(initial: number, deliveries: LevelEvent[]): number {
  let stocked = initial
  let setVersion: number | null = null
  const adjustments = new Map<string, Adjustment>()
  const seen = new Set<string>()
  for (const e of deliveries) {
    if (seen.has(e.id)) continue
    seen.add(e.id)
    if (e.kind === "set") {
      const plan = planLevelSet({ quantity: e.quantity, version: e.version }, { setVersion, adjustments })
      if (plan.kind === "set") {
        stocked = plan.stocked
        setVersion = e.version
      }
    } else {
      const plan = planLevelAdjust(
        { operationId: e.operationId, delta: e.delta, version: e.version },
        { setVersion, adjustments }
      )
      if (plan.kind === "adjust") {
        stocked += plan.delta
        adjustments.set(e.operationId, { version: e.version, delta: e.delta })
      }
    }
  }
  return stocked
}

function reference(initial: number, history: LevelEvent[]): number {
  const byVersion = [...history].sort((a, b) => (a.version ?? 0) - (b.version ?? 0))
  let stocked = initial
  const applied = new Set<string>()
  for (const e of byVersion) {
    if (e.kind === "set") stocked = e.quantity
    else if (!applied.has(e.operationId)) {
      applied.add(e.operationId)
      stocked += e.delta
    }
  }
  return stocked
}

const delta = fc.integer({ min: -50, max: 50 }).filter((n) => n !== 0)

/** A history of distinct events for one level, each with its own version (a permutation of 1..n). */
const history = fc
  .array(
    fc.oneof(
      fc.record({ kind: fc.constant("set" as const), quantity: fc.integer({ min: 0, max: 1000 }) }),
      fc.record({ kind: fc.constant("adjust" as const), delta })
    ),
    { minLength: 1, maxLength: 12 }
  )
  .chain((shapes) =>
    fc
      .shuffledSubarray(
        shapes.map((_, i) => i + 1),
        { minLength: shapes.length, maxLength: shapes.length }
      )
      .map((versions) =>
        shapes.map((s, i): LevelEvent =>
          s.kind === "set"
            ? { id: `evt-${i}`, kind: "set", version: versions[i], quantity: s.quantity }
            : { id: `evt-${i}`, kind: "adjust", operationId: `op-${i}`, version: versions[i], delta: s.delta }
        )
      )
  )

/**
 * What reaches us: every event at least once, some again (same id), some adjusts again under a new
 * event id (another channel, same operation), in any order.
 */
const deliveriesOf = (events: LevelEvent[]) =>
  fc
    .tuple(
      fc.array(fc.nat({ max: events.length - 1 }), { maxLength: 2 * events.length }),
      fc.array(fc.nat({ max: events.length - 1 }), { maxLength: events.length })
    )
    .chain(([repeats, resends]) => {
      const copies: LevelEvent[] = [...events, ...repeats.map((i) => events[i])]
      resends.forEach((i, n) => {
        const e = events[i]
        if (e.kind === "adjust") copies.push({ ...e, id: `${e.id}-via-${n}` })
      })
      return fc.shuffledSubarray(copies, { minLength: copies.length, maxLength: copies.length })
    })

describe("inbound level events in any order, with duplicates", () => {
  it("ends where applying each distinct event once in version order ends", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        history.chain((events) => fc.tuple(fc.constant(events), deliveriesOf(events))),
        (initial, [events, deliveries]) => {
          expect(simulate(initial, deliveries)).toBe(reference(initial, events))
        }
      ),
      { numRuns: 1000 }
    )
  })

  it("adds each distinct unnumbered delta once when there is no set", () => {
    const unnumbered = fc.array(delta, { minLength: 1, maxLength: 15 }).map((deltas) =>
      deltas.map((d, i): LevelEvent => ({
        id: `evt-${i}`,
        kind: "adjust",
        operationId: `op-${i}`,
        version: null,
        delta: d,
      }))
    )
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        unnumbered.chain((events) => fc.tuple(fc.constant(events), deliveriesOf(events))),
        (initial, [events, deliveries]) => {
          const sum = events.reduce((s, e) => s + (e.kind === "adjust" ? e.delta : 0), 0)
          expect(simulate(initial, deliveries)).toBe(initial + sum)
        }
      ),
      { numRuns: 1000 }
    )
  })

  it("a worked example: a late set keeps the newer deltas and drops the older ones", () => {
    const events: LevelEvent[] = [
      { id: "a", kind: "adjust", operationId: "op-a", version: 1, delta: 5 },
      { id: "s", kind: "set", version: 2, quantity: 100 },
      { id: "b", kind: "adjust", operationId: "op-b", version: 3, delta: -7 },
    ]
    const deliveries: LevelEvent[] = [events[2], events[0], { ...events[0], id: "a-again" }, events[1], events[2]]
    expect(reference(10, events)).toBe(93)
    expect(simulate(10, deliveries)).toBe(93)
  })
})
