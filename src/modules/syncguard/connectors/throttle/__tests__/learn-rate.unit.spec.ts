import { takeToken } from "../token-bucket"
import {
  decideRate,
  decreasePending,
  DEFAULT_LEARN_SETTINGS,
  effectiveRate,
  initialLearnedRate,
  LearnedRate,
  LearnSettings,
  measuredRateFor,
  measureRate,
  rateSource,
  record429,
  shareOf,
} from "../learn-rate"

const settings = (over: Partial<LearnSettings> = {}): LearnSettings => ({
  ...DEFAULT_LEARN_SETTINGS,
  capRps: 0,
  ...over,
})
const T0 = 1_000_000

describe("decideRate", () => {
  it("should start at the initial rate, or at a configured cap", () => {
    expect(initialLearnedRate(settings(), T0).rps).toBe(DEFAULT_LEARN_SETTINGS.initialRps)
    const capped = settings({ capRps: 7 })
    const state = initialLearnedRate(capped, T0)
    expect(state.rps).toBe(7)
    expect(rateSource(state, capped, T0)).toBe("configured")
  })

  it("should grow multiplicatively while saturated and nothing was refused (slow start)", () => {
    const s = settings()
    let state = initialLearnedRate(s, T0)
    state = decideRate(state, { now: T0 + 1000, measuredRps: null, saturated: true }, s)
    expect(state.rps).toBeCloseTo(4 * 2)
    expect(rateSource(state, s, T0 + 1000)).toBe("learned")
  })

  it("should not grow while demand is below the rate, nor credit an idle spell", () => {
    const s = settings()
    const start = initialLearnedRate(s, T0)
    expect(decideRate(start, { now: T0 + 60_000, measuredRps: null, saturated: false }, s)).toBe(start)
    // after an hour idle, one saturated step is credited at most maxCreditMs
    const grown = decideRate(start, { now: T0 + 3_600_000, measuredRps: null, saturated: true }, s)
    expect(grown.rps).toBeCloseTo(4 * Math.pow(2, 2))
  })

  it("should set the rate to 0.9 × the measured success rate on a 429, which becomes the ceiling", () => {
    const s = settings()
    let state: LearnedRate = { ...initialLearnedRate(s, T0), rps: 30 }
    state = record429(state, T0 + 100)
    expect(decreasePending(state, s)).toBe(true)
    state = decideRate(state, { now: T0 + 120, measuredRps: 20, saturated: true }, s)
    expect(state.rps).toBeCloseTo(18)
    expect(state.ceilingRps).toBe(20)
    expect(state.decreasedAt).toBe(T0 + 120)
    expect(state.rateLimited).toBe(1)
  })

  it("should not take a trickle for the limit on a 429 nobody queued for (a storm at low demand)", () => {
    const s = settings()
    // the remote states 50/s; we send 2/s when a storm of 429s arrives
    let state = decideRate(
      initialLearnedRate(s, T0),
      { now: T0, measuredRps: null, saturated: false, header: { rps: 50, windowMs: 1000 } },
      s
    )
    expect(state.rps).toBe(50)
    state = decideRate(record429(state, T0 + 100), { now: T0 + 100, measuredRps: 2, saturated: false }, s)
    // half, not 0.9 × 2: and the trickle is not remembered as the ceiling
    expect(state.rps).toBeCloseTo(25)
    expect(state.ceilingRps).toBe(50)
    // near the limit the measured rate still decides: 0.9 × 20 from 30
    const near = decideRate(
      record429(initialLearnedRate(settings({ initialRps: 30 }), T0), T0 + 100),
      { now: T0 + 100, measuredRps: 20, saturated: false },
      settings({ initialRps: 30 })
    )
    expect(near.rps).toBeCloseTo(18)
  })

  it("should never raise the rate on a 429, even when the measured rate is higher", () => {
    const s = settings()
    const state = decideRate(
      record429({ ...initialLearnedRate(s, T0), rps: 10 }, T0),
      { now: T0, measuredRps: 50, saturated: true },
      s
    )
    expect(state.rps).toBeCloseTo(9)
  })

  it("should halve the rate and keep probing when nothing was measured", () => {
    const s = settings()
    const state = decideRate(
      record429({ ...initialLearnedRate(s, T0), rps: 8 }, T0),
      { now: T0, measuredRps: null, saturated: true },
      s
    )
    expect(state.rps).toBe(4)
    expect(state.ceilingRps).toBeNull()
  })

  it("should make one decrease of concurrent 429s from one overshoot, and at most one a second", () => {
    const s = settings()
    let state = decideRate(
      record429({ ...initialLearnedRate(s, T0), rps: 20 }, T0),
      { now: T0, measuredRps: 20, saturated: true },
      s
    )
    expect(state.rps).toBeCloseTo(18)
    // answers to requests sent before the decrease, arriving within the gap: counted, not acted on
    for (const at of [T0 + 5, T0 + 10, T0 + 400, T0 + 999]) {
      state = decideRate(record429(state, at), { now: at, measuredRps: 20, saturated: true }, s)
    }
    expect(state.rps).toBeCloseTo(18)
    expect(state.rateLimited).toBe(5)
    // a 429 a second later is news: the rate is still too high
    state = decideRate(record429(state, T0 + 1500), { now: T0 + 1500, measuredRps: 18, saturated: true }, s)
    expect(state.rps).toBeCloseTo(0.9 * 18)
  })

  it("should climb back to the ceiling quickly, creep above it slowly, and probe again after holding", () => {
    const s = settings()
    // a 429 at 10/s left the ceiling
    let state: LearnedRate = {
      ...initialLearnedRate(s, T0),
      rps: 9,
      ceilingRps: 10,
      decreasedAt: T0,
      updatedAt: T0,
      last429At: T0 - 100,
    }
    let now = T0
    const step = (ms: number) => {
      now += ms
      state = decideRate(state, { now, measuredRps: null, saturated: true }, s)
    }
    for (let i = 0; i < 4; i++) step(1000)
    expect(state.rps).toBeCloseTo(10) // +0.3/s climbs 1 in 3.3 s
    expect(state.aboveSince).not.toBeNull()
    step(1000)
    expect(state.rps).toBeCloseTo(10.02) // +0.02/s above
    for (let i = 0; i < 20; i++) step(1000)
    expect(state.ceilingRps).toBeNull() // clean 20 s above: forgotten
    const before = state.rps
    step(1000)
    expect(state.rps).toBeCloseTo(before * 1.5)
  })

  it("should hold longer above a low ceiling, so a probe stays rare among requests", () => {
    const s = settings()
    let state: LearnedRate = { ...initialLearnedRate(s, T0), rps: 1, ceilingRps: 1, aboveSince: T0, updatedAt: T0 }
    for (let now = T0 + 1000; now <= T0 + 59_000; now += 1000) {
      state = decideRate(state, { now, measuredRps: null, saturated: true }, s)
    }
    expect(state.ceilingRps).toBe(1) // 100 requests at 1/s take longer than 20 s
    state = decideRate(state, { now: T0 + 61_000, measuredRps: null, saturated: true }, s)
    expect(state.ceilingRps).toBeNull() // never longer than a minute
  })

  it("should take a limit stated by headers as the truth, below a configured cap", () => {
    const s = settings()
    let state = decideRate(
      initialLearnedRate(s, T0),
      { now: T0, measuredRps: null, saturated: false, header: { rps: 25, windowMs: 1000 } },
      s
    )
    expect(state.rps).toBe(25)
    expect(rateSource(state, s, T0)).toBe("headers")
    // never above it while the headers keep coming, however long clean
    for (let now = T0 + 1000; now < T0 + 50_000; now += 1000) {
      state = decideRate(state, { now, measuredRps: 25, saturated: true, header: { rps: 25, windowMs: 1000 } }, s)
    }
    expect(effectiveRate(state, s, T0 + 50_000)).toBe(25)
    // a 429 still lowers it
    state = decideRate(record429(state, T0 + 50_000), { now: T0 + 50_000, measuredRps: 25, saturated: true }, s)
    expect(state.rps).toBeCloseTo(22.5)
    expect(rateSource(state, s, T0 + 50_000)).toBe("learned")
    // a configured cap stays the cap
    const capped = settings({ capRps: 10 })
    const withCap = decideRate(
      initialLearnedRate(capped, T0),
      { now: T0, measuredRps: null, saturated: false, header: { rps: 25, windowMs: 1000 } },
      capped
    )
    expect(effectiveRate(withCap, capped, T0)).toBe(10)
    expect(rateSource(withCap, capped, T0)).toBe("configured")
  })

  it("should stop bounding the rate by headers that stopped coming", () => {
    const s = settings()
    const state = decideRate(
      initialLearnedRate(s, T0),
      { now: T0, measuredRps: null, saturated: false, header: { rps: 5, windowMs: 1000 } },
      s
    )
    expect(rateSource(state, s, T0 + s.headerTtlMs + 1)).toBe("learned")
  })

  it("should keep a configured cap as a hard cap while learning below it", () => {
    const s = settings({ capRps: 10 })
    let state = initialLearnedRate(s, T0)
    state = decideRate(record429(state, T0), { now: T0, measuredRps: 8, saturated: true }, s)
    expect(state.rps).toBeCloseTo(7.2)
    for (let now = T0 + 1000; now < T0 + 200_000; now += 1000) {
      state = decideRate(state, { now, measuredRps: null, saturated: true }, s)
      expect(effectiveRate(state, s, now)).toBeLessThanOrEqual(10)
    }
    expect(rateSource(state, s, T0 + 200_000)).toBe("configured")
  })
})

describe("measureRate", () => {
  const now = 100_500 // second 100 is still running
  it("should use whole seconds only, walking back until it has enough", () => {
    const counts: Array<[number, number]> = [
      [90, 5],
      [97, 10],
      [98, 10],
      [99, 12],
      [100, 50],
    ]
    expect(measureRate(counts, now)).toBe(22 / 2) // seconds 99 and 98 make 22 ≥ 20
    // over the whole window: second 90 opened the traffic (partly used), so 91..99 count
    expect(measureRate(counts, now, { enough: 1000 })).toBe(32 / 9)
  })

  it("should not count seconds before anything was sent, nor the one that was only partly used", () => {
    expect(
      measureRate(
        [
          [97, 1],
          [98, 2],
          [99, 2],
        ],
        now
      )
    ).toBe(2)
    expect(
      measureRate(
        [
          [98, 1],
          [99, 1],
        ],
        now
      )
    ).toBeNull()
  })

  it("should lower a short window's reading by the rate since the last decrease, by 10 % at most", () => {
    // about 2 a second since a decrease at 79.5 s (the pause after it included), more recently (a burst)
    const counts: Array<[number, number]> = []
    for (let s = 80; s <= 99; s++) counts.push([s, s >= 95 ? 3 : s >= 90 ? 2 : 1.71])
    const recent = measureRate(counts, now)!
    expect(recent).toBeCloseTo((3 * 5 + 2 * 3) / 8) // 99..92: 21 ≥ 20
    const since = (10 * 1.71 + 5 * 2 + 5 * 3) / 20.5
    expect(measureRate(counts, now, { sinceMs: 79_500 })).toBeCloseTo(Math.max(since, 0.9 * recent))
    expect(measureRate(counts, now, { sinceMs: 79_500 })).toBeLessThan(recent)
  })

  it("should read a probe at its busiest recent second, and a climb from a second after the decrease", () => {
    const base = initialLearnedRate(settings(), 0)
    const counts: Array<[number, number]> = []
    for (let s = 80; s <= 99; s++) counts.push([s, s === 98 ? 24 : s === 99 ? 18 : 10])
    // probing: the rate was growing; the busiest of the last two seconds
    expect(measuredRateFor({ ...base, ceilingRps: null, probeSince: 95_000 }, counts, now)).toBe(24)
    // climbing after a decrease at 97.2 s: the pause's second (97) is not part of the reading
    expect(measuredRateFor({ ...base, ceilingRps: 20, decreasedAt: 97_200 }, counts, now)).toBe(18)
    expect(measuredRateFor({ ...base, ceilingRps: 20, decreasedAt: 96_200 }, counts, now)).toBe(21)
  })
})

describe("shareOf", () => {
  it("should scale the learned state and the bounds to one worker's share", () => {
    const s = settings({ capRps: 30 })
    const { state, settings: local } = shareOf(
      { ...initialLearnedRate(s, T0), rps: 20, ceilingRps: 24, headerRps: 25 },
      s,
      1 / 4
    )
    expect(state).toMatchObject({ rps: 5, ceilingRps: 6, headerRps: 6.25 })
    expect(local.capRps).toBe(7.5)
  })
})

/**
 * The learner against a simulated remote that allows R requests a second (a token bucket with
 * burst B): a client with a backlog, its own token bucket at the learned rate, a pause on every
 * 429 as long as the Retry-After, feedback at once. Virtual time, 1 ms steps.
 */
function simulate(R: number, B: number, N: number, latencyMs = 6) {
  const s = settings()
  let learn = initialLearnedRate(s, 0)
  let remote = { tokens: B, updatedAt: 0 }
  let ours = { tokens: 1, updatedAt: 0 }
  let cooldownUntil = 0
  let limitedAt = -Infinity
  const counts = new Map<number, number>()
  const pending: Array<{ at: number; ok: boolean; retryAfterMs: number }> = []
  let done = 0
  let requests = 0
  let refused = 0
  let requestsAfterMinute = 0
  let refusedAfterMinute = 0
  let decidedAt = 0
  for (let t = 0; t < 20 * (N / R) * 1000; t++) {
    while (pending.length && pending[0].at <= t) {
      const p = pending.shift()!
      if (p.ok) {
        done++
        counts.set(Math.floor(t / 1000), (counts.get(Math.floor(t / 1000)) ?? 0) + 1)
      } else {
        learn = record429(learn, t)
        cooldownUntil = Math.max(cooldownUntil, t + p.retryAfterMs)
        learn = decideRate(
          learn,
          { now: t, measuredRps: measuredRateFor(learn, [...counts], t), saturated: t - limitedAt < 1500 },
          s
        )
      }
    }
    if (done >= N) {
      return {
        ratio: t / 1000 / (N / R),
        refusedPct: (100 * refused) / requests,
        refusedAfterMinutePct: (100 * refusedAfterMinute) / requestsAfterMinute,
      }
    }
    if (t - decidedAt >= 250) {
      decidedAt = t
      learn = decideRate(
        learn,
        { now: t, measuredRps: measuredRateFor(learn, [...counts], t), saturated: t - limitedAt < 1500 },
        s
      )
    }
    if (t < cooldownUntil) continue
    const rate = effectiveRate(learn, s, t)
    for (;;) {
      const taken = takeToken(ours, rate, Math.max(1, Math.round(rate / 10)), t)
      ours = taken.next
      if (!taken.ok) {
        limitedAt = t
        break
      }
      const atRemote = takeToken(remote, R, B, t + latencyMs / 2)
      remote = atRemote.next
      requests++
      if (!atRemote.ok) refused++
      if (t >= 60_000) {
        requestsAfterMinute++
        if (!atRemote.ok) refusedAfterMinute++
      }
      pending.push({
        at: t + latencyMs,
        ok: atRemote.ok,
        retryAfterMs: Math.max(1, Math.ceil(atRemote.waitMs / 1000)) * 1000,
      })
    }
  }
  throw new Error("never drained")
}

describe("learning against a simulated remote", () => {
  it.each([
    [2, 2, 400],
    [20, 20, 4000],
    [50, 10, 10_000],
  ])("should get few 429s after the first minute and drain near N/R (R = %d, burst %d)", (R, B, N) => {
    const result = simulate(R, B, N)
    expect(result.refusedAfterMinutePct).toBeLessThan(5)
    expect(result.ratio).toBeLessThanOrEqual(1.15)
  })
})
