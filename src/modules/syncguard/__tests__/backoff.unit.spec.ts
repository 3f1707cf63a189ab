import { computeNextAttemptAt, computeRetryDelayMs } from "../outbox/backoff"

const policy = { baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 10 }

describe("computeRetryDelayMs", () => {
  it("should stay within [0, min(max, base * 2^(n-1))) for every attempt", () => {
    for (let attempt = 1; attempt <= 40; attempt++) {
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
      for (let i = 0; i < 200; i++) {
        const delay = computeRetryDelayMs(attempt, policy)
        expect(delay).toBeGreaterThanOrEqual(0)
        expect(delay).toBeLessThan(ceiling)
      }
    }
  })

  it("should reach the cap and not grow past it", () => {
    expect(computeRetryDelayMs(30, policy, { random: () => 0.999999 })).toBe(59_999)
    expect(computeRetryDelayMs(1000, policy, { random: () => 0.999999 })).toBe(59_999)
  })

  it("should spread retries (full jitter), not send them in lockstep", () => {
    const delays = new Set(Array.from({ length: 100 }, () => computeRetryDelayMs(6, policy)))
    expect(delays.size).toBeGreaterThan(50)
  })

  it("should never retry before a remote's Retry-After", () => {
    for (let i = 0; i < 200; i++) {
      const delay = computeRetryDelayMs(1, policy, { retryAfterMs: 30_000 })
      expect(delay).toBeGreaterThanOrEqual(30_000)
      expect(delay).toBeLessThan(31_000)
    }
  })

  it("should treat attempt 0 or negative as the first", () => {
    expect(computeRetryDelayMs(0, policy, { random: () => 0.5 })).toBe(500)
    expect(computeRetryDelayMs(-3, policy, { random: () => 0.5 })).toBe(500)
  })
})

describe("computeNextAttemptAt", () => {
  it("should add the delay to now", () => {
    const now = new Date("2026-01-01T00:00:00Z")
    expect(computeNextAttemptAt(2, policy, { now, random: () => 0.5 }).toISOString()).toBe("2026-01-01T00:00:01.000Z")
  })
})
