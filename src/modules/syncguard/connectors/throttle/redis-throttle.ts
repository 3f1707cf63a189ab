import { randomUUID } from "node:crypto"
import type Redis from "ioredis"
import type { RateLimitSettings, Throttle, ThrottleState } from "./types"

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * One atomic step: respect a cooldown, drop in-flight leases that outlived a crashed worker,
 * check the in-flight cap, refill the token bucket (the same arithmetic as takeToken) and
 * take a token. Redis's own clock, so workers on different machines agree.
 * Returns {1, 0} when admitted, {0, wait_ms} otherwise.
 */
const ADMIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate, burst, max_inflight, lease_ms = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local cooldown = tonumber(redis.call('GET', KEYS[3]) or '0')
if cooldown > now then return {0, cooldown - now} end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if max_inflight > 0 and redis.call('ZCARD', KEYS[2]) >= max_inflight then return {0, 2} end
if rate > 0 then
  local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
  local tokens = tonumber(b[1]) or burst
  local ts = tonumber(b[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - ts) / 1000 * rate)
  if tokens < 1 then
    redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
    return {0, math.ceil((1 - tokens) / rate * 1000)}
  end
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - 1), 'ts', tostring(now))
  redis.call('PEXPIRE', KEYS[1], 3600000)
end
redis.call('ZADD', KEYS[2], now + lease_ms, ARGV[5])
redis.call('PEXPIRE', KEYS[2], 3600000)
return {1, 0}
`

/** Sets the cooldown only if it extends the current one. */
const COOLDOWN = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[1]) + 1000) end
return untilMs
`

/** A throttle shared by every worker process through Redis. */
export class RedisThrottle implements Throttle {
  private readonly keys: [string, string, string]

  constructor(
    private readonly redis: Redis,
    connector: string,
    private readonly settings: RateLimitSettings,
    /** an in-flight slot held longer than this is presumed lost with its worker */
    private readonly leaseMs = 120_000
  ) {
    const prefix = `syncguard:throttle:{${connector}}`
    this.keys = [`${prefix}:bucket`, `${prefix}:inflight`, `${prefix}:cooldown`]
  }

  async acquire(): Promise<() => void> {
    const token = randomUUID()
    for (;;) {
      const [ok, waitMs] = (await this.redis.eval(
        ADMIT,
        3,
        ...this.keys,
        this.settings.requestsPerSecond,
        this.settings.burst,
        this.settings.maxInFlight,
        this.leaseMs,
        token
      )) as [number, number]
      if (ok === 1) {
        let released = false
        return () => {
          if (released) return
          released = true
          this.redis.zrem(this.keys[1], token).catch(() => undefined)
        }
      }
      // a little jitter so waiting workers do not all ask again in the same millisecond
      await sleep(waitMs + Math.random() * Math.min(5, waitMs))
    }
  }

  async cooldown(ms: number): Promise<void> {
    await this.redis.eval(COOLDOWN, 1, this.keys[2], Math.ceil(ms))
  }

  async state(): Promise<ThrottleState> {
    const [inFlight, cooldown, time] = await Promise.all([
      this.redis.zcount(this.keys[1], Date.now(), "+inf"),
      this.redis.get(this.keys[2]),
      this.redis.time(),
    ])
    const now = Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000)
    return {
      shared: true,
      ...this.settings,
      inFlight,
      cooldownUntil: cooldown && Number(cooldown) > now ? new Date(Number(cooldown)).toISOString() : null,
    }
  }

  async close(): Promise<void> {}
}
