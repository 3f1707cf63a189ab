"use strict"

/**
 * Fault configuration, the seeded RNG that draws fault decisions, and the
 * token bucket behind `rateLimit`. Nothing in here knows about HTTP.
 */

/**
 * @typedef {{ fromMs: number, toMs: number }} DownWindow
 * @typedef {"none" | "x-ratelimit" | "ietf"} RateLimitHeaderStyle
 * @typedef {{ rps: number, burst?: number, headers?: RateLimitHeaderStyle, retryAfter?: boolean }} RateLimit
 *   `headers` (default "none"): rate-limit headers on every answer the limiter sees —
 *   "x-ratelimit": X-RateLimit-Limit (rps: requests per 1-second window, as bol.com states its
 *   limits), X-RateLimit-Remaining (whole tokens left), X-RateLimit-Reset (seconds until the next
 *   whole token, at least 1); "ietf": RateLimit-Policy `<rps>;w=1` and RateLimit
 *   `limit=<rps>, remaining=<tokens>, reset=<seconds>`. `retryAfter` (default true): false sends
 *   429s without Retry-After (real remotes differ).
 * @typedef {"none" | "ignore_filter" | "prefix" | "mix" | "inconsistent_pages" | "case_insensitive" | "missing_filter_field"} InvoiceDrift
 * @typedef {"none" | "wrong_invoice"} InvoiceByIdDrift
 * @typedef {{
 *   down: boolean,
 *   downWindows: DownWindow[],
 *   rateLimit: RateLimit | null,
 *   retryAfterFormat: "seconds" | "http-date",
 *   errorRate: number,
 *   timeoutRate: number,
 *   hangMs: number,
 *   lateCommitRate: number,
 *   lateCommitMs: number,
 *   latencyMs: number | [number, number],
 *   lostAckRate: number,
 *   rejectExternalIds: string[],
 *   honourIdempotencyKey: boolean,
 *   uniqueExternalId: boolean,
 *   invoiceDrift: InvoiceDrift,
 *   invoiceMixRate: number,
 *   invoiceByIdDrift: InvoiceByIdDrift,
 *   orderFeedOverlap: number,
 *   orderFeedEdits: string[],
 *   seed: number | undefined,
 * }} Faults
 */

/** @type {readonly InvoiceDrift[]} `GET /invoices` filter drift modes (see invoices.js) */
const INVOICE_DRIFTS = [
  "none",
  "ignore_filter",
  "prefix",
  "mix",
  "inconsistent_pages",
  "case_insensitive",
  "missing_filter_field",
]
/** @type {readonly RateLimitHeaderStyle[]} */
const RATE_LIMIT_HEADER_STYLES = ["none", "x-ratelimit", "ietf"]
/** @type {readonly InvoiceByIdDrift[]} `GET /invoices/:id` drift modes */
const INVOICE_BY_ID_DRIFTS = ["none", "wrong_invoice"]

/** @returns {Faults} a fresh "no faults" configuration */
function defaultFaults() {
  return {
    down: false,
    downWindows: [],
    rateLimit: null,
    retryAfterFormat: "seconds",
    errorRate: 0,
    timeoutRate: 0,
    hangMs: 30000,
    lateCommitRate: 0,
    lateCommitMs: 5000,
    latencyMs: 0,
    lostAckRate: 0,
    rejectExternalIds: [],
    honourIdempotencyKey: true,
    uniqueExternalId: true,
    invoiceDrift: "none",
    invoiceMixRate: 0.2,
    invoiceByIdDrift: "none",
    orderFeedOverlap: 0,
    orderFeedEdits: [],
    seed: undefined,
  }
}

const KNOWN_KEYS = new Set(Object.keys(defaultFaults()))

/** @type {(v: unknown) => v is number} */
const isFiniteNumber = (v) => typeof v === "number" && Number.isFinite(v)

/**
 * @param {string} name
 * @param {unknown} v
 */
function assertRate(name, v) {
  if (!isFiniteNumber(v) || v < 0 || v > 1) {
    throw new TypeError(`${name} must be a number between 0 and 1`)
  }
}

/**
 * Validate a partial fault config and merge it over `current` (shallow merge;
 * nested objects such as `rateLimit` are replaced, not merged). Throws a
 * TypeError describing the first invalid field, leaving `current` untouched.
 *
 * @param {Faults} current
 * @param {Partial<Faults>} partial
 * @returns {Faults}
 */
function mergeFaults(current, partial) {
  if (partial === null || typeof partial !== "object" || Array.isArray(partial)) {
    throw new TypeError("faults must be an object")
  }
  for (const key of Object.keys(partial)) {
    if (!KNOWN_KEYS.has(key)) throw new TypeError(`unknown fault: ${key}`)
  }
  const next = { ...current, ...partial }

  if (typeof next.down !== "boolean") throw new TypeError("down must be a boolean")
  if (
    !Array.isArray(next.downWindows) ||
    !next.downWindows.every((w) => w && isFiniteNumber(w.fromMs) && isFiniteNumber(w.toMs))
  ) {
    throw new TypeError("downWindows must be an array of { fromMs, toMs }")
  }
  if (next.rateLimit != null) {
    const { rps, burst, headers, retryAfter } = next.rateLimit
    if (!isFiniteNumber(rps) || rps <= 0) throw new TypeError("rateLimit.rps must be > 0")
    if (burst !== undefined && (!isFiniteNumber(burst) || burst < 1)) {
      throw new TypeError("rateLimit.burst must be >= 1")
    }
    if (headers !== undefined && !RATE_LIMIT_HEADER_STYLES.includes(headers)) {
      throw new TypeError(
        `rateLimit.headers must be one of ${RATE_LIMIT_HEADER_STYLES.map((m) => `"${m}"`).join(", ")}`
      )
    }
    if (retryAfter !== undefined && typeof retryAfter !== "boolean")
      throw new TypeError("rateLimit.retryAfter must be a boolean")
  } else {
    next.rateLimit = null
  }
  if (next.retryAfterFormat !== "seconds" && next.retryAfterFormat !== "http-date") {
    throw new TypeError('retryAfterFormat must be "seconds" or "http-date"')
  }
  assertRate("errorRate", next.errorRate)
  assertRate("timeoutRate", next.timeoutRate)
  assertRate("lostAckRate", next.lostAckRate)
  if (!isFiniteNumber(next.hangMs) || next.hangMs < 0) throw new TypeError("hangMs must be >= 0")
  assertRate("lateCommitRate", next.lateCommitRate)
  if (!isFiniteNumber(next.lateCommitMs) || next.lateCommitMs < 0) throw new TypeError("lateCommitMs must be >= 0")
  const lat = next.latencyMs
  const latOk = Array.isArray(lat)
    ? lat.length === 2 && lat.every((n) => isFiniteNumber(n) && n >= 0) && lat[0] <= lat[1]
    : isFiniteNumber(lat) && lat >= 0
  if (!latOk) throw new TypeError("latencyMs must be a number >= 0 or [min, max]")
  if (!Array.isArray(next.rejectExternalIds) || !next.rejectExternalIds.every((s) => typeof s === "string")) {
    throw new TypeError("rejectExternalIds must be an array of strings")
  }
  if (typeof next.honourIdempotencyKey !== "boolean") {
    throw new TypeError("honourIdempotencyKey must be a boolean")
  }
  if (typeof next.uniqueExternalId !== "boolean") throw new TypeError("uniqueExternalId must be a boolean")
  if (!INVOICE_DRIFTS.includes(next.invoiceDrift)) {
    throw new TypeError(`invoiceDrift must be one of ${INVOICE_DRIFTS.map((m) => `"${m}"`).join(", ")}`)
  }
  assertRate("invoiceMixRate", next.invoiceMixRate)
  if (!INVOICE_BY_ID_DRIFTS.includes(next.invoiceByIdDrift)) {
    throw new TypeError(`invoiceByIdDrift must be one of ${INVOICE_BY_ID_DRIFTS.map((m) => `"${m}"`).join(", ")}`)
  }
  if (!Number.isInteger(next.orderFeedOverlap) || next.orderFeedOverlap < 0) {
    throw new TypeError("orderFeedOverlap must be an integer >= 0")
  }
  if (!Array.isArray(next.orderFeedEdits) || !next.orderFeedEdits.every((s) => typeof s === "string")) {
    throw new TypeError("orderFeedEdits must be an array of external ids")
  }
  if (next.seed !== undefined && !isFiniteNumber(next.seed)) throw new TypeError("seed must be a number")

  // Copy arrays so later mutation of the caller's objects cannot change us.
  next.downWindows = next.downWindows.map((w) => ({ fromMs: w.fromMs, toMs: w.toMs }))
  next.rejectExternalIds = [...next.rejectExternalIds]
  next.orderFeedEdits = [...next.orderFeedEdits]
  if (Array.isArray(next.latencyMs)) next.latencyMs = [next.latencyMs[0], next.latencyMs[1]]
  if (next.rateLimit) next.rateLimit = { ...next.rateLimit }
  return next
}

/**
 * mulberry32: tiny, fast, good-enough PRNG. Returns floats in [0, 1).
 * @param {number} seed
 * @returns {() => number}
 */
function mulberry32(seed) {
  let a = seed >>> 0
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** @returns {number} a random 32-bit seed for runs that did not ask for one */
function randomSeed() {
  return Math.floor(Math.random() * 0x100000000)
}

/**
 * Classic token bucket: holds at most `burst` tokens, refills `rps` per second.
 * Time is passed in explicitly so it is easy to reason about (and to test).
 */
class TokenBucket {
  /**
   * @param {number} rps
   * @param {number} burst
   * @param {number} now ms epoch
   */
  constructor(rps, burst, now) {
    this.rps = rps
    this.burst = burst
    this.tokens = burst
    this.last = now
  }

  /**
   * Try to take one token.
   * @param {number} now ms epoch
   * @returns {{ ok: true } | { ok: false, retryAfterMs: number }}
   */
  take(now) {
    const elapsed = Math.max(0, now - this.last)
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.rps) / 1000)
    this.last = now
    if (this.tokens >= 1) {
      this.tokens -= 1
      return { ok: true }
    }
    return { ok: false, retryAfterMs: ((1 - this.tokens) * 1000) / this.rps }
  }

  /**
   * Rate-limit headers describing the bucket right after a `take` (see RateLimit.headers).
   * @param {RateLimitHeaderStyle} style
   * @returns {Record<string, string>}
   */
  headers(style) {
    if (style === "none") return {}
    const remaining = Math.max(0, Math.floor(this.tokens))
    const toNextToken = this.tokens >= 1 ? 0 : (1 - this.tokens) / this.rps
    const reset = String(Math.max(1, Math.ceil(toNextToken)))
    const limit = String(Number.isInteger(this.rps) ? this.rps : Number(this.rps.toFixed(3)))
    if (style === "ietf") {
      return { "ratelimit-policy": `${limit};w=1`, ratelimit: `limit=${limit}, remaining=${remaining}, reset=${reset}` }
    }
    return { "x-ratelimit-limit": limit, "x-ratelimit-remaining": String(remaining), "x-ratelimit-reset": reset }
  }
}

/**
 * Live fault state of one sandbox: config + RNG + rate-limit bucket.
 * The RNG and bucket are rebuilt only when the relevant config changes, so
 * toggling e.g. `errorRate` mid-run does not refill the bucket.
 */
class FaultState {
  /** @param {Partial<Faults>} [initial] */
  constructor(initial) {
    /** @type {Faults} */
    this.config = defaultFaults()
    /** @type {() => number} */
    this.rng = mulberry32(randomSeed())
    /** @type {TokenBucket | null} */
    this.bucket = null
    if (initial) this.set(initial)
  }

  /** @param {Partial<Faults>} partial */
  set(partial) {
    const next = mergeFaults(this.config, partial)
    if ("seed" in partial && next.seed !== undefined) this.rng = mulberry32(next.seed)
    if ("rateLimit" in partial) this.resetBucket(next)
    this.config = next
    return this.config
  }

  /** Back to no faults. The RNG keeps its state (faults are off anyway). */
  reset() {
    this.config = defaultFaults()
    this.bucket = null
    return this.config
  }

  /** @param {Faults} [config] */
  resetBucket(config = this.config) {
    const rl = config.rateLimit
    this.bucket = rl ? new TokenBucket(rl.rps, rl.burst ?? rl.rps, Date.now()) : null
  }

  /**
   * @param {number} sinceStartMs ms since the sandbox (re)started
   */
  isDown(sinceStartMs) {
    const c = this.config
    return c.down || c.downWindows.some((w) => sinceStartMs >= w.fromMs && sinceStartMs < w.toMs)
  }

  /**
   * @param {number} rate 0..1
   * @returns {boolean} true with probability `rate`; no RNG draw when rate is 0 or 1
   */
  roll(rate) {
    if (rate <= 0) return false
    if (rate >= 1) return true
    return this.rng() < rate
  }

  /** @returns {number} delay in ms to apply before handling */
  latency() {
    const l = this.config.latencyMs
    if (!Array.isArray(l)) return l
    return l[0] + this.rng() * (l[1] - l[0])
  }

  /** @returns {500 | 502 | 503} */
  errorStatus() {
    return /** @type {const} */ ([500, 502, 503])[Math.floor(this.rng() * 3)]
  }

  /** @returns {Faults} a copy safe to hand out */
  snapshot() {
    return mergeFaults(this.config, {})
  }
}

module.exports = {
  defaultFaults,
  mergeFaults,
  mulberry32,
  TokenBucket,
  FaultState,
  INVOICE_DRIFTS,
  INVOICE_BY_ID_DRIFTS,
  RATE_LIMIT_HEADER_STYLES,
}
