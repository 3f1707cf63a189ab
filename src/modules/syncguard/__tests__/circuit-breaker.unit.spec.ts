import {
  breakerAllows,
  breakerRecord,
  BreakerSettings,
  BreakerState,
  initialBreaker,
} from "../policies/circuit-breaker"

const settings: BreakerSettings = {
  consecutiveFailures: 3,
  errorRate: 0.5,
  minCalls: 10,
  windowMs: 10_000,
  openMs: 1000,
}

const feed = (outcomes: boolean[], start = 0): BreakerState =>
  outcomes.reduce((s, ok, i) => breakerRecord(s, ok, settings, start + i), initialBreaker())

describe("circuit breaker", () => {
  it("should open after consecutive failures and refuse calls while open", () => {
    const s = feed([true, false, false, false])
    expect(s.state).toBe("open")
    expect(breakerAllows(s, settings, 10).allowed).toBe(false)
  })

  it("should open on a high error rate even without a long failure streak", () => {
    const s = feed([false, true, false, true, false, true, false, true, false, false].map((x) => x))
    expect(s.state).toBe("open")
  })

  it("should let exactly one probe through after the open period, and close on its success", () => {
    const open = feed([false, false, false])
    const first = breakerAllows(open, settings, 5000)
    expect(first.allowed).toBe(true)
    expect(first.next.state).toBe("half_open")
    expect(breakerAllows(first.next, settings, 5001).allowed).toBe(false)
    const closed = breakerRecord(first.next, true, settings, 5002)
    expect(closed.state).toBe("closed")
    expect(breakerAllows(closed, settings, 5003).allowed).toBe(true)
  })

  it("should open again when the probe fails", () => {
    const probe = breakerAllows(feed([false, false, false]), settings, 5000).next
    const again = breakerRecord(probe, false, settings, 5001)
    expect(again.state).toBe("open")
    expect(breakerAllows(again, settings, 5500).allowed).toBe(false)
    expect(breakerAllows(again, settings, 6002).allowed).toBe(true)
  })

  it("should forget failures outside the window", () => {
    let s = feed([false, false])
    s = breakerRecord(s, true, settings, 50_000)
    expect(s.calls).toHaveLength(1)
    expect(s.consecutiveFailures).toBe(0)
  })
})
