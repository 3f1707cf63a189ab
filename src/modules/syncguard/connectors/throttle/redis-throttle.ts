import { randomUUID } from "node:crypto"
import { hostname } from "node:os"
import type Redis from "ioredis"
import {
  decideRate,
  effectiveRate,
  initialLearnedRate,
  LearnedRate,
  LearnSettings,
  measuredRateFor,
  rateSource,
  shareOf,
} from "./learn-rate"
import { burstFor, LocalLearner, LocalLimiter, SATURATED_WITHIN_MS, SecondCounts } from "./local-throttle"
import { HeaderRate, readFeedback } from "./rate-limit-headers"
import { defineThrottleCommands, ThrottleRedis } from "./redis-scripts"
import { learnSettingsOf } from "./settings"
import { decodeLearned, encodeLearned, pairs } from "./learned-state-codec"
import type { RateLimitSettings, Throttle, ThrottleFeedback, ThrottleLogger, ThrottleState } from "./types"

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Sleeps in the admission loop are cut to this, so a changed rate or mode is seen soon. */
const MAX_SLEEP_MS = 250
/** Success counts kept in Redis, seconds (the learner looks back at most a minute). */
const KEEP_SECONDS = 65

export type RedisThrottleOptions = {
  /** Warns once when Redis stops answering, and says when it answers again. */
  logger?: ThrottleLogger
  /** This process's id in the live-worker registry. @default host:pid:random */
  workerId?: string
  /** A Redis call slower than this counts as Redis not answering. @default 250 */
  redisTimeoutMs?: number
  /** While Redis is not answering, ask it again this often. @default 1500 */
  probeIntervalMs?: number
  /** Feedback (successes, 429s, headers) goes to Redis this often while there is any. @default 250 */
  syncIntervalMs?: number
  /** Heartbeat into the live-worker registry this often. @default 2000 */
  heartbeatMs?: number
  /** A worker without a heartbeat for this long is not counted. @default 10000 */
  liveMs?: number
  /** An in-flight slot held longer than this is presumed lost with its worker. @default 120000 */
  leaseMs?: number
}

class RedisUnavailable extends Error {}

/**
 * A throttle shared by every worker through Redis, that never fails because of Redis.
 *
 * While Redis answers (within `redisTimeoutMs`), admission is one token bucket and one in-flight
 * cap for all workers, and what the remote says (429s, Retry-After, rate-limit headers) is
 * learned into one rate, kept in Redis per connector. When a Redis call fails or is slow, the
 * worker switches at once to a local limiter at its share of the global rate (the global rate ÷
 * the live workers it last saw, 2 when it never saw any), starting from the rate learned
 * together; warns once; asks Redis again every `probeIntervalMs` and goes back to the shared
 * limit when it answers. Nothing here rejects because of Redis: a Redis fault is never charged
 * to the remote.
 */
export class RedisThrottle implements Throttle {
  readonly workerId: string
  private readonly redis: ThrottleRedis
  private readonly keys: {
    bucket: string
    inflight: string
    cooldown: string
    learn: string
    counts: string
    workers: string
  }
  private readonly learnSettings: LearnSettings | null
  private readonly logger?: ThrottleLogger
  private readonly timeoutMs: number
  private readonly probeIntervalMs: number
  private readonly syncIntervalMs: number
  private readonly heartbeatMs: number
  private readonly liveMs: number
  private readonly leaseMs: number

  private mode: "shared" | "degraded" = "shared"
  private degradedSince = 0
  private degradedReason: string | null = null
  /** The learned state as last read from Redis. */
  private shared: LearnedRate | null = null
  private liveWorkers: number | null = null
  /** While degraded: this worker's share of the global limit (1 / workers). */
  private share = 1
  private localLearner: LocalLearner | null = null
  /** Admission while degraded; its cooldown mirrors every cooldown, in every mode. */
  private readonly local: LocalLimiter
  private pending = { successes: 0, rateLimited: 0, header: null as HeaderRate | null }
  private syncing: Promise<void> | null = null
  private lastSyncAt = 0
  private lastProbeAt = 0
  private readonly timer: ReturnType<typeof setInterval>
  private closed = false
  private queue: Promise<unknown> = Promise.resolve()
  private readonly rateLimitedRecently = new SecondCounts()
  private rateLimitedHere = 0
  private lastRateLimitedAt = 0
  /** In-flight slots released while Redis could not hear it. */
  private readonly orphans = new Set<string>()

  constructor(
    redis: Redis,
    private readonly connector: string,
    private readonly settings: RateLimitSettings,
    options: RedisThrottleOptions = {}
  ) {
    this.redis = defineThrottleCommands(redis)
    const prefix = `syncguard:throttle:{${connector}}`
    this.keys = {
      bucket: `${prefix}:bucket`,
      inflight: `${prefix}:inflight`,
      cooldown: `${prefix}:cooldown`,
      learn: `${prefix}:learn`,
      counts: `${prefix}:counts`,
      workers: `${prefix}:workers`,
    }
    this.learnSettings = learnSettingsOf(settings)
    this.logger = options.logger
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
    this.timeoutMs = options.redisTimeoutMs ?? 250
    this.probeIntervalMs = options.probeIntervalMs ?? 1500
    this.syncIntervalMs = options.syncIntervalMs ?? 250
    this.heartbeatMs = options.heartbeatMs ?? 2000
    this.liveMs = options.liveMs ?? 10_000
    this.leaseMs = options.leaseMs ?? 120_000
    this.local = new LocalLimiter(() => this.localLimits())
    this.timer = setInterval(() => this.tick(), this.syncIntervalMs)
    this.timer.unref?.()
    // join the live-worker registry (and learn the shared state) right away
    this.kick()
  }

  /** The keys this throttle uses in Redis (tests and benchmarks clean them up). */
  redisKeys(): string[] {
    return Object.values(this.keys)
  }

  acquire(): Promise<() => void> {
    // one waiter per process asks Redis at a time, in arrival order
    const turn = this.queue.then(() => this.admit())
    this.queue = turn.catch(() => undefined)
    return turn
  }

  private async admit(): Promise<() => void> {
    const token = randomUUID()
    for (;;) {
      if (this.mode === "degraded") {
        return this.local.acquire()
      }
      const localWait = this.local.cooldownUntilMs - Date.now()
      if (localWait > 0) {
        await sleep(Math.min(localWait, MAX_SLEEP_MS))
        continue
      }
      let answer: [number, number, string, string]
      try {
        answer = await this.call("admit", () =>
          this.redis.syncguardThrottleAdmit(
            this.keys.bucket,
            this.keys.inflight,
            this.keys.cooldown,
            this.keys.learn,
            this.settings.requestsPerSecond,
            this.settings.burst,
            this.settings.maxInFlight,
            this.leaseMs,
            token,
            this.learnSettings ? 1 : 0,
            this.learnSettings?.initialRps ?? 0
          )
        )
      } catch (error) {
        this.degrade(error)
        continue
      }
      const [ok, waitMs, , why] = answer
      if (why === "rate") this.local.limitedAt = Date.now()
      if (ok === 1) {
        let released = false
        return () => {
          if (released) return
          released = true
          // when Redis cannot take it back now, it does on recovery (else the lease expires it)
          this.redis.zrem(this.keys.inflight, token).catch(() => this.orphans.add(token))
        }
      }
      // a little jitter so waiting workers do not all ask again in the same millisecond
      await sleep(Math.min(MAX_SLEEP_MS, Number(waitMs) + Math.random() * Math.min(5, Number(waitMs))))
    }
  }

  async cooldown(ms: number): Promise<void> {
    const wait = Math.max(0, Math.ceil(ms))
    // mirrored locally: this worker holds back even if Redis cannot tell the others
    this.local.cooldown(wait)
    if (this.mode !== "shared" || wait === 0) return
    try {
      await this.call("cooldown", () => this.redis.syncguardThrottleCooldown(this.keys.cooldown, wait))
    } catch (error) {
      this.degrade(error)
    }
  }

  observe(response: ThrottleFeedback): void {
    try {
      const now = Date.now()
      const learned = this.mode === "degraded" ? this.localLearner?.state : this.shared
      const feedback = readFeedback(response, now, learned?.headerWindowMs ?? 0)
      if (feedback.waitMs > 0) void this.cooldown(feedback.waitMs)
      if (feedback.rateLimited) {
        this.rateLimitedRecently.add(now)
        this.rateLimitedHere++
        this.lastRateLimitedAt = now
      }
      if (this.mode === "degraded") {
        const learner = this.localLearner
        if (!learner) return
        if (feedback.success) learner.success(now)
        if (feedback.rateLimited) learner.rateLimited(now)
        // the headers state the remote's whole limit; this worker takes its share of it
        if (feedback.header) learner.stated({ ...feedback.header, rps: feedback.header.rps * this.share })
        if (feedback.rateLimited || feedback.header) {
          learner.decide(now, now - this.local.limitedAt < SATURATED_WITHIN_MS, true)
        }
        return
      }
      if (feedback.success) this.pending.successes++
      if (feedback.rateLimited) this.pending.rateLimited++
      if (feedback.header) this.pending.header = feedback.header
      const news = feedback.header && Math.abs((this.shared?.headerRps ?? -1) - feedback.header.rps) > 1e-9
      if (feedback.rateLimited || news) this.kick()
    } catch {
      // feedback must never break a request
    }
  }

  async state(): Promise<ThrottleState> {
    const now = Date.now()
    let inFlight = this.local.inFlightCount
    let cooldownUntil = this.local.cooldownUntilMs
    let rateLimitedTotal = this.rateLimitedHere
    if (this.mode === "shared") {
      try {
        const [count, cooldown, learnFlat] = await this.call("state", async () => {
          const results = await this.redis
            .pipeline()
            .zcount(this.keys.inflight, now, "+inf")
            .get(this.keys.cooldown)
            .hgetall(this.keys.learn)
            .exec()
          const failed = results?.find(([error]) => error)
          if (!results || failed) throw failed?.[0] ?? new Error("no answer")
          return [
            Number(results[0][1]),
            Number(results[1][1] ?? 0),
            (results[2][1] ?? {}) as Record<string, string>,
          ] as const
        })
        inFlight = count
        cooldownUntil = Math.max(cooldownUntil, cooldown)
        // the learned state as it is now (another worker may have decided since this one's last report)
        const fresh = decodeLearned(Object.entries(learnFlat).flat(), this.learnSettings, now)
        if (fresh.stored || !this.shared) this.shared = fresh.state
        rateLimitedTotal = this.shared?.rateLimited ?? rateLimitedTotal
      } catch (error) {
        this.degrade(error)
      }
    }
    const degraded = this.mode === "degraded"
    const cap = this.settings.requestsPerSecond
    let global = cap
    let local: number | null = null
    let learned: LearnedRate | null = null
    let source: ThrottleState["rateSource"] = "configured"
    if (this.learnSettings) {
      learned = this.shared ?? initialLearnedRate(this.learnSettings, now)
      global = effectiveRate(learned, this.learnSettings, now)
      source = rateSource(learned, this.learnSettings, now)
    }
    if (degraded) {
      local = this.localLimits().rps
      if (this.localLearner) {
        // what this worker learned alone, as the whole remote's rate
        learned = shareOf(this.localLearner.state, this.localLearner.settings, 1 / this.share).state
        source = rateSource(this.localLearner.state, this.localLearner.settings, now)
      }
    }
    return {
      shared: !degraded,
      mode: degraded ? "degraded" : "shared",
      degradedSince: degraded ? new Date(this.degradedSince).toISOString() : null,
      degradedReason: degraded ? this.degradedReason : null,
      requestsPerSecond: cap,
      burst: degraded ? this.localLimits().burst : burstFor(this.settings.burst, global),
      maxInFlight: this.settings.maxInFlight,
      inFlight,
      cooldownUntil: cooldownUntil > now ? new Date(cooldownUntil).toISOString() : null,
      learn: this.learnSettings !== null,
      effectiveRequestsPerSecond: global,
      localRequestsPerSecond: local,
      rateSource: source,
      learnedRequestsPerSecond: learned?.rps ?? null,
      ceilingRequestsPerSecond: learned?.ceilingRps ?? null,
      headerRequestsPerSecond: learned?.headerRps ?? null,
      rateLimitedTotal: Math.max(rateLimitedTotal, this.rateLimitedHere),
      rateLimitedLastMinute: this.rateLimitedRecently.within(now, 60_000),
      lastRateLimitedAt:
        Math.max(this.lastRateLimitedAt, this.shared?.last429At ?? 0) > 0
          ? new Date(Math.max(this.lastRateLimitedAt, this.shared?.last429At ?? 0)).toISOString()
          : null,
      liveWorkers: this.liveWorkers,
    }
  }

  /** Stops the heartbeat and the probes, and leaves the live-worker registry. The Redis client is the caller's. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    clearInterval(this.timer)
    if (this.mode === "shared") {
      await this.call("leave", () => this.redis.zrem(this.keys.workers, this.workerId)).catch(() => undefined)
    }
  }

  // ---------------------------------------------------------------- Redis, with a deadline

  /**
   * Runs one Redis call with this throttle's own deadline, whatever the client's offline queue,
   * retry and timeout settings: a client that is reconnecting fails at once, one still making
   * its first connection gets the deadline to become ready, and a call that takes longer than
   * `redisTimeoutMs` in all fails then (its late answer is ignored).
   */
  private call<T>(what: string, run: () => Promise<T>): Promise<T> {
    const redis = this.redis
    const status = redis.status
    if (status === "reconnecting" || status === "close" || status === "end") {
      return Promise.reject(new RedisUnavailable(`connection ${status}`))
    }
    return new Promise<T>((resolve, reject) => {
      let settled = false
      const finish = (error: unknown, value?: T) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        redis.off("ready", start)
        if (error) reject(error)
        else resolve(value as T)
      }
      const timer = setTimeout(
        () => finish(new RedisUnavailable(`${what} took longer than ${this.timeoutMs} ms (status ${redis.status})`)),
        this.timeoutMs
      )
      function start() {
        if (settled) return
        redis.off("ready", start)
        let pending: Promise<T>
        try {
          pending = run()
        } catch (error) {
          finish(error)
          return
        }
        pending.then(
          (value) => finish(null, value),
          (error) => finish(error ?? new RedisUnavailable(`${what} failed`))
        )
      }
      if (status === "ready") {
        start()
        return
      }
      // still connecting (or not yet asked to): wait for it within the same deadline
      redis.on("ready", start)
      if (status === "wait") redis.connect().catch(() => undefined)
    })
  }

  // ---------------------------------------------------------------- degraded mode

  private degrade(error: unknown): void {
    if (this.mode === "degraded" || this.closed) return
    const now = Date.now()
    this.mode = "degraded"
    this.degradedSince = now
    this.degradedReason = `Redis not answering: ${error instanceof Error ? error.message : String(error)}`
    this.lastProbeAt = now
    const workers = Math.max(1, this.liveWorkers ?? 2)
    this.share = 1 / workers
    this.pending = { successes: 0, rateLimited: 0, header: null }
    if (this.learnSettings) {
      const from = shareOf(this.shared ?? initialLearnedRate(this.learnSettings, now), this.learnSettings, this.share)
      this.localLearner = new LocalLearner({ ...from.state, updatedAt: now }, from.settings)
    }
    const rps = this.localLimits().rps
    this.logger?.warn(
      `syncguard: rate limiter for ${this.connector}: ${this.degradedReason}. This worker limits itself to ` +
        `${rps > 0 ? `${round(rps)} requests/s` : "no rate"} (1/${workers} of the shared limit) until Redis answers; ` +
        `nothing is charged to the remote. Asking Redis again every ${round(this.probeIntervalMs / 1000)} s.`
    )
  }

  /** While degraded: this worker's share of the global limit. */
  private localLimits(): { rps: number; burst: number; maxInFlight: number } {
    const now = Date.now()
    let rps = this.settings.requestsPerSecond * this.share
    if (this.localLearner) {
      this.localLearner.decide(now, now - this.local.limitedAt < SATURATED_WITHIN_MS)
      rps = this.localLearner.rate(now)
    }
    const burst = this.settings.burst > 0 ? Math.max(1, Math.floor(this.settings.burst * this.share)) : burstFor(0, rps)
    const maxInFlight =
      this.settings.maxInFlight > 0 ? Math.max(1, Math.floor(this.settings.maxInFlight * this.share)) : 0
    return { rps, burst, maxInFlight }
  }

  private async probe(): Promise<void> {
    this.lastProbeAt = Date.now()
    try {
      await this.call("ping", () => this.redis.ping())
    } catch {
      return
    }
    // a heartbeat and the shared state, before anyone is admitted through Redis again
    if (!(await this.sync(false)) || this.closed) return
    if (this.orphans.size > 0) {
      const tokens = [...this.orphans]
      this.orphans.clear()
      await this.call("release", () => this.redis.zrem(this.keys.inflight, ...tokens)).catch(() => undefined)
    }
    const down = Date.now() - this.degradedSince
    this.mode = "shared"
    this.localLearner = null
    this.degradedReason = null
    this.logger?.info(
      `syncguard: rate limiter for ${this.connector}: Redis answers again after ${round(down / 1000)} s; back to the shared limit`
    )
  }

  // ---------------------------------------------------------------- feedback and heartbeat

  private tick(): void {
    if (this.closed || this.syncing) return
    const now = Date.now()
    if (this.mode === "degraded") {
      if (now - this.lastProbeAt >= this.probeIntervalMs) this.run(() => this.probe())
      return
    }
    const news = this.pending.successes > 0 || this.pending.rateLimited > 0 || this.pending.header !== null
    const saturated = now - this.local.limitedAt < SATURATED_WITHIN_MS
    if (news || now - this.lastSyncAt >= this.heartbeatMs || (this.learnSettings && saturated)) {
      this.run(() => this.sync().then(() => undefined))
    }
  }

  /** Report now (a 429, a new header limit). */
  private kick(): void {
    if (this.closed || this.syncing || this.mode !== "shared") return
    this.run(() => this.sync().then(() => undefined))
  }

  private run(work: () => Promise<void>): void {
    this.syncing = work()
      .catch(() => undefined)
      .finally(() => {
        this.syncing = null
      })
  }

  /**
   * Sends this worker's news and heartbeat, reads the shared learned state, and, when learning,
   * decides the next rate and writes it (compare-and-set: one decision per change, whichever
   * worker makes it). False when Redis did not answer (the throttle is degraded then).
   */
  private async sync(degradeOnFailure = true): Promise<boolean> {
    const news = this.pending
    this.pending = { successes: 0, rateLimited: 0, header: null }
    try {
      // a lost compare-and-set means another worker just decided: read its decision, decide again
      for (let round = 0; round < 3; round++) {
        const first = round === 0
        const [nowText, live, learnFlat, countsFlat, limitedText] = await this.call("feedback", () =>
          this.redis.syncguardThrottleFeedback(
            this.keys.learn,
            this.keys.counts,
            this.keys.workers,
            this.keys.bucket,
            this.workerId,
            first ? news.successes : 0,
            first ? news.rateLimited : 0,
            this.liveMs,
            KEEP_SECONDS
          )
        )
        this.lastSyncAt = Date.now()
        const now = Number(nowText)
        this.liveWorkers = Number(live)
        const settings = this.learnSettings
        const { state, version, stored } = decodeLearned(learnFlat, settings, now)
        this.shared = state
        if (!settings || !state) return true
        const counts = pairs(countsFlat).map(([second, n]) => [Number(second), Number(n)] as const)
        // the bucket made someone wait lately (any worker), or this worker's own view says so
        const limitedAt = Math.max(Number(limitedText) || 0, this.local.limitedAt)
        const next = decideRate(
          state,
          {
            now,
            measuredRps: measuredRateFor(state, counts, now),
            saturated: now - limitedAt < SATURATED_WITHIN_MS,
            header: news.header,
          },
          settings
        )
        if (next === state && stored) return true
        const committed = await this.call("commit", () =>
          this.redis.syncguardThrottleCommit(this.keys.learn, version, ...encodeLearned(next))
        )
        if (committed > 0) {
          this.shared = next
          return true
        }
      }
      return true
    } catch (error) {
      if (degradeOnFailure) this.degrade(error)
      return false
    }
  }
}

function round(n: number): string {
  return n >= 10 ? n.toFixed(0) : n >= 1 ? n.toFixed(1) : n.toFixed(2)
}
