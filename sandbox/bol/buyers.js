"use strict"

/**
 * Simulated marketplace customers. Every `tickMs` each offer that is for sale
 * is bought a Poisson(ratePerOfferPerSec × elapsed) number of times (seeded
 * "buyers" RNG); a buy never takes more than the displayed stock. Some orders
 * later get a cancellation request from their customer.
 */

const { assertKnownKeys, assertRate, isFiniteNumber, isObject } = require("./util")

/**
 * @typedef {{
 *   ratePerOfferPerSec: number,
 *   unitsPerOrder: number,
 *   cancellationRequestRate: number,
 *   cancellationDelayMs: number,
 *   tickMs: number,
 * }} BuyersConfig
 */

/** @returns {BuyersConfig} */
const defaultBuyersConfig = () => ({
  ratePerOfferPerSec: 0,
  unitsPerOrder: 1,
  cancellationRequestRate: 0,
  cancellationDelayMs: 200,
  tickMs: 20,
})

/**
 * @param {BuyersConfig} current
 * @param {unknown} partial
 * @returns {BuyersConfig}
 */
function mergeBuyersConfig(current, partial) {
  if (!isObject(partial)) throw new TypeError("buyers must be an object")
  assertKnownKeys("buyers", partial, Object.keys(current))
  const next = { ...current, ...partial }
  if (!isFiniteNumber(next.ratePerOfferPerSec) || next.ratePerOfferPerSec < 0) {
    throw new TypeError("buyers.ratePerOfferPerSec must be a number >= 0")
  }
  if (!Number.isInteger(next.unitsPerOrder) || next.unitsPerOrder < 1) {
    throw new TypeError("buyers.unitsPerOrder must be an integer >= 1")
  }
  assertRate("buyers.cancellationRequestRate", next.cancellationRequestRate)
  if (!isFiniteNumber(next.cancellationDelayMs) || next.cancellationDelayMs < 0) {
    throw new TypeError("buyers.cancellationDelayMs must be a number >= 0")
  }
  if (!isFiniteNumber(next.tickMs) || next.tickMs < 1) throw new TypeError("buyers.tickMs must be a number >= 1")
  return next
}

/**
 * Knuth's Poisson draw (fine for the small means a tick has).
 * @param {number} mean
 * @param {() => number} rng
 */
function poisson(mean, rng) {
  const limit = Math.exp(-mean)
  let k = 0
  let p = rng()
  while (p > limit && k < 1000) {
    k++
    p *= rng()
  }
  return k
}

class Buyers {
  /**
   * @param {import("./marketplace").Marketplace} market
   * @param {BuyersConfig} config
   */
  constructor(market, config) {
    this.market = market
    this.config = config
    /** @type {NodeJS.Timeout | null} */
    this.timer = null
    this.lastTick = Date.now()
    this.sync()
  }

  /** @param {unknown} partial */
  set(partial) {
    this.config = mergeBuyersConfig(this.config, partial)
    this.stop()
    this.sync()
    return { ...this.config }
  }

  /** Run the timer exactly when buyers are on. */
  sync() {
    if (this.config.ratePerOfferPerSec <= 0 || this.timer) return
    this.lastTick = Date.now()
    this.timer = setInterval(() => this.tick(Date.now()), this.config.tickMs)
    this.timer.unref()
  }

  /** @param {number} now */
  tick(now) {
    const c = this.config
    const elapsedSec = Math.max(0, now - this.lastTick) / 1000
    this.lastTick = now
    if (c.ratePerOfferPerSec <= 0 || elapsedSec === 0) return
    const m = this.market
    const rng = m.rng.buyers
    for (const offer of m.offers.all()) {
      if (offer.onHoldByRetailer) continue
      const buys = poisson(c.ratePerOfferPerSec * elapsedSec, rng)
      for (let b = 0; b < buys; b++) {
        const displayed = m.offers.displayed(offer)
        if (displayed <= 0) break
        const order = m.createOrder(offer, Math.min(c.unitsPerOrder, displayed), "buyer", now)
        if (c.cancellationRequestRate > 0 && rng() < c.cancellationRequestRate) {
          m.later(c.cancellationDelayMs, () => m.requestCancellation(order, Date.now()))
        }
      }
    }
  }

  stop() {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }
}

module.exports = { Buyers, defaultBuyersConfig, mergeBuyersConfig }
