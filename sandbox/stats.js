"use strict"

/**
 * Counters and the request log. Every update is O(1) so 10k+ request runs
 * stay cheap; `snapshot()` copies only a handful of small maps.
 * To reset, replace the Stats with a new one (`startedAt` restarts too).
 */

/**
 * @typedef {"ok" | "rate_limited" | "error_5xx" | "timeout" | "late_commit" | "lost_ack" | "down" | "replayed" | "client_error"} Outcome
 * @typedef {{
 *   method: string,
 *   path: string,
 *   route: string,
 *   status: number | null,
 *   idempotencyKey: string | null,
 *   correlationId: string | null,
 *   traceparent: string | null,
 *   at: number,
 *   outcome: Outcome,
 * }} RequestLogEntry
 */

/** @type {Outcome[]} */
const OUTCOMES = [
  "ok",
  "rate_limited",
  "error_5xx",
  "timeout",
  "late_commit",
  "lost_ack",
  "down",
  "replayed",
  "client_error",
]

class Stats {
  /** @param {{ logLimit?: number }} [opts] */
  constructor(opts = {}) {
    // Oldest entries are dropped past this many, so a long `npm run sandbox`
    // session cannot grow without bound.
    this.logLimit = opts.logLimit ?? 200000
    this.requests = 0
    this.rateLimited = 0
    /** @type {Record<string, number>} */
    this.byStatus = {}
    /** @type {Record<string, number>} */
    this.byOutcome = Object.fromEntries(OUTCOMES.map((o) => [o, 0]))
    /** @type {Record<string, number>} */
    this.byRoute = {}
    this.inFlight = 0
    this.maxInFlight = 0
    this.startedAt = Date.now()
    /** @type {number | null} */
    this.firstRequestAt = null
    /** @type {number | null} */
    this.lastRequestAt = null
    /** `GET /invoices` calls answered with a page */
    this.invoiceListCalls = 0
    /** invoices in those pages, foreign ones included */
    this.invoicesReturned = 0
    /** returned invoices whose customer_id is not the requested one, or missing */
    this.foreignInvoicesReturned = 0
    /** @type {RequestLogEntry[]} */
    this.log = []
  }

  /**
   * A (non-control) request arrived.
   * @param {string} route route key such as "POST /orders"
   * @param {number} at ms epoch
   */
  begin(route, at) {
    this.requests++
    this.byRoute[route] = (this.byRoute[route] ?? 0) + 1
    if (this.firstRequestAt === null) this.firstRequestAt = at
    this.lastRequestAt = at
    this.inFlight++
    if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight
  }

  /** The request's connection-level life is over (response sent or socket gone). */
  end() {
    this.inFlight--
  }

  /**
   * Record how a request was answered.
   * @param {RequestLogEntry} entry
   * @param {boolean} sent whether `entry.status` actually went out on the wire
   */
  record(entry, sent) {
    this.byOutcome[entry.outcome]++
    if (entry.outcome === "rate_limited") this.rateLimited++
    if (sent && entry.status !== null) {
      const k = String(entry.status)
      this.byStatus[k] = (this.byStatus[k] ?? 0) + 1
    }
    this.log.push(entry)
    // Trim in chunks so the amortised cost per request stays O(1).
    if (this.log.length > this.logLimit * 1.25) this.log.splice(0, this.log.length - this.logLimit)
  }

  /**
   * A `GET /invoices` page went out.
   * @param {number} returned invoices in the page
   * @param {number} foreign how many of them are not the requested customer's
   */
  invoiceList(returned, foreign) {
    this.invoiceListCalls++
    this.invoicesReturned += returned
    this.foreignInvoicesReturned += foreign
  }

  /**
   * @param {{ total: number, uniqueExternalIds: number, duplicates: number, creates: number }} orders
   */
  snapshot(orders) {
    return {
      requests: this.requests,
      rateLimited: this.rateLimited,
      byStatus: { ...this.byStatus },
      byOutcome: { ...this.byOutcome },
      byRoute: { ...this.byRoute },
      orders,
      inFlight: this.inFlight,
      maxInFlight: this.maxInFlight,
      startedAt: this.startedAt,
      firstRequestAt: this.firstRequestAt,
      lastRequestAt: this.lastRequestAt,
      invoiceListCalls: this.invoiceListCalls,
      invoicesReturned: this.invoicesReturned,
      foreignInvoicesReturned: this.foreignInvoicesReturned,
    }
  }
}

module.exports = { Stats, OUTCOMES }
