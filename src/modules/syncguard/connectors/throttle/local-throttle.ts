import { fullBucket, takeToken, TokenBucket } from "./token-bucket"
import {
  decideRate,
  effectiveRate,
  initialLearnedRate,
  LearnedRate,
  LearnSettings,
  measuredRateFor,
  rateSource,
  record429,
} from "./learn-rate"
import { HeaderRate, readFeedback } from "./rate-limit-headers"
import { learnSettingsOf } from "./settings"
import type { RateLimitSettings, Throttle, ThrottleFeedback, ThrottleState } from "./types"

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A caller that waited for a token this recently means demand exceeds the rate. */
export const SATURATED_WITHIN_MS = 1500
/** How often learning re-decides without news (cheap arithmetic; news decides at once). */
const DECIDE_EVERY_MS = 250
/** Sleeps in the admission loop are cut to this, so a changed rate or mode is seen soon. */
const MAX_SLEEP_MS = 250

export type LocalLimits = { rps: number; burst: number; maxInFlight: number }

/**
 * In-process admission: a token bucket at a rate read on every step (it may change while
 * callers wait), an in-flight cap and a cooldown. Waiters are served in arrival order.
 */
export class LocalLimiter {
  private bucket: TokenBucket | null = null
  private inFlight = 0
  private cooldownUntil = 0
  private queue: Promise<unknown> = Promise.resolve()
  /** When a caller last had to wait for a token. */
  limitedAt = 0

  constructor(private readonly limits: () => LocalLimits) {}

  acquire(): Promise<() => void> {
    // one waiter at a time takes a token, so a burst of callers is admitted evenly
    const turn = this.queue.then(() => this.admit())
    this.queue = turn.catch(() => undefined)
    return turn
  }

  private async admit(): Promise<() => void> {
    for (;;) {
      const now = Date.now()
      if (this.cooldownUntil > now) {
        await sleep(Math.min(this.cooldownUntil - now, 1000))
        continue
      }
      const { rps, burst, maxInFlight } = this.limits()
      if (maxInFlight > 0 && this.inFlight >= maxInFlight) {
        await sleep(2)
        continue
      }
      if (rps > 0) {
        const taken = takeToken(this.bucket ?? fullBucket(burst, now), rps, burst, now)
        this.bucket = taken.next
        if (!taken.ok) {
          this.limitedAt = now
          await sleep(Math.min(taken.waitMs, MAX_SLEEP_MS))
          continue
        }
      }
      this.inFlight++
      let released = false
      return () => {
        if (!released) {
          released = true
          this.inFlight--
        }
      }
    }
  }

  cooldown(ms: number): void {
    this.cooldownUntil = Math.max(this.cooldownUntil, Date.now() + ms)
  }

  get inFlightCount(): number {
    return this.inFlight
  }

  get cooldownUntilMs(): number {
    return this.cooldownUntil
  }
}

/** Counts a minute of events per second (successes, 429s) in memory. */
export class SecondCounts {
  private readonly counts = new Map<number, number>()

  add(now: number, n = 1): void {
    const second = Math.floor(now / 1000)
    this.counts.set(second, (this.counts.get(second) ?? 0) + n)
    if (this.counts.size > 70) {
      for (const key of this.counts.keys()) {
        if (key < second - 65) this.counts.delete(key)
      }
    }
  }

  entries(): Array<[number, number]> {
    return [...this.counts.entries()]
  }

  /** Events in the last `ms`. */
  within(now: number, ms: number): number {
    const from = Math.floor((now - ms) / 1000)
    let total = 0
    for (const [second, n] of this.counts) if (second > from) total += n
    return total
  }
}

/** Learning in one process: the pure learner plus its success counts. */
export class LocalLearner {
  private readonly successes = new SecondCounts()
  private decidedAt = 0
  private header: HeaderRate | null = null

  constructor(
    public state: LearnedRate,
    readonly settings: LearnSettings
  ) {}

  success(now: number): void {
    this.successes.add(now)
  }

  rateLimited(now: number): void {
    this.state = record429(this.state, now)
  }

  stated(header: HeaderRate): void {
    this.header = header
  }

  /** Re-decides at most every 250 ms unless `now` is forced (news). */
  decide(now: number, saturated: boolean, force = false): void {
    if (!force && now - this.decidedAt < DECIDE_EVERY_MS) return
    this.decidedAt = now
    this.state = decideRate(
      this.state,
      { now, measuredRps: measuredRateFor(this.state, this.successes.entries(), now), saturated, header: this.header },
      this.settings
    )
    this.header = null
  }

  rate(now: number): number {
    return effectiveRate(this.state, this.settings, now)
  }
}

/** Burst for a rate: the configured one, or a tenth of the rate (at least 1). */
export function burstFor(configured: number, rps: number): number {
  return configured > 0 ? configured : Math.max(1, Math.round(rps / 10))
}

/** A throttle for one process (no Redis configured): limits, and learns, on its own. */
export class LocalThrottle implements Throttle {
  private readonly limiter: LocalLimiter
  private readonly learner: LocalLearner | null
  private readonly rateLimitedRecently = new SecondCounts()
  private rateLimitedTotal = 0
  private lastRateLimitedAt = 0

  constructor(private readonly settings: RateLimitSettings) {
    const learn = learnSettingsOf(settings)
    this.learner = learn ? new LocalLearner(initialLearnedRate(learn, Date.now()), learn) : null
    this.limiter = new LocalLimiter(() => this.limits())
  }

  private limits(): { rps: number; burst: number; maxInFlight: number } {
    const now = Date.now()
    let rps = this.settings.requestsPerSecond
    if (this.learner) {
      this.learner.decide(now, now - this.limiter.limitedAt < SATURATED_WITHIN_MS)
      rps = this.learner.rate(now)
    }
    return { rps, burst: burstFor(this.settings.burst, rps), maxInFlight: this.settings.maxInFlight }
  }

  acquire(): Promise<() => void> {
    return this.limiter.acquire()
  }

  async cooldown(ms: number): Promise<void> {
    this.limiter.cooldown(ms)
  }

  observe(response: ThrottleFeedback): void {
    try {
      const now = Date.now()
      const feedback = readFeedback(response, now, this.learner?.state.headerWindowMs ?? 0)
      if (feedback.waitMs > 0) this.limiter.cooldown(feedback.waitMs)
      if (feedback.rateLimited) {
        this.rateLimitedRecently.add(now)
        this.rateLimitedTotal++
        this.lastRateLimitedAt = now
      }
      if (!this.learner) return
      if (feedback.success) this.learner.success(now)
      if (feedback.rateLimited) this.learner.rateLimited(now)
      if (feedback.header) this.learner.stated(feedback.header)
      if (feedback.rateLimited || feedback.header) {
        this.learner.decide(now, now - this.limiter.limitedAt < SATURATED_WITHIN_MS, true)
      }
    } catch {
      // feedback must never break a request
    }
  }

  async state(): Promise<ThrottleState> {
    const now = Date.now()
    const limits = this.limits()
    const learned = this.learner?.state ?? null
    return {
      shared: false,
      mode: "local",
      degradedSince: null,
      degradedReason: null,
      requestsPerSecond: this.settings.requestsPerSecond,
      burst: limits.burst,
      maxInFlight: this.settings.maxInFlight,
      inFlight: this.limiter.inFlightCount,
      cooldownUntil: this.limiter.cooldownUntilMs > now ? new Date(this.limiter.cooldownUntilMs).toISOString() : null,
      learn: this.learner !== null,
      effectiveRequestsPerSecond: limits.rps,
      localRequestsPerSecond: null,
      rateSource: learned && this.learner ? rateSource(learned, this.learner.settings, now) : "configured",
      learnedRequestsPerSecond: learned?.rps ?? null,
      ceilingRequestsPerSecond: learned?.ceilingRps ?? null,
      headerRequestsPerSecond: learned?.headerRps ?? null,
      rateLimitedTotal: this.rateLimitedTotal,
      rateLimitedLastMinute: this.rateLimitedRecently.within(now, 60_000),
      lastRateLimitedAt: this.lastRateLimitedAt > 0 ? new Date(this.lastRateLimitedAt).toISOString() : null,
      liveWorkers: null,
    }
  }
}
