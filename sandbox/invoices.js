"use strict"

/**
 * Invoice listing with "filter drift": the ways a real CRM broke after it
 * changed its filter semantics (see README.md, "Invoice drift"). Pure
 * functions over the store's sorted view; every random decision goes through
 * the `rng` passed in (the sandbox's seeded fault RNG), and no draw happens
 * when drift is off, so seeded runs of the other faults are unchanged.
 */

const { compareInvoiceKeys } = require("./store")
const { INVOICE_DRIFTS, INVOICE_BY_ID_DRIFTS } = require("./faults")

/**
 * @typedef {import("./store").Doc} Doc
 * @typedef {import("./store").InvoiceRecord} InvoiceRecord
 * @typedef {import("./faults").InvoiceDrift} InvoiceDrift
 * @typedef {{ ms: number, id: string, extra: number }} InvoiceCursor
 *   position of the last item handed out; `extra` counts the surplus pages
 *   already served past the end under "inconsistent_pages"
 */

const DEFAULT_INVOICE_PAGE = 50
const MAX_INVOICE_PAGE = 200
/** "inconsistent_pages": at most this many pages are served after the real last one */
const MAX_EXTRA_PAGES = 3
/** "inconsistent_pages": chance that the real last page still carries a next_cursor */
const EXTRA_PAGE_RATE = 0.5

/** @param {InvoiceCursor} c @returns {string} */
function encodeInvoiceCursor(c) {
  /** @type {unknown[]} */
  const parts = [Number.isFinite(c.ms) ? c.ms : null, c.id]
  if (c.extra > 0) parts.push(c.extra)
  return Buffer.from(JSON.stringify(parts)).toString("base64url")
}

/** @param {string} raw @returns {InvoiceCursor | null} */
function decodeInvoiceCursor(raw) {
  let v
  try {
    v = JSON.parse(Buffer.from(raw, "base64url").toString())
  } catch {
    return null
  }
  if (!Array.isArray(v) || v.length < 2 || v.length > 3) return null
  const [ms, id, extra = 0] = v
  if (!(ms === null || (typeof ms === "number" && Number.isFinite(ms)))) return null
  if (typeof id !== "string" || !Number.isInteger(extra) || extra < 0) return null
  return { ms: ms === null ? -Infinity : ms, id, extra }
}

/**
 * @param {() => number} rng
 * @param {number} lo
 * @param {number} hi inclusive
 */
const randInt = (rng, lo, hi) => lo + Math.floor(rng() * (hi - lo + 1))

/**
 * @param {() => number} rng
 * @param {number} rate
 * @returns {boolean} true with probability `rate`; no draw at 0 or 1
 */
function roll(rng, rate) {
  if (rate <= 0) return false
  if (rate >= 1) return true
  return rng() < rate
}

/**
 * The customer_id test a drifted CRM applies.
 * @param {InvoiceDrift} mode
 * @param {string | null} customerId null only under "ignore_filter"
 * @returns {(value: unknown) => boolean}
 */
function customerMatcher(mode, customerId) {
  if (mode === "ignore_filter" || customerId === null) return () => true
  if (mode === "prefix") return (v) => typeof v === "string" && v.startsWith(customerId)
  if (mode === "case_insensitive") {
    const want = customerId.toLowerCase()
    return (v) => typeof v === "string" && v.toLowerCase() === want
  }
  return (v) => v === customerId
}

/** @param {InvoiceRecord} r */
const keyOf = (r) => ({ ms: r.ms, id: r.doc.id })

/**
 * First index in `list` strictly after `cursor` (binary search; `list` is sorted).
 * @param {InvoiceRecord[]} list
 * @param {{ ms: number, id: string }} cursor
 */
function firstAfter(list, cursor) {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compareInvoiceKeys(keyOf(list[mid]), cursor) <= 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * One page of `GET /invoices`, drift applied.
 *
 * @param {{
 *   view: InvoiceRecord[],
 *   customerId: string | null,
 *   status: string | null,
 *   limit: number,
 *   after: InvoiceCursor | null,
 *   mode: InvoiceDrift,
 *   mixRate: number,
 *   rng: () => number,
 * }} q
 * @returns {{ data: Doc[], next_cursor: string | null }}
 */
function listInvoicePage(q) {
  const { view, customerId, status, limit, after, mode, rng } = q
  const matchCustomer = customerMatcher(mode, customerId)
  const matchStatus = (/** @type {InvoiceRecord} */ r) => status === null || r.doc.status === status
  const list = view.filter((r) => matchCustomer(r.doc.customer_id) && matchStatus(r))

  const start = after ? firstAfter(list, after) : 0
  const page = list.slice(start, start + limit)
  const more = start + limit < list.length
  const extra = after ? after.extra : 0

  /** @type {InvoiceCursor | null} */
  let next = null
  if (mode !== "inconsistent_pages") {
    if (more) next = { ...keyOf(page[page.length - 1]), extra: 0 }
  } else if (more) {
    // The cursor lands a random distance before or after the real end of this
    // page: before repeats items on the next page, after skips some. It never
    // goes back as far as this page's start, so a walk always moves forward.
    const len = page.length
    const span = Math.max(1, Math.ceil(len / 2))
    const delta = Math.max(-(len - 1), randInt(rng, -span, span))
    const idx = Math.min(list.length - 1, start + len - 1 + delta)
    next = { ...keyOf(list[idx]), extra }
  } else if (list.length > 0 && extra < MAX_EXTRA_PAGES && roll(rng, EXTRA_PAGE_RATE)) {
    // The real last page, but the CRM says there is more: the next page
    // repeats the tail of this one, or is empty. Counted, so it stops.
    const idx = page.length > 0 ? start + page.length - 1 - randInt(rng, 0, page.length - 1) : start - 1
    next = { ...keyOf(list[idx]), extra: extra + 1 }
  }

  /** @type {Doc[]} */
  let data = page.map((r) => r.doc)
  if (mode === "mix" && customerId !== null) {
    // Foreign invoices (same status filter, so they are not trivially spotted)
    // slipped in at random positions: about mixRate of them per returned item,
    // and a chance of one even on an empty page.
    const foreign = view.filter((r) => r.doc.customer_id !== customerId && matchStatus(r))
    if (foreign.length > 0) {
      let count = 0
      for (let i = 0; i < Math.max(1, page.length); i++) if (roll(rng, q.mixRate)) count++
      data = [...data]
      for (let i = 0; i < count; i++) {
        const pick = foreign[Math.floor(rng() * foreign.length)].doc
        data.splice(Math.floor(rng() * (data.length + 1)), 0, pick)
      }
    }
  }
  if (mode === "missing_filter_field") {
    data = data.map(({ customer_id: _dropped, ...rest }) => rest)
  }
  return { data, next_cursor: next ? encodeInvoiceCursor(next) : null }
}

/**
 * Some other invoice than `id` (uniformly among the rest), for the
 * "wrong_invoice" drift of `GET /invoices/:id`.
 * @param {Doc[]} all
 * @param {string} id
 * @param {() => number} rng
 * @returns {Doc | undefined}
 */
function wrongInvoice(all, id, rng) {
  const others = all.filter((d) => d.id !== id)
  return others.length > 0 ? others[Math.floor(rng() * others.length)] : undefined
}

/** @param {unknown} v @returns {string} printable ASCII, safe inside a PDF string */
function pdfText(v) {
  return String(v ?? "")
    .replace(/[^\x20-\x7e]/g, "?")
    .replace(/[\\()]/g, "\\$&")
}

/**
 * A tiny but structurally valid one-page PDF (catalog, page, Helvetica text,
 * correct xref offsets) naming the invoice. Its first line after the header
 * is a comment with the invoice number, so tests can grep for it.
 * @param {Doc} inv
 * @returns {Buffer}
 */
function renderInvoicePdf(inv) {
  const number = inv.number ?? inv.id
  const lines = [
    `Invoice ${number}`,
    `Id ${inv.id}`,
    `Customer ${inv.customer_id}`,
    `Issued ${inv.issued_at ?? "-"}`,
    `Total ${inv.total ?? "-"} ${inv.currency_code ?? ""}`.trimEnd(),
    `Status ${inv.status ?? "-"}`,
  ]
  const text = lines.map((l, i) => `BT /F1 12 Tf 72 ${770 - i * 18} Td (${pdfText(l)}) Tj ET`).join("\n")
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ]
  let out = `%PDF-1.4\n% Invoice ${String(number).replace(/[^\x20-\x7e]/g, "?")}\n`
  /** @type {number[]} */
  const offsets = []
  objects.forEach((body, i) => {
    offsets.push(out.length)
    out += `${i + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = out.length
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  // Everything above is ASCII, so string length == byte offset.
  return Buffer.from(out, "latin1")
}

module.exports = {
  INVOICE_DRIFTS,
  INVOICE_BY_ID_DRIFTS,
  DEFAULT_INVOICE_PAGE,
  MAX_INVOICE_PAGE,
  MAX_EXTRA_PAGES,
  encodeInvoiceCursor,
  decodeInvoiceCursor,
  listInvoicePage,
  wrongInvoice,
  renderInvoicePdf,
}
