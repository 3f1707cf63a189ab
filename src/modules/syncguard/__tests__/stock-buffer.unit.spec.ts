import { bufferUnits, isLowStock, publishedAmount } from "../policies/stock-buffer"

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
})
