"use strict"

/**
 * `createBolMarketplace` options: defaults and validation (TypeError on the
 * first bad value, before anything starts).
 */

const { defaultBolFaults, mergeBolFaults } = require("./faults")
const { mergeRateLimits } = require("./rate-limits")
const { defaultProcessStatusConfig, mergeProcessStatusConfig } = require("./process-status")
const { defaultBuyersConfig, mergeBuyersConfig } = require("./buyers")
const { validatePushUrl } = require("./push")
const { assertKnownKeys, isFiniteNumber, isObject, randomSeed } = require("./util")

const KNOWN = [
  "port",
  "host",
  "seed",
  "clientId",
  "clientSecret",
  "tokenTtlSec",
  "retailerId",
  "offers",
  "rateLimits",
  "processStatus",
  "buyers",
  "pushUrl",
  "deprecation",
  "faults",
  "requestLogLimit",
]

/** when bol's spec first marked the v10 offer operations deprecated (the 2026-04 snapshot) */
const DEFAULT_DEPRECATED_AT = "2026-04-20T00:00:00Z"
const DAY_MS = 86400000

/**
 * @param {string} name
 * @param {unknown} v
 * @returns {number} ms epoch
 */
function parseDate(name, v) {
  const ms = typeof v === "string" ? Date.parse(v) : NaN
  if (Number.isNaN(ms)) throw new TypeError(`${name} must be an ISO 8601 date string`)
  return ms
}

/**
 * @param {Record<string, any>} [options]
 * @param {number} [now]
 */
function normalizeOptions(options = {}, now = Date.now()) {
  if (!isObject(options)) throw new TypeError("options must be an object")
  assertKnownKeys("createBolMarketplace", options, KNOWN)
  const o = options
  const port = o.port ?? 0
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError("port must be an integer 0..65535")
  const host = o.host ?? "127.0.0.1"
  if (typeof host !== "string" || host === "") throw new TypeError("host must be a non-empty string")
  if (o.seed !== undefined && !isFiniteNumber(o.seed)) throw new TypeError("seed must be a number")
  const clientId = o.clientId ?? "client"
  const clientSecret = o.clientSecret ?? "secret"
  if (typeof clientId !== "string" || clientId === "") throw new TypeError("clientId must be a non-empty string")
  if (typeof clientSecret !== "string" || clientSecret === "") {
    throw new TypeError("clientSecret must be a non-empty string")
  }
  const tokenTtlSec = o.tokenTtlSec ?? 299
  if (!isFiniteNumber(tokenTtlSec) || tokenTtlSec <= 0) throw new TypeError("tokenTtlSec must be a number > 0")
  const retailerId = o.retailerId ?? 1234567
  if (!Number.isInteger(retailerId) || retailerId < 1) throw new TypeError("retailerId must be a positive integer")
  const offers = o.offers ?? []
  if (!Array.isArray(offers)) throw new TypeError("offers must be an array")
  const pushUrl = o.pushUrl ?? null
  if (pushUrl !== null) {
    if (typeof pushUrl !== "string") throw new TypeError("pushUrl must be a string")
    validatePushUrl(pushUrl)
  }
  /** @type {{ deprecatedAt: number, sunset: number } | null} */
  let deprecation = null
  if (o.deprecation !== false) {
    const d = o.deprecation ?? {}
    if (!isObject(d)) throw new TypeError("deprecation must be { sunset?, deprecatedAt? } or false")
    assertKnownKeys("deprecation", d, ["sunset", "deprecatedAt"])
    const today = Math.floor(now / DAY_MS) * DAY_MS
    deprecation = {
      deprecatedAt: parseDate("deprecation.deprecatedAt", d.deprecatedAt ?? DEFAULT_DEPRECATED_AT),
      sunset: d.sunset === undefined ? today + 60 * DAY_MS : parseDate("deprecation.sunset", d.sunset),
    }
  }
  const requestLogLimit = o.requestLogLimit ?? 200000
  if (!Number.isInteger(requestLogLimit) || requestLogLimit < 0) {
    throw new TypeError("requestLogLimit must be an integer >= 0")
  }
  return {
    port,
    host,
    seed: o.seed ?? randomSeed(),
    clientId,
    clientSecret,
    tokenTtlSec,
    retailerId,
    offers,
    rateLimits: mergeRateLimits(o.rateLimits),
    processStatus: mergeProcessStatusConfig(defaultProcessStatusConfig(), o.processStatus ?? {}),
    buyers: mergeBuyersConfig(defaultBuyersConfig(), o.buyers ?? {}),
    pushUrl,
    deprecation,
    faults: mergeBolFaults(defaultBolFaults(), o.faults ?? {}),
    requestLogLimit,
  }
}

module.exports = { normalizeOptions }
