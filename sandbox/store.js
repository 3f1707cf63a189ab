"use strict"

/**
 * In-memory data of the fake ERP/CRM: orders, inventory, customers, invoices.
 * Plain data operations only; HTTP status codes and faults live in server.js.
 * To reset, replace the Store with a new one.
 */

/**
 * @typedef {Record<string, any>} Doc
 * @typedef {{ doc: Doc, seq: number, rev: number, updatedMs: number, feedEdited?: boolean }} OrderRecord
 * @typedef {{ doc: Doc, ms: number }} InvoiceRecord `ms` is issued_at as ms epoch, -Infinity when absent or unparsable
 */

/**
 * Sort position of an invoice: issued_at descending, then id ascending (plain
 * code-unit order). Invoices without a usable issued_at come last.
 * @param {{ ms: number, id: string }} a
 * @param {{ ms: number, id: string }} b
 * @returns {number} < 0 when a comes first
 */
function compareInvoiceKeys(a, b) {
  if (a.ms !== b.ms) return a.ms > b.ms ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** @param {unknown} v @returns {number} */
function issuedMs(v) {
  if (typeof v === "number" && Number.isFinite(v)) return v
  if (typeof v !== "string") return -Infinity
  const ms = Date.parse(v)
  return Number.isNaN(ms) ? -Infinity : ms
}

class Store {
  constructor() {
    /** @type {Map<string, OrderRecord>} id -> record, in insertion order */
    this.ordersById = new Map()
    /** @type {Map<string, OrderRecord[]>} external_id -> records (several when duplicates are allowed) */
    this.ordersByExternalId = new Map()
    /**
     * Records keyed by their last write revision. A Map iterates in insertion
     * order, and re-inserting on every write keeps it sorted by `rev` for free.
     * @type {Map<number, OrderRecord>}
     */
    this.ordersByRev = new Map()
    /** @type {OrderRecord[] | null} cached array view of ordersByRev, dropped on write */
    this.revView = null
    this.orderSeq = 0
    this.rev = 0
    this.lastMs = 0
    this.creates = 0

    /** @type {Map<string, { sku: string, quantity: number, updated_at: string, updatedMs: number }>} */
    this.inventory = new Map()
    /** @type {Map<string, Doc>} external_id -> customer */
    this.customers = new Map()
    this.customerSeq = 0
    /** @type {Map<string, InvoiceRecord>} id -> record, in insertion order */
    this.invoicesById = new Map()
    /** @type {InvoiceRecord[] | null} cached sorted view, dropped on write */
    this.invoiceView = null
    this.invoiceSeq = 0
  }

  /**
   * Timestamps never go backwards (wall clocks can), so `updated_since`
   * polling and cursor pagination stay consistent.
   */
  tick() {
    this.lastMs = Math.max(Date.now(), this.lastMs)
    return this.lastMs
  }

  // ---------------------------------------------------------------- orders

  /** @param {string} externalId */
  findOrders(externalId) {
    return this.ordersByExternalId.get(externalId) ?? []
  }

  /**
   * Store a new order. The server owns `id`, `created_at` and `updated_at`;
   * a `created_at` sent by the client is kept as `source_created_at`.
   * @param {Doc} body
   * @returns {Doc}
   */
  createOrder(body) {
    const ms = this.tick()
    const doc = this.storeOrder(body, ms, new Date(ms).toISOString())
    this.creates++
    return doc
  }

  /**
   * Stores one order under a new server id with the given write time, in every index.
   * @param {Doc} body
   * @param {number} ms
   * @param {string} iso `ms` as an ISO string (a bulk seed formats it once per millisecond)
   * @returns {Doc}
   */
  storeOrder(body, ms, iso) {
    const seq = ++this.orderSeq
    // Object.assign, then plain sets: ten times faster than a spread with extra keys (bulk seeds)
    /** @type {Doc} */
    const doc = Object.assign({}, body)
    if (body.created_at !== undefined) doc.source_created_at = body.created_at
    doc.id = `ord_${seq}`
    doc.created_at = iso
    doc.updated_at = iso
    /** @type {OrderRecord} */
    const rec = { doc, seq, rev: 0, updatedMs: ms }
    this.ordersById.set(doc.id, rec)
    const list = this.ordersByExternalId.get(doc.external_id)
    if (list) list.push(rec)
    else this.ordersByExternalId.set(doc.external_id, [rec])
    this.touch(rec, ms)
    return doc
  }

  /**
   * Bulk seed: store every doc as createOrder would (server id `ord_<n>`, created_at/updated_at
   * from tick(), the same indexes), keeping the doc's other fields (external_id, status, totals,
   * items, …) as given. Several docs may share an external_id (a planted duplicate), whatever
   * `uniqueExternalId` says: that rule belongs to the HTTP route, not to the store. The whole
   * list is checked first, so a bad entry adds nothing. Docs are copied shallowly (nested
   * objects are kept, not cloned) and not counted in `creates`. Linear in the list: no per-doc
   * array copies, and the page view is rebuilt once, on the next read.
   * @param {Doc[]} docs
   * @returns {number} how many orders are stored now
   */
  addOrders(docs) {
    if (!Array.isArray(docs)) throw new TypeError("orders must be an array")
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]
      if (d === null || typeof d !== "object" || Array.isArray(d)) throw new TypeError(`order ${i} must be an object`)
      if (typeof d.external_id !== "string" || d.external_id === "") {
        throw new TypeError(`order ${i}: external_id must be a non-empty string`)
      }
    }
    let isoMs = NaN
    let iso = ""
    for (const body of docs) {
      const ms = this.tick()
      if (ms !== isoMs) {
        isoMs = ms
        iso = new Date(ms).toISOString()
      }
      this.storeOrder(body, ms, iso)
    }
    return this.ordersById.size
  }

  /**
   * Merge `patch` into every order with this external_id (all duplicates).
   * @param {string} externalId
   * @param {Doc} patch
   * @returns {Doc[]} the updated docs (empty when none exist)
   */
  updateOrders(externalId, patch) {
    const recs = this.findOrders(externalId)
    if (recs.length === 0) return []
    const ms = this.tick()
    const iso = new Date(ms).toISOString()
    // Server-owned fields cannot be overwritten by an update.
    const { id: _id, external_id: _ext, created_at: _created, updated_at: _updated, ...rest } = patch
    for (const rec of recs) {
      rec.doc = { ...rec.doc, ...rest, updated_at: iso }
      this.touch(rec, ms)
    }
    return recs.map((r) => r.doc)
  }

  /**
   * @param {OrderRecord} rec
   * @param {number} ms
   */
  touch(rec, ms) {
    if (rec.rev) this.ordersByRev.delete(rec.rev)
    rec.rev = ++this.rev
    rec.updatedMs = ms
    this.ordersByRev.set(rec.rev, rec)
    this.revView = null
  }

  /**
   * One page of orders with updated_at >= sinceMs, ordered by (updated_at, write
   * revision). Because revisions only grow and timestamps never go backwards,
   * that order equals revision order, so a row written during a walk always
   * lands after the cursor and is never skipped.
   *
   * `overlap` (a fault) puts `last` that many orders before the page's end, so the next page
   * repeats them; the walk still moves forward at least one order per page.
   *
   * @param {{ sinceMs: number, limit: number, after: { ms: number, rev: number } | null, overlap?: number }} q
   * @returns {{ data: Doc[], last: { ms: number, rev: number } | null, more: boolean }}
   */
  pageOrders({ sinceMs, limit, after, overlap = 0 }) {
    if (!this.revView) this.revView = Array.from(this.ordersByRev.values())
    const view = this.revView
    // First index whose (updatedMs, rev) is past both the lower bound and the cursor.
    let lo = 0
    let hi = view.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const r = view[mid]
      const beforeSince = r.updatedMs < sinceMs
      const beforeCursor =
        after !== null && (r.updatedMs < after.ms || (r.updatedMs === after.ms && r.rev <= after.rev))
      if (beforeSince || beforeCursor) lo = mid + 1
      else hi = mid
    }
    const slice = view.slice(lo, lo + limit)
    const lastRec = slice[Math.max(0, slice.length - 1 - overlap)]
    return {
      data: slice.map((r) => r.doc),
      last: lastRec ? { ms: lastRec.updatedMs, rev: lastRec.rev } : null,
      more: lo + limit < view.length,
    }
  }

  /**
   * The `orderFeedEdits` fault: each served order whose external id is listed is edited once (a
   * new `updated_at` and revision, nothing else), as a user editing it while the feed is read.
   * @param {Doc[]} served the docs a feed page just returned
   * @param {string[]} externalIds
   * @returns {number} how many were edited now
   */
  editServedOrders(served, externalIds) {
    if (!externalIds.length) return 0
    let edited = 0
    for (const doc of served) {
      const rec = this.ordersById.get(doc.id)
      if (!rec || rec.feedEdited || !externalIds.includes(rec.doc.external_id)) continue
      const ms = this.tick()
      rec.doc = { ...rec.doc, updated_at: new Date(ms).toISOString() }
      rec.feedEdited = true
      this.touch(rec, ms)
      edited++
    }
    return edited
  }

  /** @returns {Doc[]} all orders in creation order, duplicates included */
  allOrders() {
    return Array.from(this.ordersById.values(), (r) => r.doc)
  }

  orderCounts() {
    const total = this.ordersById.size
    const uniqueExternalIds = this.ordersByExternalId.size
    return { total, uniqueExternalIds, duplicates: total - uniqueExternalIds, creates: this.creates }
  }

  // ------------------------------------------------------------- inventory

  /**
   * @param {string} sku
   * @param {number} quantity
   */
  setInventory(sku, quantity) {
    const ms = this.tick()
    const item = { sku, quantity, updated_at: new Date(ms).toISOString(), updatedMs: ms }
    this.inventory.set(sku, item)
    return { sku, quantity, updated_at: item.updated_at }
  }

  /** @param {number} sinceMs */
  listInventory(sinceMs) {
    const out = []
    for (const i of this.inventory.values()) {
      if (i.updatedMs >= sinceMs) out.push({ sku: i.sku, quantity: i.quantity, updated_at: i.updated_at })
    }
    return out
  }

  // ------------------------------------------------------------- customers

  /**
   * Insert or update (a partial document: fields it leaves out keep their values, as the REST
   * profile's customer upsert says); the id stays stable across upserts.
   * @param {string} externalId
   * @param {Doc} body
   */
  upsertCustomer(externalId, body) {
    const iso = new Date(this.tick()).toISOString()
    const prev = this.customers.get(externalId)
    const id = prev ? prev.id : `cus_${++this.customerSeq}`
    const doc = {
      ...(prev ?? {}),
      ...body,
      id,
      external_id: externalId,
      created_at: prev ? prev.created_at : iso,
      updated_at: iso,
    }
    this.customers.set(externalId, doc)
    return doc
  }

  /** @param {string | null} externalId */
  listCustomers(externalId) {
    if (externalId === null) return Array.from(this.customers.values())
    const c = this.customers.get(externalId)
    return c ? [c] : []
  }

  // -------------------------------------------------------------- invoices

  /**
   * Add invoices. The whole list is checked first, so a bad entry adds
   * nothing. An invoice whose id already exists replaces it (keeping its
   * insertion position); one without an id gets a fresh `inv_<n>`.
   * @param {Doc[]} list
   * @returns {number} how many invoices are stored now
   */
  addInvoices(list) {
    if (!Array.isArray(list)) throw new TypeError("invoices must be an array")
    list.forEach((inv, i) => {
      if (inv === null || typeof inv !== "object" || Array.isArray(inv)) {
        throw new TypeError(`invoice ${i} must be an object`)
      }
      if (typeof inv.customer_id !== "string" || inv.customer_id === "") {
        throw new TypeError(`invoice ${i}: customer_id must be a non-empty string`)
      }
      if (inv.id !== undefined && (typeof inv.id !== "string" || inv.id === "")) {
        throw new TypeError(`invoice ${i}: id must be a non-empty string when given`)
      }
    })
    for (const inv of list) {
      let id = inv.id
      if (id === undefined) {
        // Skip ids that were seeded explicitly, so a generated id never overwrites one.
        do id = `inv_${++this.invoiceSeq}`
        while (this.invoicesById.has(id))
      }
      /** @type {Doc} */
      const doc = structuredClone({ ...inv, id })
      this.invoicesById.set(id, { doc, ms: issuedMs(doc.issued_at) })
    }
    this.invoiceView = null
    return this.invoicesById.size
  }

  /** @param {string} id @returns {Doc | undefined} */
  getInvoice(id) {
    return this.invoicesById.get(id)?.doc
  }

  /** @returns {Doc[]} every invoice in insertion order */
  allInvoices() {
    return Array.from(this.invoicesById.values(), (r) => r.doc)
  }

  /**
   * Every invoice ordered by (issued_at desc, id asc). The array is cached
   * until the next write; callers must not mutate it.
   * @returns {InvoiceRecord[]}
   */
  sortedInvoices() {
    if (!this.invoiceView) {
      this.invoiceView = Array.from(this.invoicesById.values()).sort((a, b) =>
        compareInvoiceKeys({ ms: a.ms, id: a.doc.id }, { ms: b.ms, id: b.doc.id })
      )
    }
    return this.invoiceView
  }
}

module.exports = { Store, compareInvoiceKeys }
