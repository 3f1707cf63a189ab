"use strict"

/**
 * The bol simulator's fault configuration: injected 5xx, lost acks, latency,
 * 429 storms and whether 429s carry Retry-After.
 */

const { assertRate, isFiniteNumber, isObject } = require("./util")

/**
 * @typedef {{ fromMs: number, toMs: number }} StormWindow ms since start (or the last reset)
 * @typedef {{
 *   errorRate: number,
 *   lostAckRate: number,
 *   latencyMs: number | [number, number],
 *   storm: StormWindow[],
 *   retryAfter: boolean,
 * }} BolFaults
 */

/** @returns {BolFaults} */
function defaultBolFaults() {
  return { errorRate: 0, lostAckRate: 0, latencyMs: 0, storm: [], retryAfter: true }
}

const KNOWN = Object.keys(defaultBolFaults())

/**
 * Validate `partial` and merge it over `current`; throws TypeError (leaving
 * `current` alone) on the first bad field. `storm` may be one window or a list.
 * @param {BolFaults} current
 * @param {unknown} partial
 * @returns {BolFaults}
 */
function mergeBolFaults(current, partial) {
  if (!isObject(partial)) throw new TypeError("faults must be an object")
  for (const key of Object.keys(partial)) {
    if (!KNOWN.includes(key)) throw new TypeError(`unknown fault: ${key}`)
  }
  const next = { ...current, ...partial }
  assertRate("faults.errorRate", next.errorRate)
  assertRate("faults.lostAckRate", next.lostAckRate)
  const lat = next.latencyMs
  const latOk = Array.isArray(lat)
    ? lat.length === 2 && lat.every((n) => isFiniteNumber(n) && n >= 0) && lat[0] <= lat[1]
    : isFiniteNumber(lat) && lat >= 0
  if (!latOk) throw new TypeError("faults.latencyMs must be a number >= 0 or [min, max]")
  /** @type {unknown} */
  const rawStorm = next.storm
  /** @type {any[]} */
  const storm = isObject(rawStorm) ? [rawStorm] : /** @type {any[]} */ (rawStorm)
  if (
    !Array.isArray(storm) ||
    !storm.every((w) => isObject(w) && isFiniteNumber(w.fromMs) && isFiniteNumber(w.toMs) && w.fromMs <= w.toMs)
  ) {
    throw new TypeError("faults.storm must be { fromMs, toMs } or a list of them (fromMs <= toMs)")
  }
  if (typeof next.retryAfter !== "boolean") throw new TypeError("faults.retryAfter must be a boolean")
  return {
    errorRate: next.errorRate,
    lostAckRate: next.lostAckRate,
    latencyMs: Array.isArray(lat) ? [lat[0], lat[1]] : lat,
    storm: storm.map((w) => ({ fromMs: w.fromMs, toMs: w.toMs })),
    retryAfter: next.retryAfter,
  }
}

/**
 * @param {BolFaults} f
 * @param {number} sinceStartMs
 */
const inStorm = (f, sinceStartMs) => f.storm.some((w) => sinceStartMs >= w.fromMs && sinceStartMs < w.toMs)

/**
 * @param {BolFaults} f
 * @param {() => number} rng
 * @returns {number} ms
 */
function latency(f, rng) {
  const l = f.latencyMs
  return Array.isArray(l) ? l[0] + rng() * (l[1] - l[0]) : l
}

module.exports = { defaultBolFaults, mergeBolFaults, inStorm, latency }
