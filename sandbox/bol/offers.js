"use strict"

/**
 * Offers and the stock bol shows for them. The v11 read model (OfferResponse,
 * the cursor-paged list, PATCH validation) lives here too; the v10 stock PUT
 * only differs in that it applies later (see process-status.js).
 *
 * Displayed (corrected) stock follows bol's `managedByRetailer` rule:
 * - true: only orders placed after the last stock update count:
 *   displayed = amount − units ordered since that update (cancelled units excepted);
 * - false: displayed = amount − every open (unshipped, uncancelled) unit.
 * Never below 0. Counters are kept incrementally so a long buyer run stays cheap.
 */

const { badRequest, notFound } = require("./http")
const { bolTime, isObject, isFiniteNumber, uuid } = require("./util")

/**
 * @typedef {"initial" | "v11" | "v10" | "control"} StockVia
 * @typedef {{
 *   amount: number,
 *   managedByRetailer: boolean,
 *   correctedStock: number,
 *   at: number,
 *   requestedAt: number,
 *   via: StockVia,
 * }} StockHistoryEntry
 *   `correctedStock`: what bol displayed right after the update took effect (`at`);
 *   `requestedAt`: when bol received it (a v10 PUT's, earlier than `at`; else `at`)
 * @typedef {{
 *   offerId: string,
 *   ean: string,
 *   reference: string,
 *   title: string,
 *   price: number,
 *   seq: number,
 *   amount: number,
 *   managedByRetailer: boolean,
 *   onHoldByRetailer: boolean,
 *   unknownProductTitle?: string,
 *   economicOperatorId?: string,
 *   appliedSeq: number,
 *   sinceUpdateUnits: number,
 *   openUnits: number,
 *   lastModifiedAt: number,
 *   history: StockHistoryEntry[],
 * }} Offer
 * @typedef {{
 *   offerId?: string,
 *   ean: string,
 *   reference: string,
 *   stock?: number,
 *   managedByRetailer?: boolean,
 *   onHoldByRetailer?: boolean,
 *   price?: number,
 *   title?: string,
 * }} OfferInput
 * @typedef {import("./http").Violation} Violation
 */

const INPUT_KEYS = ["offerId", "ean", "reference", "stock", "managedByRetailer", "onHoldByRetailer", "price", "title"]
const DEFAULT_PAGE_SIZE = 50
const MAX_PAGE_SIZE = 100
const DEFAULT_PRICE = 19.99

/**
 * @param {unknown} o
 * @param {string} where e.g. "offers[3]"
 * @returns {OfferInput}
 */
function validateOfferInput(o, where) {
  if (!isObject(o)) throw new TypeError(`${where} must be an object`)
  for (const k of Object.keys(o)) if (!INPUT_KEYS.includes(k)) throw new TypeError(`${where}: unknown field ${k}`)
  if (o.offerId !== undefined && (typeof o.offerId !== "string" || o.offerId === "")) {
    throw new TypeError(`${where}.offerId must be a non-empty string`)
  }
  if (typeof o.ean !== "string" || o.ean === "") throw new TypeError(`${where}.ean must be a non-empty string`)
  if (typeof o.reference !== "string" || o.reference.length > 100) {
    throw new TypeError(`${where}.reference must be a string of at most 100 characters`)
  }
  if (o.stock !== undefined && (!Number.isInteger(o.stock) || o.stock < 0)) {
    throw new TypeError(`${where}.stock must be an integer >= 0`)
  }
  for (const k of ["managedByRetailer", "onHoldByRetailer"]) {
    if (o[k] !== undefined && typeof o[k] !== "boolean") throw new TypeError(`${where}.${k} must be a boolean`)
  }
  if (o.price !== undefined && (!isFiniteNumber(o.price) || o.price <= 0)) {
    throw new TypeError(`${where}.price must be a number > 0`)
  }
  if (o.title !== undefined && typeof o.title !== "string") throw new TypeError(`${where}.title must be a string`)
  return /** @type {OfferInput} */ (o)
}

/** @param {number} seq */
const encodeCursor = (seq) => Buffer.from(`offer:${seq}`).toString("base64url")

/** @param {string} raw @returns {number | null} */
function decodeCursor(raw) {
  const m = /^offer:(\d+)$/.exec(Buffer.from(raw, "base64url").toString("utf8"))
  return m ? Number(m[1]) : null
}

class OfferBook {
  /**
   * @param {() => number} rng ids stream (offer ids)
   * @param {() => number} nextSeq the marketplace's event counter
   */
  constructor(rng, nextSeq) {
    this.rng = rng
    this.nextSeq = nextSeq
    /** @type {Map<string, Offer>} */
    this.byId = new Map()
    this.added = 0
  }

  /**
   * Validate the whole list, then add it (nothing is added on a TypeError).
   * @param {unknown} list
   * @param {number} now
   * @returns {Offer[]}
   */
  add(list, now) {
    if (!Array.isArray(list)) throw new TypeError("offers must be an array")
    const inputs = list.map((o, i) => validateOfferInput(o, `offers[${i}]`))
    const ids = new Set()
    for (const [i, o] of inputs.entries()) {
      if (o.offerId === undefined) continue
      if (this.byId.has(o.offerId) || ids.has(o.offerId)) {
        throw new TypeError(`offers[${i}].offerId ${o.offerId} already exists`)
      }
      ids.add(o.offerId)
    }
    return inputs.map((o) => {
      let offerId = o.offerId
      while (offerId === undefined || this.byId.has(offerId)) offerId = uuid(this.rng)
      const amount = o.stock ?? 0
      const managedByRetailer = o.managedByRetailer ?? false
      /** @type {Offer} */
      const offer = {
        offerId,
        ean: o.ean,
        reference: o.reference,
        title: o.title ?? `Product ${o.ean}`,
        price: o.price ?? DEFAULT_PRICE,
        seq: ++this.added,
        amount,
        managedByRetailer,
        onHoldByRetailer: o.onHoldByRetailer ?? false,
        appliedSeq: this.nextSeq(),
        sinceUpdateUnits: 0,
        openUnits: 0,
        lastModifiedAt: now,
        history: [],
      }
      const correctedStock = this.displayed(offer)
      offer.history.push({ amount, managedByRetailer, correctedStock, at: now, requestedAt: now, via: "initial" })
      this.byId.set(offerId, offer)
      return offer
    })
  }

  /** @param {string} id */
  get(id) {
    return this.byId.get(id)
  }

  /** @param {string} reference the first offer (insertion order) with it */
  byReference(reference) {
    for (const o of this.byId.values()) if (o.reference === reference) return o
    return undefined
  }

  all() {
    return [...this.byId.values()]
  }

  /** @param {Offer} o */
  displayed(o) {
    return Math.max(0, o.amount - (o.managedByRetailer ? o.sinceUpdateUnits : o.openUnits))
  }

  /** @param {Offer} o */
  forSale(o) {
    return !o.onHoldByRetailer && this.displayed(o) > 0
  }

  /**
   * A stock update took effect (v11 PATCH at once, v10 PUT on SUCCESS).
   * @param {Offer} o
   * @param {{ amount?: number, managedByRetailer?: boolean }} stock
   * @param {StockVia} via
   * @param {number} now
   * @param {number} [requestedAt] when the update was received, if before now (v10)
   */
  applyStock(o, stock, via, now, requestedAt = now) {
    if (stock.amount === undefined && stock.managedByRetailer === undefined) return
    if (stock.amount !== undefined) {
      o.amount = stock.amount
      o.appliedSeq = this.nextSeq()
      o.sinceUpdateUnits = 0
    }
    if (stock.managedByRetailer !== undefined) o.managedByRetailer = stock.managedByRetailer
    o.lastModifiedAt = now
    o.history.push({
      amount: o.amount,
      managedByRetailer: o.managedByRetailer,
      correctedStock: this.displayed(o),
      at: now,
      requestedAt,
      via,
    })
  }

  /**
   * @param {Offer} o
   * @param {number} units a new order's units
   */
  ordered(o, units) {
    o.openUnits += units
    o.sinceUpdateUnits += units
  }

  /**
   * @param {Offer} o
   * @param {number} itemSeq when the cancelled item was placed (event counter)
   * @param {number} units
   */
  cancelled(o, itemSeq, units) {
    o.openUnits = Math.max(0, o.openUnits - units)
    if (itemSeq > o.appliedSeq) o.sinceUpdateUnits = Math.max(0, o.sinceUpdateUnits - units)
  }

  /** @param {Offer} o @param {number} units */
  shipped(o, units) {
    o.openUnits = Math.max(0, o.openUnits - units)
  }

  /**
   * v11 OfferResponse.
   * @param {Offer} o
   */
  toResponse(o) {
    const displayed = this.displayed(o)
    return {
      offerId: o.offerId,
      ean: o.ean,
      reference: o.reference,
      lastModifiedDateTime: bolTime(o.lastModifiedAt),
      onHoldByRetailer: o.onHoldByRetailer,
      ...(o.economicOperatorId !== undefined ? { economicOperatorId: o.economicOperatorId } : {}),
      ...(o.unknownProductTitle !== undefined ? { unknownProductTitle: o.unknownProductTitle } : {}),
      stock: { amount: o.amount, correctedStock: displayed, managedByRetailer: o.managedByRetailer },
      countryAvailabilities: [{ countryCode: "NL", forSale: !o.onHoldByRetailer && displayed > 0 }],
      condition: { category: "NEW" },
      pricing: { bundlePrices: [{ quantity: 1, unitPrice: o.price }] },
      fulfilment: { method: "FBR" },
    }
  }

  /**
   * The control view: state, displayed stock and history.
   * @param {Offer} o
   */
  snapshot(o) {
    return {
      offerId: o.offerId,
      ean: o.ean,
      reference: o.reference,
      title: o.title,
      price: o.price,
      amount: o.amount,
      managedByRetailer: o.managedByRetailer,
      onHoldByRetailer: o.onHoldByRetailer,
      displayedStock: this.displayed(o),
      openUnits: o.openUnits,
      unitsSinceUpdate: o.sinceUpdateUnits,
      lastModifiedAt: o.lastModifiedAt,
      history: o.history.map((h) => ({ ...h })),
    }
  }

  /**
   * `GET /retailer/offers` (v11): filters offer-ids[], eans[] (also `ean`),
   * reference, for-sale, last-modified-date-time; page-size 1..100; cursor.
   * @param {URLSearchParams} q
   * @returns {import("./http").Reply}
   */
  list(q) {
    /** @type {Violation[]} */
    const violations = []
    const multi = (/** @type {string[]} */ ...names) => names.flatMap((n) => q.getAll(n)).flatMap((v) => v.split(","))
    const ids = multi("offer-ids[]", "offer-ids")
    const eans = multi("eans[]", "eans", "ean")
    const reference = q.get("reference")
    const forSaleRaw = q.get("for-sale")
    if (forSaleRaw !== null && forSaleRaw !== "true" && forSaleRaw !== "false") {
      violations.push({ name: "for-sale", reason: `Request contains invalid value(s): '${forSaleRaw}'.` })
    }
    const lmRaw = q.get("last-modified-date-time")
    const lastModified = lmRaw === null ? null : Date.parse(lmRaw)
    if (lastModified !== null && Number.isNaN(lastModified)) {
      violations.push({ name: "last-modified-date-time", reason: "Must be an ISO 8601 date-time." })
    }
    let pageSize = DEFAULT_PAGE_SIZE
    const psRaw = q.get("page-size")
    if (psRaw !== null) {
      pageSize = Number(psRaw)
      if (!/^\d+$/.test(psRaw) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
        violations.push({ name: "page-size", reason: `Must be between 1 and ${MAX_PAGE_SIZE}.` })
      }
    }
    const cursorRaw = q.get("cursor")
    const after = cursorRaw ? decodeCursor(cursorRaw) : 0
    if (after === null) violations.push({ name: "cursor", reason: "Invalid cursor." })
    if (violations.length) return badRequest(violations)

    const matches = this.all().filter(
      (o) =>
        o.seq > /** @type {number} */ (after) &&
        (ids.length === 0 || ids.includes(o.offerId)) &&
        (eans.length === 0 || eans.includes(o.ean)) &&
        (reference === null || o.reference === reference) &&
        (forSaleRaw === null || this.forSale(o) === (forSaleRaw === "true")) &&
        (lastModified === null || o.lastModifiedAt >= lastModified)
    )
    const page = matches.slice(0, pageSize)
    /** @type {{ pageSize: number, nextCursor?: string }} */
    const pageInfo = { pageSize }
    if (matches.length > pageSize) pageInfo.nextCursor = encodeCursor(page[page.length - 1].seq)
    return { status: 200, body: { offers: page.map((o) => this.toResponse(o)), page: pageInfo } }
  }

  /**
   * `GET /retailer/offers/{offer-id}`.
   * @param {string} id
   * @returns {import("./http").Reply}
   */
  getOne(id) {
    const o = this.get(id)
    return o ? { status: 200, body: this.toResponse(o) } : notFound(`Offer with id ${id} not found.`)
  }
}

const PATCH_KEYS = [
  "reference",
  "onHoldByRetailer",
  "unknownProductTitle",
  "economicOperatorId",
  "countryAvailabilities",
  "pricing",
  "fulfilment",
  "stock",
]

/**
 * Violations in a v11 PatchOfferRequest (empty when it is valid).
 * @param {unknown} b
 * @returns {Violation[]}
 */
function patchViolations(b) {
  if (!isObject(b)) return [{ name: "body", reason: "Request body must be a JSON object." }]
  /** @type {Violation[]} */
  const v = []
  for (const k of Object.keys(b)) if (!PATCH_KEYS.includes(k)) v.push({ name: k, reason: "Unknown field." })
  if (b.reference !== undefined && (typeof b.reference !== "string" || b.reference.length > 100)) {
    v.push({ name: "reference", reason: "Must be a string of at most 100 characters." })
  }
  if (b.onHoldByRetailer !== undefined && typeof b.onHoldByRetailer !== "boolean") {
    v.push({ name: "onHoldByRetailer", reason: "Must be a boolean." })
  }
  if (
    b.unknownProductTitle !== undefined &&
    (typeof b.unknownProductTitle !== "string" || b.unknownProductTitle.length > 500)
  ) {
    v.push({ name: "unknownProductTitle", reason: "Must be a string of at most 500 characters." })
  }
  if (b.economicOperatorId !== undefined && typeof b.economicOperatorId !== "string") {
    v.push({ name: "economicOperatorId", reason: "Must be a string." })
  }
  if (
    b.countryAvailabilities !== undefined &&
    !(
      Array.isArray(b.countryAvailabilities) &&
      b.countryAvailabilities.every((c) => isObject(c) && (c.countryCode === "NL" || c.countryCode === "BE"))
    )
  ) {
    v.push({ name: "countryAvailabilities", reason: "Must be a list of { countryCode: NL | BE }." })
  }
  if (b.pricing !== undefined) {
    const bp = isObject(b.pricing) ? b.pricing.bundlePrices : undefined
    const ok =
      Array.isArray(bp) &&
      bp.length > 0 &&
      bp.every(
        (p) =>
          isObject(p) &&
          Number.isInteger(p.quantity) &&
          p.quantity >= 1 &&
          isFiniteNumber(p.unitPrice) &&
          p.unitPrice >= 1 &&
          p.unitPrice <= 9999
      )
    if (!ok) v.push({ name: "pricing.bundlePrices", reason: "Must be a list of { quantity >= 1, unitPrice 1..9999 }." })
  }
  if (b.fulfilment !== undefined && !(isObject(b.fulfilment) && ["FBR", "FBB"].includes(b.fulfilment.method))) {
    v.push({ name: "fulfilment.method", reason: "Request contains invalid value(s), allowed values: FBR, FBB." })
  }
  if (b.stock !== undefined) {
    if (!isObject(b.stock)) v.push({ name: "stock", reason: "Must be an object." })
    else {
      for (const k of Object.keys(b.stock)) {
        if (k !== "amount" && k !== "managedByRetailer") v.push({ name: `stock.${k}`, reason: "Unknown field." })
      }
      if (b.stock.amount !== undefined && (!Number.isInteger(b.stock.amount) || b.stock.amount < 0)) {
        v.push({ name: "stock.amount", reason: "Must be an integer greater than or equal to 0." })
      }
      if (b.stock.managedByRetailer !== undefined && typeof b.stock.managedByRetailer !== "boolean") {
        v.push({ name: "stock.managedByRetailer", reason: "Must be a boolean." })
      }
    }
  }
  return v
}

/**
 * Apply a valid PatchOfferRequest at once (v11 is synchronous).
 * @param {OfferBook} book
 * @param {Offer} o
 * @param {Record<string, any>} b
 * @param {number} now
 */
function applyPatch(book, o, b, now) {
  if (b.reference !== undefined) o.reference = b.reference
  if (b.onHoldByRetailer !== undefined) o.onHoldByRetailer = b.onHoldByRetailer
  if (b.unknownProductTitle !== undefined) o.unknownProductTitle = b.unknownProductTitle
  if (b.economicOperatorId !== undefined) o.economicOperatorId = b.economicOperatorId
  if (b.pricing !== undefined) {
    const bp = b.pricing.bundlePrices
    o.price = (bp.find((/** @type {any} */ p) => p.quantity === 1) ?? bp[0]).unitPrice
  }
  o.lastModifiedAt = now
  if (b.stock !== undefined) book.applyStock(o, b.stock, "v11", now)
}

/**
 * Violations in a v10 UpdateOfferStockRequest (both fields required, amount 0..999).
 * @param {unknown} b
 * @returns {Violation[]}
 */
function v10StockViolations(b) {
  if (!isObject(b)) return [{ name: "body", reason: "Request body must be a JSON object." }]
  /** @type {Violation[]} */
  const v = []
  if (!Number.isInteger(b.amount) || b.amount < 0 || b.amount > 999) {
    v.push({ name: "amount", reason: "Must be an integer between 0 and 999." })
  }
  if (typeof b.managedByRetailer !== "boolean") v.push({ name: "managedByRetailer", reason: "Must be a boolean." })
  return v
}

module.exports = { OfferBook, validateOfferInput, patchViolations, applyPatch, v10StockViolations, DEFAULT_PRICE }
