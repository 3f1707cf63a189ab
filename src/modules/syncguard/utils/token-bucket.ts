export type TokenBucket = { tokens: number; updatedAt: number }

/**
 * Refills at `rate` tokens a second up to `burst`, then takes one if it can. Returns how
 * long to wait when it cannot. The same arithmetic runs in Redis (Lua) for shared limits.
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
