export type TokenBucket = { tokens: number; updatedAt: number }

/**
 * The token bucket, one formula for both implementations: `takeToken` below (one process) and
 * `TAKE_TOKEN_LUA` (the shared limiter, run inside Redis with Redis's clock). Keep them in step.
 *
 *   tokens(now) = min(burst, tokens + max(0, now - updatedAt) / 1000 × rate)
 *   tokens(now) ≥ 1  → admitted, the bucket keeps tokens(now) − 1
 *   otherwise        → wait ceil((1 − tokens(now)) / rate × 1000) ms, the bucket keeps tokens(now)
 *
 * A bucket never seen before starts full (tokens = burst). `rate` is tokens a second (> 0),
 * `burst` the most tokens it holds (≥ 1), times are milliseconds.
 */
export function takeToken(
  bucket: TokenBucket,
  rate: number,
  burst: number,
  now: number
): { ok: boolean; waitMs: number; next: TokenBucket } {
  const elapsed = Math.max(0, now - bucket.updatedAt) / 1000
  const tokens = Math.min(burst, bucket.tokens + elapsed * rate)
  if (tokens >= 1) {
    return { ok: true, waitMs: 0, next: { tokens: tokens - 1, updatedAt: now } }
  }
  return { ok: false, waitMs: Math.ceil(((1 - tokens) / rate) * 1000), next: { tokens, updatedAt: now } }
}

/** A new bucket: full. */
export function fullBucket(burst: number, now: number): TokenBucket {
  return { tokens: burst, updatedAt: now }
}

/**
 * `takeToken` in Lua, for scripts that include it. `tokens` and `ts` may be nil (a new bucket).
 * Returns ok (1 or 0), wait_ms, and the tokens to store with `now`.
 */
export const TAKE_TOKEN_LUA = `
local function take_token(tokens, ts, rate, burst, now)
  tokens = tokens or burst
  ts = ts or now
  tokens = math.min(burst, tokens + math.max(0, now - ts) / 1000 * rate)
  if tokens >= 1 then return 1, 0, tokens - 1 end
  return 0, math.ceil((1 - tokens) / rate * 1000), tokens
end
`
