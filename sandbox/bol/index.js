"use strict"

/**
 * createBolMarketplace: a bol.com-shaped marketplace (Retailer API v10 + Offers
 * v11 + Shared process status + push notifications) over node:http, with
 * simulated buyers and fault injection. See ../README.md, "bol.com marketplace".
 */

const { normalizeOptions } = require("./options")
const { Marketplace } = require("./marketplace")
const { createBolServer } = require("./server")
const { mergeBolFaults } = require("./faults")
const { mergeProcessStatusConfig } = require("./process-status")
const { fulfilmentStatus } = require("./orders")
const { isFiniteNumber, isObject } = require("./util")

const SET_OFFER_KEYS = ["stock", "managedByRetailer", "onHoldByRetailer", "reference", "price", "title"]

/**
 * @param {Record<string, any>} [options] see index.d.ts, BolMarketplaceOptions
 */
async function createBolMarketplace(options = {}) {
  const config = normalizeOptions(options)
  const market = new Marketplace(config)

  /** @param {string} offerId */
  const offerOrThrow = (offerId) => {
    const o = market.offers.get(offerId)
    if (!o) throw new Error(`unknown offer ${offerId}`)
    return o
  }
  /** @param {string} orderId */
  const orderOrThrow = (orderId) => {
    const o = market.orders.get(orderId)
    if (!o) throw new Error(`unknown order ${orderId}`)
    return o
  }
  /**
   * The API Order plus, per item, its fulfilmentStatus and what the retailer did: the
   * cancellations it asked for, the reason of the one that took effect, when it was handled.
   * @param {import("./orders").Order} o
   */
  const orderView = (o) => {
    const d = market.orders.detail(o)
    return {
      ...d,
      placedAt: o.placedAt,
      orderItems: d.orderItems.map((i, n) => ({
        ...i,
        fulfilmentStatus: fulfilmentStatus(o.items[n]),
        retailerCancellations: o.items[n].retailerCancellations.map((c) => ({ ...c })),
        cancellationReason: o.items[n].cancellationReason,
        handledAt: o.items[n].handledAt,
      })),
    }
  }

  const api = {
    url: "",
    port: 0,
    close: async () => {
      market.close()
      await http.close()
    },
    reset: () => market.reset(),
    /** @param {unknown} partial */
    setFaults: (partial) => {
      market.faults = mergeBolFaults(market.faults, partial)
      return mergeBolFaults(market.faults, {})
    },
    faults: () => mergeBolFaults(market.faults, {}),
    /** @param {unknown} partial */
    setProcessStatus: (partial) => {
      market.processConfig = mergeProcessStatusConfig(market.processConfig, partial)
      return mergeProcessStatusConfig(market.processConfig, {})
    },
    /** @param {unknown} partial */
    setBuyers: (partial) => market.buyers.set(partial),
    stats: () => market.stats.snapshot(),
    offers: () => market.offers.all().map((o) => market.offers.snapshot(o)),
    /** @param {unknown} list */
    addOffers: (list) => market.offers.add(list, Date.now()).map((o) => market.offers.snapshot(o)),
    /**
     * @param {string} offerId
     * @param {Record<string, any>} patch
     */
    setOffer: (offerId, patch) => {
      const o = offerOrThrow(offerId)
      if (!isObject(patch)) throw new TypeError("setOffer patch must be an object")
      for (const k of Object.keys(patch))
        if (!SET_OFFER_KEYS.includes(k)) throw new TypeError(`setOffer: unknown field ${k}`)
      if (patch.stock !== undefined && (!Number.isInteger(patch.stock) || patch.stock < 0)) {
        throw new TypeError("setOffer: stock must be an integer >= 0")
      }
      for (const k of ["managedByRetailer", "onHoldByRetailer"]) {
        if (patch[k] !== undefined && typeof patch[k] !== "boolean")
          throw new TypeError(`setOffer: ${k} must be a boolean`)
      }
      if (patch.reference !== undefined && (typeof patch.reference !== "string" || patch.reference.length > 100)) {
        throw new TypeError("setOffer: reference must be a string of at most 100 characters")
      }
      if (patch.price !== undefined && (!isFiniteNumber(patch.price) || patch.price <= 0)) {
        throw new TypeError("setOffer: price must be a number > 0")
      }
      if (patch.title !== undefined && typeof patch.title !== "string")
        throw new TypeError("setOffer: title must be a string")
      const now = Date.now()
      for (const k of ["onHoldByRetailer", "reference", "price", "title"]) {
        if (patch[k] !== undefined) /** @type {any} */ (o)[k] = patch[k]
      }
      o.lastModifiedAt = now
      market.offers.applyStock(o, { amount: patch.stock, managedByRetailer: patch.managedByRetailer }, "control", now)
      return market.offers.snapshot(o)
    },
    sales: () => market.sales.map((s) => ({ ...s })),
    orders: () => market.orders.all().map(orderView),
    /**
     * @param {{ offerId?: string, reference?: string, quantity?: number, force?: boolean }} req
     */
    placeOrder: (req) => {
      if (!isObject(req)) throw new TypeError("placeOrder takes { offerId | reference, quantity?, force? }")
      const quantity = req.quantity ?? 1
      if (!Number.isInteger(quantity) || quantity < 1)
        throw new TypeError("placeOrder: quantity must be an integer >= 1")
      let offer
      if (typeof req.offerId === "string") offer = offerOrThrow(req.offerId)
      else if (typeof req.reference === "string") {
        offer = market.offers.byReference(req.reference)
        if (!offer) throw new Error(`no offer with reference ${req.reference}`)
      } else throw new TypeError("placeOrder needs offerId or reference")
      const displayed = market.offers.displayed(offer)
      if (quantity > displayed && req.force !== true) {
        throw new Error(
          `offer ${offer.offerId} shows ${displayed} in stock, ${quantity} ordered (pass force: true to oversell)`
        )
      }
      return orderView(market.createOrder(offer, quantity, "placeOrder", Date.now()))
    },
    /** @param {string} orderId */
    requestCancellation: (orderId) => {
      const o = orderOrThrow(orderId)
      market.requestCancellation(o, Date.now())
      return orderView(o)
    },
    /** @param {string} orderId */
    shipOrder: (orderId) => {
      const o = orderOrThrow(orderId)
      market.shipOrder(o, Date.now())
      return orderView(o)
    },
    expireTokens: () => market.tokens.expireAll(Date.now()),
    rotateSignatureKey: () => market.push.rotate(),
    /** @param {string} raw */
    signPayload: (raw) => market.push.sign(raw),
    publicKeys: () => market.push.publicKeys(),
    pushes: () => market.push.records.map((r) => ({ ...r })),
    /**
     * @param {number} i
     * @param {string} [url]
     */
    replayPush: (i, url) => market.push.replay(i, url),
    /** @param {string | null} url */
    setPushUrl: (url) => market.push.setUrl(url),
    flushPushes: () => market.push.flush(),
    processStatuses: () => market.processStatuses.all(),
    requests: () => market.stats.log.slice(),
  }

  /**
   * `/__*` control routes: never faulted or limited, no auth, not in stats.
   * @param {string} method
   * @param {string} path
   * @param {any} body
   * @returns {import("./http").Reply}
   */
  function control(method, path, body) {
    const ok = (/** @type {unknown} */ b) => ({ status: 200, body: b })
    try {
      switch (`${method} ${path}`) {
        case "GET /__stats":
          return ok(api.stats())
        case "GET /__offers":
          return ok({ data: api.offers() })
        case "POST /__offers":
          return ok({ data: api.addOffers(body) })
        case "GET /__sales":
          return ok({ data: api.sales() })
        case "GET /__orders":
          return ok({ data: api.orders() })
        case "POST /__orders":
          return ok(api.placeOrder(body))
        case "GET /__pushes":
          return ok({ data: api.pushes() })
        case "GET /__process-statuses":
          return ok({ data: api.processStatuses() })
        case "GET /__requests":
          return ok({ data: api.requests() })
        case "GET /__faults":
          return ok(api.faults())
        case "POST /__faults":
          return ok(api.setFaults(body ?? {}))
        case "POST /__buyers":
          return ok(api.setBuyers(body ?? {}))
        case "POST /__expire-tokens":
          api.expireTokens()
          return ok({ ok: true })
        case "POST /__reset":
          api.reset()
          return ok({ ok: true })
        default:
          return { status: 404, body: { message: `no control route ${method} ${path}` } }
      }
    } catch (err) {
      return { status: 400, body: { message: /** @type {Error} */ (err).message } }
    }
  }

  const http = createBolServer(market, control)
  try {
    await new Promise((resolve, reject) => {
      http.server.once("error", reject)
      http.server.listen(config.port, config.host, () => {
        http.server.off("error", reject)
        resolve(undefined)
      })
    })
  } catch (err) {
    market.close()
    throw err
  }
  const address = http.server.address()
  const port = typeof address === "object" && address ? address.port : config.port
  const urlHost = config.host.includes(":") ? `[${config.host}]` : config.host
  api.port = port
  api.url = `http://${urlHost}:${port}`
  market.baseUrl = api.url
  return api
}

module.exports = { createBolMarketplace }
