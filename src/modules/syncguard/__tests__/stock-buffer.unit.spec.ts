import {
  bufferUnits,
  isLowStock,
  loopLagMs,
  marketplaceAmount,
  publishedAmount,
  saleVelocity,
} from "../policies/stock-buffer"

describe("stock buffer", () => {
  it("holds back velocity × lag p95, rounded up, plus the floor", () => {
    // 0.5 units/s × 3 s = 1.5 → 2, + floor 1
    expect(bufferUnits({ velocityPerSecond: 0.5, lagP95Ms: 3000, floor: 1, max: 50 })).toBe(3)
    expect(bufferUnits({ velocityPerSecond: 2, lagP95Ms: 1000, floor: 0, max: 50 })).toBe(2)
  })

  it("is the floor alone when nothing sells or nothing lags", () => {
    expect(bufferUnits({ velocityPerSecond: 0, lagP95Ms: 60_000, floor: 2, max: 50 })).toBe(2)
    expect(bufferUnits({ velocityPerSecond: 5, lagP95Ms: 0, floor: 0, max: 50 })).toBe(0)
  })

  it("never exceeds the cap and never goes negative on bad input", () => {
    expect(bufferUnits({ velocityPerSecond: 100, lagP95Ms: 60_000, floor: 3, max: 10 })).toBe(10)
    expect(bufferUnits({ velocityPerSecond: -1, lagP95Ms: NaN, floor: -4, max: 10 })).toBe(0)
  })

  it("does not turn float noise into a unit", () => {
    expect(bufferUnits({ velocityPerSecond: 1e-13, lagP95Ms: 1000, floor: 0, max: 10 })).toBe(0)
    expect(bufferUnits({ velocityPerSecond: 0.1, lagP95Ms: 10_000, floor: 0, max: 10 })).toBe(1)
  })

  it("publishes available − buffer, never below zero, and reports low stock", () => {
    expect(publishedAmount(10, 3)).toBe(7)
    expect(publishedAmount(2, 3)).toBe(0)
    expect(publishedAmount(-1, 0)).toBe(0)
    expect(isLowStock(3, 3)).toBe(true)
    expect(isLowStock(4, 3)).toBe(false)
  })

  it("reacts to a sale that starts: the faster of the long and the short window", () => {
    // 8 units in the last minute of an otherwise quiet hour: 8 / 300 s, not 8 / 3600 s
    const v = saleVelocity({ longUnits: 8, longWindowMs: 3_600_000, shortUnits: 8, shortWindowMs: 300_000 })
    expect(v).toBeCloseTo(8 / 300)
    // a steady seller whose last minutes were quiet keeps its hourly rate
    expect(saleVelocity({ longUnits: 36, longWindowMs: 3_600_000, shortUnits: 0, shortWindowMs: 300_000 })).toBeCloseTo(
      0.01
    )
    expect(saleVelocity({ longUnits: -3, longWindowMs: 0, shortUnits: NaN, shortWindowMs: 300_000 })).toBe(0)
  })

  it("sizes from the whole loop: acknowledgement lag plus import lag, defaults where unmeasured", () => {
    const lag = loopLagMs({ ackLagP95Ms: 600, importLagP95Ms: 4400, defaultAckLagMs: 2000, defaultImportLagMs: 60_000 })
    expect(lag).toBe(5000)
    expect(
      loopLagMs({ ackLagP95Ms: null, importLagP95Ms: null, defaultAckLagMs: 2000, defaultImportLagMs: 3000 })
    ).toBe(5000)
    // the flash sale: 1 unit/s elsewhere × (0.5 s + 4.5 s) holds back 5, not the 1 a sub-second ack lag gave
    expect(bufferUnits({ velocityPerSecond: 1, lagP95Ms: 5000, floor: 0, max: 50 })).toBe(5)
    expect(bufferUnits({ velocityPerSecond: 1, lagP95Ms: 500, floor: 0, max: 50 })).toBe(1)
  })

  it("open-orders: sends what Medusa has plus what it holds for the marketplace's own orders", () => {
    // 8 stocked, 2 reserved for imported bol orders, 1 for a storefront order: bol subtracts its 2
    // (and any order not imported yet) itself, so 7 is sent and bol shows 5 − unimported
    expect(marketplaceAmount({ available: 5, held: 2, buffer: 0, rule: "open-orders" })).toBe(7)
    expect(marketplaceAmount({ available: 5, held: 2, buffer: 1, rule: "open-orders" })).toBe(6)
    // since-update: Medusa's availability as it is
    expect(marketplaceAmount({ available: 5, held: 2, buffer: 1, rule: "since-update" })).toBe(4)
    expect(marketplaceAmount({ available: 0, held: 0, buffer: 3, rule: "open-orders" })).toBe(0)
  })
})
