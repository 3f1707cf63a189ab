"use strict"

/**
 * bol's per-endpoint rate limits: one fixed window per endpoint group.
 * Defaults follow the table in marketplace-bol.md §5 (bol's machine-readable
 * `/retailer/public/ratelimits`, as copied by a third party about 2025-11).
 */

const { isFiniteNumber, isObject } = require("./util")

/**
 * @typedef {"token" | "offers-list" | "offers-get" | "offers-write" | "orders-list" | "orders-get"
 *   | "orders-cancellation" | "process-status" | "process-status-bulk" | "signature-keys"} RateLimitGroup
 * @typedef {{ max: number, windowSec: number }} RateLimit
 * @typedef {Record<RateLimitGroup, RateLimit | null>} RateLimits null: that group is not limited
 */

/** @type {Readonly<Record<RateLimitGroup, RateLimit>>} */
const DEFAULT_RATE_LIMITS = Object.freeze({
  // login.bol.com: the real limit is not published; 10/s is a guess
  token: { max: 10, windowSec: 1 },
  // GET /retailer/offers (v11 list)
  "offers-list": { max: 25, windowSec: 1 },
  // GET /retailer/offers/*
  "offers-get": { max: 25, windowSec: 1 },
  // PUT/DELETE /retailer/offers/* (v10 …/stock) and the v11 PATCH
  "offers-write": { max: 50, windowSec: 1 },
  // GET /retailer/orders
  "orders-list": { max: 25, windowSec: 60 },
  // GET /retailer/orders/*
  "orders-get": { max: 25, windowSec: 1 },
  // PUT /retailer/orders/cancellation
  "orders-cancellation": { max: 25, windowSec: 1 },
  // GET /shared/process-status[/*]: not in bol's list
  "process-status": { max: 50, windowSec: 1 },
  // POST /shared/process-status (bulk): 2/s per a third-party note
  "process-status-bulk": { max: 2, windowSec: 1 },
  // GET /retailer/subscriptions/signature-keys
  "signature-keys": { max: 10, windowSec: 3600 },
})

const RATE_LIMIT_GROUPS = /** @type {RateLimitGroup[]} */ (Object.keys(DEFAULT_RATE_LIMITS))

/**
 * Validate `partial` and merge it over the defaults (a group's limit is
 * replaced as a whole; null switches the group off).
 * @param {unknown} partial
 * @returns {RateLimits}
 */
function mergeRateLimits(partial) {
  if (partial !== undefined && !isObject(partial)) throw new TypeError("rateLimits must be an object")
  /** @type {Record<string, RateLimit | null>} */
  const out = {}
  for (const g of RATE_LIMIT_GROUPS) out[g] = { ...DEFAULT_RATE_LIMITS[g] }
  for (const [group, limit] of Object.entries(partial ?? {})) {
    if (!RATE_LIMIT_GROUPS.includes(/** @type {RateLimitGroup} */ (group))) {
      throw new TypeError(`unknown rate-limit group: ${group} (one of ${RATE_LIMIT_GROUPS.join(", ")})`)
    }
    if (limit === null) {
      out[group] = null
      continue
    }
    if (!isObject(limit)) throw new TypeError(`rateLimits.${group} must be { max, windowSec } or null`)
    if (!Number.isInteger(limit.max) || limit.max < 1) {
      throw new TypeError(`rateLimits.${group}.max must be an integer >= 1`)
    }
    if (!isFiniteNumber(limit.windowSec) || limit.windowSec <= 0) {
      throw new TypeError(`rateLimits.${group}.windowSec must be a number > 0`)
    }
    out[group] = { max: limit.max, windowSec: limit.windowSec }
  }
  return /** @type {RateLimits} */ (out)
}

/**
 * A fixed window: at most `max` requests from `start` to `start + windowMs`;
 * windows are aligned to the limiter's own start time.
 */
class FixedWindow {
  /**
   * @param {RateLimit} limit
   * @param {number} now
   */
  constructor(limit, now) {
    this.max = limit.max
    this.windowMs = limit.windowSec * 1000
    this.origin = now
    this.start = now
    this.count = 0
  }

  /** @param {number} now */
  roll(now) {
    if (now < this.start + this.windowMs) return
    const windows = Math.floor((now - this.origin) / this.windowMs)
    this.start = this.origin + windows * this.windowMs
    this.count = 0
  }

  /**
   * @param {number} now
   * @returns {{ ok: boolean, remaining: number, resetSec: number }}
   */
  take(now) {
    this.roll(now)
    const ok = this.count < this.max
    if (ok) this.count++
    return { ok, ...this.peek(now) }
  }

  /**
   * @param {number} now
   * @returns {{ remaining: number, resetSec: number }}
   */
  peek(now) {
    this.roll(now)
    return {
      remaining: Math.max(0, this.max - this.count),
      resetSec: Math.max(1, Math.ceil((this.start + this.windowMs - now) / 1000)),
    }
  }
}

/** Every group's window. */
class RateLimiters {
  /**
   * @param {RateLimits} limits
   * @param {number} now
   */
  constructor(limits, now) {
    this.limits = limits
    /** @type {Map<RateLimitGroup, FixedWindow>} */
    this.windows = new Map()
    this.reset(now)
  }

  /** @param {number} now refill every window */
  reset(now) {
    this.windows.clear()
    for (const g of RATE_LIMIT_GROUPS) {
      const l = this.limits[g]
      if (l) this.windows.set(g, new FixedWindow(l, now))
    }
  }

  /**
   * @param {RateLimitGroup} group
   * @returns {FixedWindow | undefined} undefined when the group is not limited
   */
  window(group) {
    return this.windows.get(group)
  }
}

/**
 * @param {FixedWindow} w
 * @param {{ remaining: number, resetSec: number }} state
 * @returns {Record<string, string>}
 */
const rateLimitHeaders = (w, state) => ({
  "x-ratelimit-limit": String(w.max),
  "x-ratelimit-remaining": String(state.remaining),
  "x-ratelimit-reset": String(state.resetSec),
})

module.exports = {
  DEFAULT_RATE_LIMITS,
  RATE_LIMIT_GROUPS,
  mergeRateLimits,
  FixedWindow,
  RateLimiters,
  rateLimitHeaders,
}
