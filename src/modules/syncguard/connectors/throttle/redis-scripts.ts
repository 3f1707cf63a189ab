import type Redis from "ioredis"
import { TAKE_TOKEN_LUA } from "./token-bucket"

/**
 * The shared limiter's Lua, registered once per client with ioredis `defineCommand` (EVALSHA,
 * falling back to EVAL when Redis lost its script cache). Every script reads Redis's own clock,
 * so workers on different machines agree. Keys of one connector share a hash tag ({connector}).
 */

const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`

/**
 * KEYS: bucket, inflight, cooldown, learn
 * ARGV: cap_rps, burst (0 = rate / 10), max_inflight, lease_ms, token, learn (0/1), initial_rps
 *
 * Respects a cooldown, drops in-flight leases that outlived a crashed worker, checks the
 * in-flight cap, then takes a token at the rate in effect: the configured cap, or the learned
 * rate below it. A caller that has to wait marks the bucket saturated (`limited`), which lets
 * the learned rate grow. Returns {1, 0, rate, 'ok'} when admitted, {0, wait_ms, rate, why} otherwise
 * (why: 'cooldown', 'inflight' or 'rate').
 */
const ADMIT = `${TAKE_TOKEN_LUA}${NOW}
local cap, burst, max_inflight, lease_ms = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local cooldown = tonumber(redis.call('GET', KEYS[3]) or '0')
local rate = cap
if ARGV[6] == '1' then
  local learned = tonumber(redis.call('HGET', KEYS[4], 'rps') or ARGV[7])
  if rate <= 0 or learned < rate then rate = learned end
end
if cooldown > now then return {0, cooldown - now, tostring(rate), 'cooldown'} end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if max_inflight > 0 and redis.call('ZCARD', KEYS[2]) >= max_inflight then return {0, 2, tostring(rate), 'inflight'} end
if rate > 0 then
  if burst <= 0 then burst = math.max(1, math.floor(rate / 10 + 0.5)) end
  local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
  local ok, wait, tokens = take_token(tonumber(b[1]), tonumber(b[2]), rate, burst, now)
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
  redis.call('PEXPIRE', KEYS[1], 3600000)
  if ok == 0 then
    redis.call('HSET', KEYS[1], 'limited', tostring(now))
    return {0, wait, tostring(rate), 'rate'}
  end
end
redis.call('ZADD', KEYS[2], now + lease_ms, ARGV[5])
redis.call('PEXPIRE', KEYS[2], 3600000)
return {1, 0, tostring(rate), 'ok'}
`

/** KEYS: cooldown. ARGV: ms. Sets the cooldown only if it extends the current one. */
const COOLDOWN = `${NOW}
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[1]) + 1000) end
return untilMs
`

/**
 * KEYS: learn, counts, workers, bucket
 * ARGV: worker_id, successes, rate_limited, live_ms, keep_seconds
 *
 * One worker's news since its last report, and its heartbeat: adds its successes to the count of
 * the current second, its 429s to the learned state (`rateLimited`, `last429At`), keeps its id
 * in the live-worker registry. Returns {now, live workers, learned state (flat), counts (flat),
 * when the bucket last made someone wait}.
 */
const FEEDBACK = `${NOW}
redis.call('ZADD', KEYS[3], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[4]))
redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[4]) * 2)
local live = redis.call('ZCARD', KEYS[3])
local second = math.floor(now / 1000)
local keep = tonumber(ARGV[5])
if tonumber(ARGV[2]) > 0 then
  redis.call('HINCRBY', KEYS[2], tostring(second), tonumber(ARGV[2]))
  redis.call('PEXPIRE', KEYS[2], (keep + 5) * 1000)
end
local counts = redis.call('HGETALL', KEYS[2])
local kept = {}
for i = 1, #counts, 2 do
  if tonumber(counts[i]) < second - keep then
    redis.call('HDEL', KEYS[2], counts[i])
  else
    kept[#kept + 1] = counts[i]
    kept[#kept + 1] = counts[i + 1]
  end
end
if tonumber(ARGV[3]) > 0 then
  redis.call('HINCRBY', KEYS[1], 'rateLimited', tonumber(ARGV[3]))
  local last = tonumber(redis.call('HGET', KEYS[1], 'last429At') or '0')
  if now > last then redis.call('HSET', KEYS[1], 'last429At', tostring(now)) end
  redis.call('PEXPIRE', KEYS[1], 86400000)
end
return {tostring(now), live, redis.call('HGETALL', KEYS[1]), kept, redis.call('HGET', KEYS[4], 'limited') or '0'}
`

/**
 * KEYS: learn. ARGV: expected version, then field/value pairs.
 * Writes a learning decision only if nobody wrote one since it was read (compare-and-set on `v`),
 * so concurrent 429s seen by several workers make one decrease, not one each. Returns the new
 * version, or 0 when another worker got there first.
 */
const COMMIT = `
local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if v ~= tonumber(ARGV[1]) then return 0 end
local fields = {}
for i = 2, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], 'v', tostring(v + 1), unpack(fields))
redis.call('PEXPIRE', KEYS[1], 86400000)
return v + 1
`

type Arg = string | number

/** The commands `defineThrottleCommands` adds to a client. */
export type ThrottleRedis = Redis & {
  syncguardThrottleAdmit(
    bucket: string,
    inflight: string,
    cooldown: string,
    learn: string,
    ...args: Arg[]
  ): Promise<[number, number, string, string]>
  syncguardThrottleCooldown(cooldown: string, ms: Arg): Promise<number>
  syncguardThrottleFeedback(
    learn: string,
    counts: string,
    workers: string,
    bucket: string,
    ...args: Arg[]
  ): Promise<[string, number, string[], string[], string]>
  syncguardThrottleCommit(learn: string, ...args: Arg[]): Promise<number>
}

const defined = new WeakSet<object>()

/** Registers the scripts on `redis` (once per client) and returns it typed. */
export function defineThrottleCommands(redis: Redis): ThrottleRedis {
  if (!defined.has(redis)) {
    redis.defineCommand("syncguardThrottleAdmit", { numberOfKeys: 4, lua: ADMIT })
    redis.defineCommand("syncguardThrottleCooldown", { numberOfKeys: 1, lua: COOLDOWN })
    redis.defineCommand("syncguardThrottleFeedback", { numberOfKeys: 4, lua: FEEDBACK })
    redis.defineCommand("syncguardThrottleCommit", { numberOfKeys: 1, lua: COMMIT })
    defined.add(redis)
  }
  return redis as ThrottleRedis
}
