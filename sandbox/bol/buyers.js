"use strict"

/**
 * Simulated marketplace customers, in two independent modes (seeded "buyers"
 * RNG; a buy never takes more than the displayed stock):
 * - rate: every `tickMs` each offer that is for sale is bought a
 *   Poisson(ratePerOfferPerSec × elapsed) number of times;
 * - shoppers: `shoppers` buyers, each looking at the shop every `lookMs`
 *   (uniform in [min, max], drawn per look) and buying `unitsPerOrder` of one
 *   offer picked at random among those for sale, if any.
 * Some orders later get a cancellation request from their customer.
 */

const { assertKnownKeys, assertRate, isFiniteNumber, isObject } = require("./util")

/**
 * @typedef {{
 *   ratePerOfferPerSec: number,
 *   unitsPerOrder: number,
 *   cancellationRequestRate: number,
 *   cancellationDelayMs: number,
 *   tickMs: number,
 *   shoppers: number,
 *   lookMs: number | [number, number],
 * }} BuyersConfig
 */

/** @returns {BuyersConfig} */
const defaultBuyersConfig = () => ({
  ratePerOfferPerSec: 0,
  unitsPerOrder: 1,
  cancellationRequestRate: 0,
  cancellationDelayMs: 200,
  tickMs: 20,
  shoppers: 0,
  lookMs: [200, 500],
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
  if (!Number.isInteger(next.shoppers) || next.shoppers < 0) {
    throw new TypeError("buyers.shoppers must be an integer >= 0")
  }
  const l = next.lookMs
  const lookOk = Array.isArray(l)
    ? l.length === 2 && l.every((n) => isFiniteNumber(n) && n >= 1) && l[0] <= l[1]
    : isFiniteNumber(l) && l >= 1
  if (!lookOk) throw new TypeError("buyers.lookMs must be a number >= 1 or [min, max]")
  return { ...next, lookMs: Array.isArray(l) ? [l[0], l[1]] : l }
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
    /** @type {Set<NodeJS.Timeout>} one pending look per shopper */
    this.looks = new Set()
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

  /** Run the timer exactly when rate buyers are on, and one look loop per shopper. */
  sync() {
    if (this.looks.size === 0) for (let i = 0; i < this.config.shoppers; i++) this.scheduleLook()
    if (this.config.ratePerOfferPerSec <= 0 || this.timer) return
    this.lastTick = Date.now()
    this.timer = setInterval(() => this.tick(Date.now()), this.config.tickMs)
    this.timer.unref()
  }

  scheduleLook() {
    const l = this.config.lookMs
    const rng = this.market.rng.buyers
    const ms = Array.isArray(l) ? l[0] + rng() * (l[1] - l[0]) : l
    const t = setTimeout(() => {
      this.looks.delete(t)
      this.look(Date.now())
      this.scheduleLook()
    }, ms)
    t.unref()
    this.looks.add(t)
  }

  /**
   * One shopper looks at the shop and buys one of the offers for sale, if any.
   * @param {number} now
   */
  look(now) {
    const m = this.market
    const forSale = m.offers.all().filter((o) => m.offers.forSale(o))
    if (!forSale.length) return
    const offer = forSale[Math.floor(m.rng.buyers() * forSale.length)]
    this.buy(offer, m.offers.displayed(offer), now)
  }

  /**
   * @param {import("./offers").Offer} offer
   * @param {number} displayed
   * @param {number} now
   */
  buy(offer, displayed, now) {
    const c = this.config
    const m = this.market
    const order = m.createOrder(offer, Math.min(c.unitsPerOrder, displayed), "buyer", now)
    if (c.cancellationRequestRate > 0 && m.rng.buyers() < c.cancellationRequestRate) {
      m.later(c.cancellationDelayMs, () => m.requestCancellation(order, Date.now()))
    }
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
        this.buy(offer, displayed, now)
      }
    }
  }

  stop() {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    for (const t of this.looks) clearTimeout(t)
    this.looks.clear()
  }
}

module.exports = { Buyers, defaultBuyersConfig, mergeBuyersConfig }
