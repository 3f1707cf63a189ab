"use strict"

/**
 * The simulated marketplace's state and the business events that cross its
 * parts: an order is placed (stock counters, sale, push), a customer asks to
 * cancel, a queued v10 write takes effect.
 */

const { TokenStore } = require("./auth")
const { RateLimiters } = require("./rate-limits")
const { OfferBook, v10StockViolations } = require("./offers")
const { OrderBook, isHandled } = require("./orders")
const { ProcessStatusBook } = require("./process-status")
const { PushSender } = require("./push")
const { Buyers } = require("./buyers")
const { BolStats } = require("./stats")
const { rngStream } = require("./util")

/**
 * @typedef {ReturnType<typeof import("./options").normalizeOptions>} BolConfig
 * @typedef {import("./offers").Offer} Offer
 * @typedef {import("./orders").Order} Order
 * @typedef {import("./orders").OrderItem} OrderItem
 * @typedef {{
 *   orderId: string,
 *   orderItemId: string,
 *   offerId: string,
 *   reference: string,
 *   ean: string,
 *   quantity: number,
 *   at: number,
 *   via: "buyer" | "placeOrder",
 * }} Sale
 */

class Marketplace {
  /** @param {BolConfig} config */
  constructor(config) {
    const now = Date.now()
    this.config = config
    this.rng = {
      ids: rngStream(config.seed, "ids"),
      faults: rngStream(config.seed, "faults"),
      buyers: rngStream(config.seed, "buyers"),
      process: rngStream(config.seed, "process"),
    }
    this.seq = 0
    this.baseUrl = ""
    this.startedAt = now
    /** @type {Set<NodeJS.Timeout>} */
    this.timers = new Set()
    this.faults = config.faults
    this.processConfig = config.processStatus
    this.tokens = new TokenStore(config, this.rng.ids)
    this.limiters = new RateLimiters(config.rateLimits, now)
    this.offers = new OfferBook(this.rng.ids, () => ++this.seq)
    this.offers.add(config.offers, now)
    // what reset() goes back to, generated offer ids included
    this.initialOffers = this.offers.all().map((o) => ({
      offerId: o.offerId,
      ean: o.ean,
      reference: o.reference,
      stock: o.amount,
      managedByRetailer: o.managedByRetailer,
      onHoldByRetailer: o.onHoldByRetailer,
      price: o.price,
      title: o.title,
    }))
    this.orders = new OrderBook(this.rng.ids)
    this.processStatuses = new ProcessStatusBook({
      config: () => this.processConfig,
      rng: this.rng.process,
      idRng: this.rng.ids,
      later: (ms, fn) => this.later(ms, fn),
      baseUrl: () => this.baseUrl,
    })
    this.push = new PushSender({ retailerId: config.retailerId, url: config.pushUrl })
    this.stats = new BolStats({ logLimit: config.requestLogLimit })
    /** @type {Sale[]} */
    this.sales = []
    this.buyers = new Buyers(this, config.buyers)
  }

  /**
   * A timer close() and reset() cancel; it never keeps the process alive.
   * @param {number} ms
   * @param {() => void} fn
   */
  later(ms, fn) {
    const t = setTimeout(() => {
      this.timers.delete(t)
      fn()
    }, ms)
    t.unref()
    this.timers.add(t)
  }

  /**
   * A customer orders `quantity` units (no stock check here).
   * @param {Offer} offer
   * @param {number} quantity
   * @param {Sale["via"]} via
   * @param {number} now
   * @returns {Order}
   */
  createOrder(offer, quantity, via, now) {
    const order = this.orders.create(offer, quantity, ++this.seq, now)
    const item = order.items[0]
    this.offers.ordered(offer, quantity)
    this.sales.push({
      orderId: order.orderId,
      orderItemId: item.orderItemId,
      offerId: offer.offerId,
      reference: offer.reference,
      ean: offer.ean,
      quantity,
      at: now,
      via,
    })
    this.stats.sales.orders++
    this.stats.sales.units += quantity
    this.push.notify("ORDER_CREATED", order.orderId, now)
    return order
  }

  /**
   * The customer asks to cancel every open item of the order (bol flags it; the
   * item stays OPEN until the retailer cancels it).
   * @param {Order} order
   * @param {number} now
   */
  requestCancellation(order, now) {
    if (this.orders.get(order.orderId) !== order) return // cleared by a reset
    for (const item of order.items) {
      if (isHandled(item) || item.cancellationRequest) continue
      item.cancellationRequest = true
      item.changedAt = now
      this.push.notify("ORDER_ITEM_CANCELLATION_REQUEST", order.orderId, now)
    }
  }

  /**
   * The retailer's cancellation takes effect (CANCEL_ORDER SUCCESS).
   * @param {OrderItem} item
   * @param {number} now
   * @param {string | null} [reasonCode]
   * @returns {string | null} an errorMessage when the item cannot be cancelled any more
   */
  cancelItem(item, now, reasonCode = null) {
    if (this.orders.item(item.orderItemId) !== item) return `Order item ${item.orderItemId} does not exist.`
    if (isHandled(item)) return `Order item ${item.orderItemId} has already been handled.`
    const units = item.quantity - item.quantityShipped - item.quantityCancelled
    item.quantityCancelled += units
    item.cancellationReason = reasonCode
    item.changedAt = now
    item.handledAt = now
    const offer = this.offers.get(item.offerId)
    if (offer) this.offers.cancelled(offer, item.seq, units)
    return null
  }

  /**
   * Ship every open unit of an order (a control: the simulator has no shipments API).
   * @param {Order} order
   * @param {number} now
   */
  shipOrder(order, now) {
    for (const item of order.items) {
      if (isHandled(item)) continue
      const units = item.quantity - item.quantityShipped - item.quantityCancelled
      item.quantityShipped += units
      item.changedAt = now
      item.handledAt = now
      const offer = this.offers.get(item.offerId)
      if (offer) this.offers.shipped(offer, units)
    }
  }

  /**
   * v10 `PUT /retailer/offers/{id}/stock`: validated now, applied on SUCCESS.
   * @param {Offer} offer
   * @param {unknown} body
   * @param {number} now
   * @returns {{ violations: import("./http").Violation[] } | { ps: import("./process-status").ProcessStatus }}
   */
  queueStockUpdate(offer, body, now) {
    const violations = v10StockViolations(body)
    if (violations.length) return { violations }
    const { amount, managedByRetailer } = /** @type {{ amount: number, managedByRetailer: boolean }} */ (body)
    const queuedAt = offer.history.length
    const ps = this.processStatuses.create(
      {
        eventType: "UPDATE_OFFER_STOCK",
        entityId: offer.offerId,
        description: `Update stock for offer with id ${offer.offerId}.`,
        failureMessage: `Stock for offer with id ${offer.offerId} could not be updated. Please try again later.`,
        apply: (late) => {
          if (this.offers.get(offer.offerId) !== offer) return `Offer with id ${offer.offerId} does not exist.`
          // a stuck update that ends after a newer stock update took effect does not undo it
          // (an assumption: bol documents no order, only that PENDING can last hours)
          if (late && offer.history.length > queuedAt) return null
          this.offers.applyStock(offer, { amount, managedByRetailer }, "v10", Date.now(), now)
          return null
        },
      },
      now
    )
    return { ps }
  }

  /**
   * v10 `PUT /retailer/orders/cancellation` (one item): applied on SUCCESS.
   * @param {OrderItem} item
   * @param {string} reasonCode
   * @param {number} now
   */
  queueCancellation(item, reasonCode, now) {
    item.retailerCancellations.push({ reasonCode, at: now })
    return this.processStatuses.create(
      {
        eventType: "CANCEL_ORDER",
        entityId: item.orderItemId,
        description: `Cancel order item ${item.orderItemId} with reason ${reasonCode}.`,
        failureMessage: `Order item ${item.orderItemId} could not be cancelled. Please try again later.`,
        apply: () => this.cancelItem(item, Date.now(), reasonCode),
      },
      now
    )
  }

  /** Back to the initial offers with no orders, statuses, pushes or stats; tokens, keys, faults stay. */
  reset() {
    const now = Date.now()
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    this.processStatuses.clear()
    this.orders.clear()
    this.offers.byId.clear()
    this.offers.add(this.initialOffers, now)
    this.sales = []
    this.push.clear()
    this.stats = new BolStats({ logLimit: this.config.requestLogLimit })
    this.limiters.reset(now)
    this.startedAt = now
    this.buyers.lastTick = now
  }

  close() {
    this.buyers.stop()
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    this.push.close()
  }
}

module.exports = { Marketplace }
