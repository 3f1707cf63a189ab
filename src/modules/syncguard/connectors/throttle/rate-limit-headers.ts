/**
 * What a remote's rate-limit headers say (pure; header names are matched case-insensitively).
 *
 * Read:
 * - `X-RateLimit-Limit` / `X-RateLimit-Remaining` / `X-RateLimit-Reset` (bol.com, GitHub, many
 *   others; also spelled `X-Rate-Limit-*`), and the IETF draft's early `RateLimit-Limit` /
 *   `RateLimit-Remaining` / `RateLimit-Reset`. A Limit may carry policies: `10, 10;w=1, 50;w=60`.
 *   Reset is read as seconds from now, or as a Unix time when it is that large (seconds > 1e9,
 *   milliseconds > 1e12): remotes differ, bol's own examples show both.
 * - IETF `RateLimit-Policy` (`10;w=1`, or `"default";q=10;w=1`, several comma-separated) and
 *   `RateLimit` (`limit=10, remaining=3, reset=1`, or `"default";r=3;t=1`).
 * - `Retry-After` (seconds or an HTTP date).
 */

export type RateLimitHeaders = {
  /** Requests allowed per window (the most restrictive policy's quota when several are stated). */
  limit: number | null
  /** The window the limit is for, when a policy names it (`w=`). */
  windowMs: number | null
  /** Requests left in the current window. */
  remaining: number | null
  /** Until the window resets (or the quota refills), from now. */
  resetMs: number | null
  retryAfterMs: number | null
}

/** A limit as a rate: requests a second, and the window it was measured over. */
export type HeaderRate = { rps: number; windowMs: number }

type Policy = { quota: number; windowMs: number }

/** Null when no rate-limit header is present. */
export function parseRateLimitHeaders(
  headers: Record<string, unknown> | null | undefined,
  now: number
): RateLimitHeaders | null {
  if (!headers || typeof headers !== "object") {
    return null
  }
  const get = headerReader(headers)
  const policies: Policy[] = []
  let limit: number | null = null
  let remaining: number | null = null
  let resetMs: number | null = null

  const policyHeader = get("ratelimit-policy")
  if (policyHeader) policies.push(...parsePolicies(policyHeader))

  const combined = get("ratelimit")
  if (combined) {
    const fields = parseParams(combined)
    limit = num(fields.limit) ?? num(fields.q) ?? limit
    remaining = num(fields.remaining) ?? num(fields.r) ?? remaining
    const reset = num(fields.reset) ?? num(fields.t)
    if (reset !== null) resetMs = resetToMs(reset, now)
    const w = num(fields.w)
    if (limit !== null && w !== null && w > 0) policies.push({ quota: limit, windowMs: w * 1000 })
  }

  for (const prefix of ["x-ratelimit-", "x-rate-limit-", "ratelimit-"]) {
    const l = get(`${prefix}limit`)
    if (l && limit === null) {
      limit = leadingNumber(l)
      policies.push(...parsePolicies(l).filter((p) => p.windowMs > 0))
    }
    const r = get(`${prefix}remaining`)
    if (r && remaining === null) remaining = leadingNumber(r)
    const reset = get(`${prefix}reset`)
    if (reset && resetMs === null) {
      const value = leadingNumber(reset)
      if (value !== null) resetMs = resetToMs(value, now)
    }
  }

  const retryAfterMs = parseRetryAfterHeader(get("retry-after"), now)
  if (limit === null && policies.length > 0) {
    limit = Math.min(...policies.map((p) => p.quota))
  }
  if (limit === null && remaining === null && resetMs === null && policies.length === 0 && retryAfterMs === null) {
    return null
  }
  // a policy that names its window says more than a bare limit
  const tightest = tightestPolicy(policies)
  return {
    limit: tightest ? tightest.quota : limit,
    windowMs: tightest ? tightest.windowMs : null,
    remaining,
    resetMs,
    retryAfterMs,
  }
}

/**
 * The rate the headers state: limit ÷ window. When no policy names the window, it is estimated
 * as the longest reset seen so far (`knownWindowMs`, which the caller keeps) or now, at least 1 s:
 * a reset is never longer than its window, and right after a window opens it is the window.
 * Null without a limit.
 */
export function limitFromHeaders(parsed: RateLimitHeaders | null, knownWindowMs = 0): HeaderRate | null {
  if (!parsed || parsed.limit === null || !(parsed.limit > 0)) {
    return null
  }
  const windowMs = parsed.windowMs ?? Math.max(1000, knownWindowMs, parsed.resetMs ?? 0)
  return { rps: parsed.limit / (windowMs / 1000), windowMs }
}

/**
 * How long nobody should send, by the headers: Retry-After when given, else until the reset
 * when nothing remains (1 s when the reset is not stated). 0 when there is quota left.
 */
export function waitFromHeaders(parsed: RateLimitHeaders | null, status: number): number {
  if (!parsed) {
    return 0
  }
  if (parsed.retryAfterMs !== null && (status === 429 || parsed.remaining === 0)) {
    return parsed.retryAfterMs
  }
  if (parsed.remaining !== null && parsed.remaining <= 0) {
    return parsed.resetMs ?? 1000
  }
  return 0
}

function headerReader(headers: Record<string, unknown>) {
  const lower = new Map<string, unknown>()
  for (const [key, value] of Object.entries(headers)) {
    lower.set(key.toLowerCase(), value)
  }
  return (name: string): string | null => {
    const value = lower.get(name)
    if (value === undefined || value === null) return null
    const text = Array.isArray(value) ? value.join(", ") : String(value)
    return text.trim() === "" ? null : text
  }
}

/** `10;w=1`, `"default";q=10;w=1`, `10, 10;w=1, 50;w=60`: every item that names a quota. */
function parsePolicies(value: string): Policy[] {
  const policies: Policy[] = []
  for (const item of splitTopLevel(value, ",")) {
    const parts = item.split(";").map((p) => p.trim())
    const params = parseParams(parts.slice(1).join(","))
    const quota = num(params.q) ?? leadingNumber(parts[0])
    const w = num(params.w)
    if (quota !== null && quota >= 0) {
      policies.push({ quota, windowMs: w !== null && w > 0 ? w * 1000 : 0 })
    }
  }
  return policies
}

/** The policy allowing the lowest sustained rate (windowless ones aside). */
function tightestPolicy(policies: Policy[]): Policy | null {
  let best: Policy | null = null
  for (const p of policies) {
    if (p.windowMs <= 0) continue
    if (!best || p.quota / p.windowMs < best.quota / best.windowMs) best = p
  }
  return best
}

/** `limit=10, remaining=3, reset=1` or `"default";r=3;t=1` → { limit: "10", … } */
function parseParams(value: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of value.split(/[;,]/)) {
    const eq = part.indexOf("=")
    if (eq < 0) continue
    const key = part.slice(0, eq).trim().toLowerCase()
    const v = part
      .slice(eq + 1)
      .trim()
      .replace(/^"|"$/g, "")
    if (key && !(key in out)) out[key] = v
  }
  return out
}

function splitTopLevel(value: string, sep: string): string[] {
  const out: string[] = []
  let current = ""
  let quoted = false
  for (const ch of value) {
    if (ch === '"') quoted = !quoted
    if (ch === sep && !quoted) {
      out.push(current)
      current = ""
    } else {
      current += ch
    }
  }
  if (current.trim() !== "") out.push(current)
  return out
}

function num(value: string | undefined): number | null {
  if (value === undefined) return null
  return leadingNumber(value)
}

function leadingNumber(value: string): number | null {
  const match = /^\s*"?(\d+(?:\.\d+)?)/.exec(value)
  if (!match) return null
  const n = Number(match[1])
  return Number.isFinite(n) ? n : null
}

/** Seconds from now, or a Unix time in seconds (> 1e9) or milliseconds (> 1e12). */
function resetToMs(value: number, now: number): number {
  if (value > 1e12) return Math.max(0, value - now)
  if (value > 1e9) return Math.max(0, value * 1000 - now)
  return value * 1000
}

function parseRetryAfterHeader(value: string | null, now: number): number | null {
  if (value === null) return null
  const text = value.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000
  const at = /[a-z]{3}/i.test(text) ? Date.parse(text) : NaN
  return Number.isNaN(at) ? null : Math.max(0, at - now)
}

/** One answer of the remote, as the throttle reads it. */
export type Feedback = {
  /** Answered, and not refused for rate: counts toward the measured success rate. */
  success: boolean
  rateLimited: boolean
  /** Nobody should send for this long (0: no pause asked for). */
  waitMs: number
  /** The limit the headers state, if they do. */
  header: HeaderRate | null
}

/** A 429 that says nothing about how long: everyone pauses this long. */
export const DEFAULT_429_PAUSE_MS = 1000
/** The shortest pause a 429 causes. */
export const MIN_429_PAUSE_MS = 50

/**
 * Reads one answer: a 429 pauses everyone for its Retry-After (at least 50 ms; or until the
 * headers' reset, or 1 s); any answer saying nothing remains pauses until the reset; 2xx-4xx other than 429 are
 * successes as far as the rate goes (the remote took them in), 5xx are neither.
 */
export function readFeedback(
  response: { status: number; headers?: Record<string, unknown> | null },
  now: number,
  knownWindowMs = 0
): Feedback {
  const status = Number(response.status)
  const parsed = parseRateLimitHeaders(response.headers ?? null, now)
  const rateLimited = status === 429
  const wait = waitFromHeaders(parsed, status)
  const retryAfter = rateLimited ? (parsed?.retryAfterMs ?? null) : null
  return {
    success: status >= 200 && status < 500 && !rateLimited,
    rateLimited,
    // "Retry-After: 0" still means "not this instant" (50 ms); a 429 that says nothing, 1 s
    waitMs:
      retryAfter !== null
        ? Math.max(MIN_429_PAUSE_MS, retryAfter)
        : wait > 0
          ? wait
          : rateLimited
            ? DEFAULT_429_PAUSE_MS
            : 0,
    header: limitFromHeaders(parsed, knownWindowMs),
  }
}
