import { takeToken, TokenBucket } from "../../utils/token-bucket"
import type { RateLimitSettings, Throttle, ThrottleState } from "./types"

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A throttle for one process (no Redis configured). Waiters are served in arrival order. */
export class LocalThrottle implements Throttle {
  private bucket: TokenBucket
  private inFlight = 0
  private cooldownUntil = 0
  private queue: Promise<void> = Promise.resolve()

  constructor(private readonly settings: RateLimitSettings) {
    this.bucket = { tokens: settings.burst, updatedAt: Date.now() }
  }

  acquire(): Promise<() => void> {
    // one waiter at a time takes a token, so a burst of callers is admitted evenly
    const turn = this.queue.then(() => this.admit())
    this.queue = turn.then(
      () => undefined,
      () => undefined
    )
    return turn
  }

  private async admit(): Promise<() => void> {
    for (;;) {
      const now = Date.now()
      if (this.cooldownUntil > now) {
        await sleep(this.cooldownUntil - now)
        continue
      }
      if (this.settings.maxInFlight > 0 && this.inFlight >= this.settings.maxInFlight) {
        await sleep(2)
        continue
      }
      if (this.settings.requestsPerSecond > 0) {
        const taken = takeToken(this.bucket, this.settings.requestsPerSecond, this.settings.burst, now)
        this.bucket = taken.next
        if (!taken.ok) {
          await sleep(taken.waitMs)
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

  async cooldown(ms: number): Promise<void> {
    this.cooldownUntil = Math.max(this.cooldownUntil, Date.now() + ms)
  }

  async state(): Promise<ThrottleState> {
    return {
      shared: false,
      ...this.settings,
      inFlight: this.inFlight,
      cooldownUntil: this.cooldownUntil > Date.now() ? new Date(this.cooldownUntil).toISOString() : null,
    }
  }

  async close(): Promise<void> {}
}
