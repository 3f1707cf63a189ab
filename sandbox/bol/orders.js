"use strict"

/**
 * Marketplace orders (v10): the reduced list with bol's filters and its
 * 48-hour window, the full Order, and the validation of a cancellation.
 * Every order is FBR, one customer, items from the simulated offers.
 */

const { badRequest, notFound } = require("./http")
const { fakeCustomer } = require("./customers")
const { bolTime, cents, dateAfter, randomString } = require("./util")

/**
 * @typedef {{
 *   orderItemId: string,
 *   orderId: string,
 *   offerId: string,
 *   reference: string,
 *   ean: string,
 *   title: string,
 *   quantity: number,
 *   quantityShipped: number,
 *   quantityCancelled: number,
 *   cancellationRequest: boolean,
 *   unitPrice: number,
 *   seq: number,
 *   placedAt: number,
 *   changedAt: number,
 *   handledAt: number | null,
 *   retailerCancellations: Array<{ reasonCode: string, at: number }>,
 *   cancellationReason: string | null,
 * }} OrderItem
 *   `retailerCancellations`: every cancellation the retailer asked for (valid PUTs, when queued);
 *   `cancellationReason`: the reasonCode of the one that took effect
 * @typedef {{
 *   orderId: string,
 *   seq: number,
 *   placedAt: number,
 *   customer: ReturnType<typeof fakeCustomer>,
 *   items: OrderItem[],
 * }} Order
 * @typedef {import("./http").Violation} Violation
 */

const PAGE_SIZE = 50
const VISIBLE_HANDLED_MS = 48 * 3600 * 1000
const COMMISSION_RATE = 0.15
const COMMISSION_FIXED = 0.99
const REASON_CODES = [
  "OUT_OF_STOCK",
  "REQUESTED_BY_CUSTOMER",
  "BAD_CONDITION",
  "HIGHER_SHIPCOST",
  "INCORRECT_PRICE",
  "NOT_AVAIL_IN_TIME",
  "NO_BOL_GUARANTEE",
  "ORDERED_TWICE",
  "RETAIN_ITEM",
  "TECH_ISSUE",
  "UNFINDABLE_ITEM",
  "OTHER",
]

/** @param {OrderItem} i */
const isHandled = (i) => i.quantityShipped + i.quantityCancelled >= i.quantity

/** @param {OrderItem} i @returns {"OPEN" | "HANDLED"} */
const fulfilmentStatus = (i) => (isHandled(i) ? "HANDLED" : "OPEN")

/**
 * @param {string} name
 * @param {string} value
 * @param {readonly string[]} allowed
 * @returns {Violation}
 */
const enumViolation = (name, value, allowed) => ({
  name,
  reason: `Request contains invalid value(s): '${value}', allowed values: ${allowed.join(", ")}.`,
})

class OrderBook {
  /** @param {() => number} rng ids stream */
  constructor(rng) {
    this.rng = rng
    /** @type {Map<string, Order>} */
    this.byId = new Map()
    /** @type {Map<string, OrderItem>} */
    this.items = new Map()
    this.nextItemId = 2000000000 + Math.floor(rng() * 6000000000)
  }

  /**
   * @param {{ offerId: string, reference: string, ean: string, title: string, price: number }} offer
   * @param {number} quantity
   * @param {number} seq the marketplace's event counter
   * @param {number} now
   * @returns {Order}
   */
  create(offer, quantity, seq, now) {
    let orderId
    do {
      orderId =
        randomString(this.rng, 1, "ABCDEFGHJKLMNPQRSTUVWXYZ") +
        randomString(this.rng, 9, "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ")
    } while (this.byId.has(orderId))
    /** @type {OrderItem} */
    const item = {
      orderItemId: String(this.nextItemId++),
      orderId,
      offerId: offer.offerId,
      reference: offer.reference,
      ean: offer.ean,
      title: offer.title,
      quantity,
      quantityShipped: 0,
      quantityCancelled: 0,
      cancellationRequest: false,
      unitPrice: offer.price,
      seq,
      placedAt: now,
      changedAt: now,
      handledAt: null,
      retailerCancellations: [],
      cancellationReason: null,
    }
    /** @type {Order} */
    const order = { orderId, seq, placedAt: now, customer: fakeCustomer(this.rng), items: [item] }
    this.byId.set(orderId, order)
    this.items.set(item.orderItemId, item)
    return order
  }

  /** @param {string} id */
  get(id) {
    return this.byId.get(id)
  }

  /** @param {string} id */
  item(id) {
    return this.items.get(id)
  }

  all() {
    return [...this.byId.values()]
  }

  clear() {
    this.byId.clear()
    this.items.clear()
  }

  /**
   * The full v10 Order.
   * @param {Order} o
   */
  detail(o) {
    return {
      orderId: o.orderId,
      pickupPoint: false,
      orderPlacedDateTime: bolTime(o.placedAt),
      shipmentDetails: { ...o.customer.shipmentDetails },
      billingDetails: { ...o.customer.billingDetails },
      orderItems: o.items.map((i) => {
        const totalPrice = cents(i.unitPrice * i.quantity)
        return {
          orderItemId: i.orderItemId,
          cancellationRequest: i.cancellationRequest,
          fulfilment: {
            method: "FBR",
            distributionParty: "RETAILER",
            latestDeliveryDate: dateAfter(i.placedAt, 2),
            expiryDate: dateAfter(i.placedAt, 5),
            timeFrameType: "REGULAR",
          },
          offer: { offerId: i.offerId, reference: i.reference },
          product: { ean: i.ean, title: i.title },
          quantity: i.quantity,
          quantityShipped: i.quantityShipped,
          quantityCancelled: i.quantityCancelled,
          unitPrice: i.unitPrice,
          totalPrice,
          discounts: [],
          commission: cents(totalPrice * COMMISSION_RATE + COMMISSION_FIXED * i.quantity),
          additionalServices: [],
          latestChangedDateTime: bolTime(i.changedAt),
        }
      }),
    }
  }

  /**
   * `GET /retailer/orders/{order-id}`.
   * @param {string} id
   * @returns {import("./http").Reply}
   */
  getOne(id) {
    const o = this.get(id)
    return o ? { status: 200, body: this.detail(o) } : notFound(`Order with id ${id} not found.`)
  }

  /**
   * `GET /retailer/orders`: newest first, 50 a page; an empty page is `{}`.
   * Without `status`: open items plus items handled in the last 48 hours.
   * @param {URLSearchParams} q
   * @param {number} now
   * @returns {import("./http").Reply}
   */
  list(q, now) {
    /** @type {Violation[]} */
    const v = []
    const status = q.get("status") ?? "ALL"
    if (!["OPEN", "SHIPPED", "ALL"].includes(status))
      v.push(enumViolation("status", status, ["OPEN", "SHIPPED", "ALL"]))
    const method = q.get("fulfilment-method") ?? "FBR"
    if (!["FBR", "FBB", "ALL"].includes(method)) {
      v.push(enumViolation("fulfilment-method", method, ["FBR", "FBB", "ALL"]))
    }
    const intervalRaw = q.get("change-interval-minute")
    const interval = intervalRaw === null ? null : Number(intervalRaw)
    if (intervalRaw !== null && (!/^\d+$/.test(intervalRaw) || Number(intervalRaw) < 1 || Number(intervalRaw) > 60)) {
      v.push({ name: "change-interval-minute", reason: "Must be an integer between 1 and 60." })
    }
    const date = q.get("latest-change-date")
    if (date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      v.push({ name: "latest-change-date", reason: "Must be a date formatted as yyyy-MM-dd." })
    }
    const vvb = q.get("vvb-only")
    if (vvb !== null && vvb !== "true" && vvb !== "false") {
      v.push({ name: "vvb-only", reason: `Request contains invalid value(s): '${vvb}'.` })
    }
    const pageRaw = q.get("page") ?? "1"
    const page = Number(pageRaw)
    if (!/^\d+$/.test(pageRaw) || page < 1) v.push({ name: "page", reason: "Must be greater than or equal to 1." })
    if (v.length) return badRequest(v)

    // Every simulated order is FBR and none is VVB.
    if (method === "FBB" || vvb === "true") return { status: 200, body: {} }

    /** @param {OrderItem} i */
    const keep = (i) => {
      if (date !== null) {
        if (bolTime(i.changedAt).slice(0, 10) !== date) return false
      } else if (i.handledAt !== null && now - i.handledAt > VISIBLE_HANDLED_MS) return false
      if (status === "OPEN" && isHandled(i)) return false
      if (status === "SHIPPED" && i.quantityShipped === 0) return false
      if (interval !== null && i.changedAt < now - interval * 60000) return false
      return true
    }
    const reduced = []
    const orders = this.all().sort((a, b) => b.seq - a.seq)
    for (const o of orders) {
      const items = o.items.filter(keep)
      if (items.length === 0) continue
      reduced.push({
        orderId: o.orderId,
        orderPlacedDateTime: bolTime(o.placedAt),
        orderItems: items.map((i) => ({
          orderItemId: i.orderItemId,
          ean: i.ean,
          fulfilmentMethod: "FBR",
          fulfilmentStatus: fulfilmentStatus(i),
          quantity: i.quantity,
          quantityShipped: i.quantityShipped,
          quantityCancelled: i.quantityCancelled,
          cancellationRequest: i.cancellationRequest,
          latestChangedDateTime: bolTime(i.changedAt),
        })),
      })
    }
    const slice = reduced.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
    return { status: 200, body: slice.length ? { orders: slice } : {} }
  }

  /**
   * Validate a v10 CancellationRequest (one item per request, as bol's schema says).
   * @param {unknown} b
   * @returns {{ violations: Violation[] } | { item: OrderItem, reasonCode: string }}
   */
  cancellation(b) {
    const items =
      b !== null && typeof b === "object" && !Array.isArray(b) ? /** @type {any} */ (b).orderItems : undefined
    if (!Array.isArray(items) || items.length !== 1) {
      return { violations: [{ name: "orderItems", reason: "Size must be between 1 and 1." }] }
    }
    const it = items[0]
    /** @type {Violation[]} */
    const v = []
    const id = it && typeof it === "object" ? it.orderItemId : undefined
    const reasonCode = it && typeof it === "object" ? it.reasonCode : undefined
    if (typeof id !== "string" || id === "") v.push({ name: "orderItems[0].orderItemId", reason: "Must not be empty." })
    if (typeof reasonCode !== "string" || !REASON_CODES.includes(reasonCode)) {
      v.push(enumViolation("orderItems[0].reasonCode", String(reasonCode), REASON_CODES))
    }
    const item = typeof id === "string" ? this.item(id) : undefined
    if (typeof id === "string" && id !== "" && !item) {
      v.push({ name: "orderItems[0].orderItemId", reason: `Order item ${id} does not exist.` })
    }
    if (v.length || !item) return { violations: v }
    return { item, reasonCode: /** @type {string} */ (reasonCode) }
  }
}

module.exports = { OrderBook, REASON_CODES, fulfilmentStatus, isHandled }
