/**
 * Learning a remote's rate limit (pure: state in, state out; no clock, no I/O). The throttle keeps
 * a `LearnedRate` per connector in Redis (shared by every worker) or in memory, and calls
 * `decideRate` whenever it has news: a 429, a rate-limit header, or time passing while callers
 * wait for tokens.
 *
 * The rule (AIMD with a remembered ceiling, in the spirit of TCP congestion control):
 * - **Start** at `initialRps` and double every second (`startGrowthPerSecond`) while callers wait
 *   for tokens and the remote has never pushed back (slow start: a remote that allows 300/s is
 *   reached in seconds, one that allows 2/s is found on the first overshoot).
 * - **On a 429** while callers wait for tokens (saturated; otherwise what got through may measure
 *   our demand, not the remote's limit: the rate steps to `decreaseFactor ×` it, never below half,
 *   and no ceiling is set from it) (pending while `last429At ≥ decreasedAt + decreaseGapMs`): the rate becomes
 *   `decreaseFactor ×` the success rate actually measured over the last few seconds (never more
 *   than `decreaseFactor ×` the current rate; the current rate itself when a ceiling is known but
 *   nothing could be measured since the last decrease), or half the current rate when nothing at
 *   all is known. That measured rate is the new ceiling. 429s within `decreaseGapMs` of a decrease answer
 *   requests sent before it (one overshoot): they are counted, not acted on, so concurrent 429s
 *   never compound. At most one decrease per gap, whichever worker saw them.
 * - **While clean** and saturated (demand exceeds the rate): climb back to the ceiling at
 *   `climbPerSecond × ceiling` a second, then creep above it at `creepPerSecond × ceiling` a
 *   second. After `holdMs` clean above the ceiling the ceiling is forgotten and growth is
 *   multiplicative again, gentler than the slow start (`probeGrowthPerSecond`): the remote may
 *   have raised its limit, and each probe that finds it unchanged costs a few 429s.
 * - **Headers** stating a limit are the truth: the rate jumps to it when it changes, and never
 *   goes above it while they keep coming (a 429 still lowers the rate below it).
 * - A configured `capRps` is a hard cap; learning works below it and starts at it.
 */

export type RateSource = "configured" | "learned" | "headers"

export type LearnSettings = {
  /** The configured requestsPerSecond: a hard cap. 0 = none. */
  capRps: number
  /** Where learning starts with no history (a configured cap starts at the cap). */
  initialRps: number
  /** Never slower than this. */
  minRps: number
  /** Never faster than this when no cap is configured. */
  maxRps: number
  decreaseFactor: number
  decreaseGapMs: number
  /** Below the ceiling: increase by this share of the ceiling a second. */
  climbPerSecond: number
  /** Above the ceiling: increase by this share of the ceiling a second. */
  creepPerSecond: number
  /**
   * Clean this long above the ceiling: forget it and grow multiplicatively. At least `holdMs`, and
   * `holdRequests` requests' worth at the ceiling (so a probe, and its likely 429, stays rare among
   * requests at a low rate), at most `maxHoldMs`.
   */
  holdMs: number
  holdRequests: number
  maxHoldMs: number
  /** Before the remote ever pushed back: grow by this share of the rate a second (1 = ×2). */
  startGrowthPerSecond: number
  /** After a ceiling was forgotten: grow by this share of the rate a second (0.5 = ×1.5 a second). */
  probeGrowthPerSecond: number
  /** At most this much time is credited to one increase (an idle spell is no evidence). */
  maxCreditMs: number
  /** Header limits older than this no longer bound the rate. */
  headerTtlMs: number
}

export const DEFAULT_LEARN_SETTINGS: Omit<LearnSettings, "capRps"> = {
  initialRps: 4,
  minRps: 0.05,
  maxRps: 1000,
  decreaseFactor: 0.9,
  decreaseGapMs: 1000,
  climbPerSecond: 0.03,
  creepPerSecond: 0.002,
  holdMs: 20_000,
  holdRequests: 100,
  maxHoldMs: 60_000,
  startGrowthPerSecond: 1,
  probeGrowthPerSecond: 0.5,
  maxCreditMs: 2000,
  headerTtlMs: 60_000,
}

export type LearnedRate = {
  /** Requests a second across every worker. */
  rps: number
  /** The rate measured when the remote last refused, or the headers' limit; null: unknown. */
  ceilingRps: number | null
  /** Since when the rate has been at or above the ceiling, clean. */
  aboveSince: number | null
  /** Since when growth has been multiplicative (no ceiling): the start, or when one was forgotten. */
  probeSince: number
  /** When the rate last changed by an increase (or a decrease). */
  updatedAt: number
  decreasedAt: number
  /** When the remote last answered 429 (0: never). */
  last429At: number
  /** 429s seen, in total. */
  rateLimited: number
  /** The limit the remote's headers last stated, requests a second. */
  headerRps: number | null
  headerAt: number
  /** The longest header window seen (estimates the window when headers do not name it). */
  headerWindowMs: number
}

export type LearnInput = {
  now: number
  /** Successful answers a second over the last few seconds; null when too few to tell. */
  measuredRps: number | null
  /** Callers waited for tokens recently: the rate, not demand, is what limits. */
  saturated: boolean
  /** A limit stated by the remote's headers (see limitFromHeaders). */
  header?: { rps: number; windowMs: number } | null
}

export function initialLearnedRate(settings: LearnSettings, now: number): LearnedRate {
  return freshLearnedRate(settings.capRps > 0 ? settings.capRps : settings.initialRps, now)
}

/** A rate with no history: nothing refused, no ceiling, no header seen. */
export function freshLearnedRate(rps: number, now: number): LearnedRate {
  return {
    rps,
    ceilingRps: null,
    aboveSince: null,
    probeSince: now,
    updatedAt: now,
    decreasedAt: 0,
    last429At: 0,
    rateLimited: 0,
    headerRps: null,
    headerAt: 0,
    headerWindowMs: 0,
  }
}

/** The remote said 429. Cheap; the decision waits for `decideRate`. */
export function record429(state: LearnedRate, now: number, count = 1): LearnedRate {
  return { ...state, last429At: Math.max(state.last429At, now), rateLimited: state.rateLimited + count }
}

/** The highest rate allowed now: the configured cap, then a fresh header limit, then maxRps. */
export function rateBound(state: LearnedRate, settings: LearnSettings, now: number): number {
  let bound = settings.capRps > 0 ? settings.capRps : settings.maxRps
  if (state.headerRps !== null && now - state.headerAt < settings.headerTtlMs) {
    bound = Math.min(bound, state.headerRps)
  }
  return Math.max(settings.minRps, bound)
}

/** The rate admissions follow now. */
export function effectiveRate(state: LearnedRate, settings: LearnSettings, now: number): number {
  return clamp(state.rps, settings.minRps, rateBound(state, settings, now))
}

/** What decided the rate admissions follow now. */
export function rateSource(state: LearnedRate, settings: LearnSettings, now: number): RateSource {
  const rate = effectiveRate(state, settings, now)
  if (settings.capRps > 0 && rate >= settings.capRps) return "configured"
  if (state.headerRps !== null && now - state.headerAt < settings.headerTtlMs && rate >= state.headerRps)
    return "headers"
  return "learned"
}

/** Is a 429 waiting to be acted on (not one answering a request sent before the last decrease)? */
export function decreasePending(state: LearnedRate, settings: LearnSettings): boolean {
  if (state.last429At <= 0) return false
  return state.decreasedAt <= 0 || state.last429At >= state.decreasedAt + settings.decreaseGapMs
}

/** The AIMD step. Returns `state` itself when nothing changes. */
export function decideRate(state: LearnedRate, input: LearnInput, settings: LearnSettings): LearnedRate {
  const { now } = input
  let next = state

  if (input.header && input.header.rps > 0) {
    const { rps, windowMs } = input.header
    const changed =
      next.headerRps === null || Math.abs(next.headerRps - rps) > 1e-9 || now - next.headerAt >= settings.headerTtlMs
    next = { ...next, headerRps: rps, headerAt: now, headerWindowMs: Math.max(next.headerWindowMs, windowMs) }
    if (changed) {
      // the remote stated its limit: take it, unless a configured cap is lower
      next = { ...next, rps: rps, ceilingRps: rps, aboveSince: null, updatedAt: now }
    }
  }

  const bound = rateBound(next, settings, now)
  if (decreasePending(next, settings)) {
    if (!input.saturated) {
      // refused while nobody waited for our tokens: our demand may sit right at the remote's limit,
      // or the remote refuses everything for a while (a storm, a quota someone else used up). What
      // got through may then be a trickle of demand, not the limit: it must not become the ceiling
      // (a trickle of stock writes would crawl for minutes after). Step to 0.9 × what got through,
      // but never below half the current rate; the Retry-After pause does the rest
      const measured = input.measuredRps !== null && input.measuredRps > 0 ? input.measuredRps : 0
      return {
        ...next,
        rps: clamp(
          Math.max(settings.decreaseFactor * Math.min(measured, next.rps), next.rps / 2),
          settings.minRps,
          bound
        ),
        updatedAt: now,
        decreasedAt: now,
      }
    }
    let measured = input.measuredRps !== null && input.measuredRps > 0 ? Math.min(input.measuredRps, next.rps) : null
    if (measured === null && next.ceilingRps !== null) {
      // refused again before anything could be measured: the rate it was sent at was too much
      measured = next.rps
    }
    if (measured === null) {
      // refused with nothing known (the first requests): halve and keep probing
      return { ...next, rps: clamp(next.rps / 2, settings.minRps, bound), updatedAt: now, decreasedAt: now }
    }
    return {
      ...next,
      rps: clamp(settings.decreaseFactor * measured, settings.minRps, bound),
      ceilingRps: measured,
      aboveSince: null,
      updatedAt: now,
      decreasedAt: now,
    }
  }

  if (next.rps > bound) {
    next = { ...next, rps: bound, updatedAt: now }
  }
  // grow only while demand exceeds the rate and the answers are clean (no 429 within the gap)
  if (!input.saturated || next.rps >= bound || now - next.last429At < settings.decreaseGapMs) {
    return next
  }
  const creditMs = Math.min(now - next.updatedAt, settings.maxCreditMs)
  if (creditMs < 250) {
    return next
  }
  const credit = creditMs / 1000
  const ceiling = next.ceilingRps
  if (ceiling === null) {
    const neverRefused = next.last429At <= 0 && next.headerRps === null
    const growth = neverRefused ? settings.startGrowthPerSecond : settings.probeGrowthPerSecond
    const rps = next.rps * Math.pow(1 + growth, credit)
    return { ...next, rps: Math.min(rps, bound), updatedAt: now }
  }
  if (next.rps < ceiling) {
    const rps = Math.min(ceiling, next.rps + settings.climbPerSecond * ceiling * credit)
    return { ...next, rps: Math.min(rps, bound), aboveSince: rps >= ceiling ? now : null, updatedAt: now }
  }
  const aboveSince = next.aboveSince ?? now
  if (now - aboveSince >= holdFor(ceiling, settings)) {
    // clean for a long while above what the remote once allowed: it may allow more now
    return { ...next, ceilingRps: null, aboveSince: null, probeSince: now, updatedAt: now }
  }
  const rps = next.rps + settings.creepPerSecond * ceiling * credit
  return { ...next, rps: Math.min(rps, bound), aboveSince, updatedAt: now }
}

/**
 * Successes a second lately, from counts per whole second (`[second, count]`, second =
 * floor(ms / 1000)). Only whole seconds that ended before `now` count. A span starts at the
 * first second with a count in it, and that second is left out when it opened the traffic
 * (nothing in the second before: it was only partly used). Two readings, the lower wins:
 * - recent: walking back from the last second until `enough` successes or `maxWindowMs`: one or
 *   two seconds at a high rate (a rate that was just growing is not averaged away), up to ten at
 *   a low one (2 or 3 in one second is not a rate);
 * - since the last decrease (`sinceMs`, when at least `minSinceSeconds` whole seconds and at most
 *   `maxSinceMs` ago): between two 429s the remote's bucket went from empty to empty, so what it
 *   let through in between, over all the time in between (the pause after the first included),
 *   is its rate, without the burst a short window also sees. It lowers the recent reading by
 *   10 % at most.
 * `notBeforeMs` keeps the recent reading to whole seconds from then on. Null when fewer than
 * `minCount` successes or `minSeconds` seconds were counted.
 */
export function measureRate(
  counts: ReadonlyArray<readonly [number, number]>,
  now: number,
  {
    sinceMs = 0,
    notBeforeMs = 0,
    maxWindowMs = 10_000,
    maxSinceMs = 60_000,
    enough = 20,
    minCount = 2,
    minSeconds = 1,
    minSinceSeconds = 3,
  }: {
    sinceMs?: number
    notBeforeMs?: number
    maxWindowMs?: number
    maxSinceMs?: number
    enough?: number
    minCount?: number
    minSeconds?: number
    minSinceSeconds?: number
  } = {}
): number | null {
  const bySecond = new Map<number, number>()
  for (const [second, count] of counts) {
    if (count > 0) bySecond.set(second, (bySecond.get(second) ?? 0) + count)
  }
  const last = Math.floor(now / 1000) - 1
  const over = (from: number, stopAt: number) => {
    let total = 0
    let earliest = last + 1
    for (let second = last; second >= from && total < stopAt; second--) {
      const count = bySecond.get(second) ?? 0
      if (count > 0) {
        total += count
        earliest = second
      }
    }
    if (earliest < last && !bySecond.has(earliest - 1)) {
      // the traffic started inside that second
      total -= bySecond.get(earliest) ?? 0
      earliest++
    }
    const seconds = last - earliest + 1
    return total >= minCount && seconds >= minSeconds ? total / seconds : null
  }
  const firstWhole = notBeforeMs > 0 ? Math.ceil(notBeforeMs / 1000) : -Infinity
  const recent = over(Math.max(firstWhole, last - Math.max(1, Math.floor(maxWindowMs / 1000)) + 1), enough)
  // since: whole seconds after `sinceMs`, over the time since `sinceMs` itself (the part of its
  // second that follows it is the pause after a 429: time that passed with nothing let through)
  const sinceSecond = Math.ceil(sinceMs / 1000)
  let since: number | null = null
  if (sinceMs > 0 && last - sinceSecond + 1 >= minSinceSeconds && now - sinceMs <= maxSinceMs) {
    let total = 0
    for (let second = sinceSecond; second <= last; second++) total += bySecond.get(second) ?? 0
    since = total >= minCount ? (total / ((last + 1) * 1000 - sinceMs)) * 1000 : null
  }
  if (recent === null) return since
  // the since reading corrects a short window's burst (by 10 % at most: when the remote's burst is
  // small, the pause after a 429 wastes refill and the since reading reads low)
  return since === null ? recent : Math.min(recent, Math.max(since, 0.9 * recent))
}

/**
 * The success rate `decideRate` needs from the counts:
 * - probing (no ceiling: the start, or after a long clean spell): the busiest of the last two
 *   whole seconds, or the recent reading if higher. The rate was growing fast, so an average
 *   lags it; a reading on the high side costs one more 429 a few seconds later (and that one is
 *   measured against an empty bucket), one on the low side a long slow climb;
 * - creeping above a ceiling (the remote was near its limit all along): the recent reading, and
 *   the one since the last decrease, whichever is lower;
 * - otherwise the recent reading; both from a second after the last decrease on.
 */
export function measuredRateFor(
  state: LearnedRate,
  counts: ReadonlyArray<readonly [number, number]>,
  now: number
): number | null {
  if (state.ceilingRps === null) {
    const recent = measureRate(counts, now)
    const peak = Math.max(
      measureRate(counts, now, { maxWindowMs: 1000, enough: Infinity, minCount: 1 }) ?? 0,
      measureRate(counts, now - 1000, { maxWindowMs: 1000, enough: Infinity, minCount: 1 }) ?? 0
    )
    const best = Math.max(recent ?? 0, peak)
    return best > 0 ? best : null
  }
  // from a second after the last decrease: the pause that came with that 429 is over by then,
  // and the seconds of the pause would make the remote look slower than it is
  const after = state.decreasedAt > 0 ? state.decreasedAt + 1000 : 0
  const creeping = state.aboveSince !== null && after > 0
  return measureRate(counts, now, { notBeforeMs: after, sinceMs: creeping ? state.decreasedAt : 0 })
}

/**
 * One worker's share of a shared rate (`factor` = 1 / workers): the learned state and settings a
 * worker limits itself with while the shared limiter is unreachable, starting from what was
 * learned together.
 */
export function shareOf(
  state: LearnedRate,
  settings: LearnSettings,
  factor: number
): { state: LearnedRate; settings: LearnSettings } {
  const scale = (v: number | null) => (v === null ? null : v * factor)
  return {
    state: {
      ...state,
      rps: state.rps * factor,
      ceilingRps: scale(state.ceilingRps),
      headerRps: scale(state.headerRps),
    },
    settings: {
      ...settings,
      capRps: settings.capRps * factor,
      initialRps: settings.initialRps * factor,
      minRps: settings.minRps * factor,
      maxRps: settings.maxRps * factor,
      holdRequests: settings.holdRequests * factor,
    },
  }
}

function holdFor(ceiling: number, settings: LearnSettings): number {
  return Math.min(settings.maxHoldMs, Math.max(settings.holdMs, (settings.holdRequests / ceiling) * 1000))
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}
