import { resolveRateLimit } from "../connectors/throttle"
import { learnSettingsOf } from "../connectors/throttle/settings"
import { fullBucket, takeToken } from "../connectors/throttle/token-bucket"

// Pure parts of the throttle. Timed and Redis-backed behaviour: throttle.spec.ts (integration:modules).

describe("takeToken (the formula the shared limiter's Lua runs too)", () => {
  it("should refill at the rate up to the burst and say how long to wait", () => {
    let b = { tokens: 2, updatedAt: 0 }
    expect(takeToken(b, 10, 2, 0).ok).toBe(true)
    b = takeToken(takeToken(b, 10, 2, 0).next, 10, 2, 0).next
    const empty = takeToken(b, 10, 2, 0)
    expect(empty.ok).toBe(false)
    expect(empty.waitMs).toBe(100)
    expect(takeToken(b, 10, 2, 100).ok).toBe(true)
    expect(takeToken({ tokens: 0, updatedAt: 0 }, 10, 2, 60_000).next.tokens).toBe(1)
  })

  it("should keep the refilled tokens when it refuses, and never count time backwards", () => {
    const refused = takeToken({ tokens: 0.25, updatedAt: 1000 }, 2, 1, 1250)
    expect(refused).toEqual({ ok: false, waitMs: 125, next: { tokens: 0.75, updatedAt: 1250 } })
    expect(takeToken({ tokens: 0.5, updatedAt: 2000 }, 2, 1, 1000).next.tokens).toBe(0.5)
  })

  it("should start a new bucket full", () => {
    const b = fullBucket(3, 0)
    let next = b
    for (let i = 0; i < 3; i++) {
      const t = takeToken(next, 1, 3, 0)
      expect(t.ok).toBe(true)
      next = t.next
    }
    expect(takeToken(next, 1, 3, 0).ok).toBe(false)
  })

  it("should hold to the rate over time, whatever the polling", () => {
    let bucket = fullBucket(1, 0)
    let admitted = 0
    for (let now = 0; now <= 10_000; now += 7) {
      const t = takeToken(bucket, 5, 1, now)
      bucket = t.next
      if (t.ok) admitted++
    }
    expect(admitted).toBeGreaterThanOrEqual(50)
    expect(admitted).toBeLessThanOrEqual(51)
  })
})

describe("resolveRateLimit and learnSettingsOf", () => {
  it("should learn by default, below a configured rate, with a burst following the rate in effect", () => {
    expect(resolveRateLimit(undefined)).toEqual({ requestsPerSecond: 0, burst: 0, maxInFlight: 0, learn: true })
    expect(learnSettingsOf(resolveRateLimit({ requestsPerSecond: 20 }))).toMatchObject({ capRps: 20, initialRps: 4 })
    expect(learnSettingsOf(resolveRateLimit({ learn: false }))).toBeNull()
    expect(
      learnSettingsOf(resolveRateLimit({ minRequestsPerSecond: 0.5, initialRequestsPerSecond: 10 }))
    ).toMatchObject({ minRps: 0.5, initialRps: 10 })
  })
})
