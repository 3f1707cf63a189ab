"use strict"

/**
 * Counters and the request log of the bol simulator. Replace the whole
 * object to reset.
 */

/**
 * @typedef {"ok" | "client_error" | "unauthorized" | "rate_limited" | "error_5xx" | "lost_ack"} BolOutcome
 * @typedef {{
 *   method: string,
 *   path: string,
 *   route: string,
 *   group: string | null,
 *   status: number,
 *   outcome: BolOutcome,
 *   at: number,
 * }} BolRequestLogEntry
 *   for a lost ack, `status` is the committed status that was never sent
 */

class BolStats {
  /** @param {{ logLimit?: number }} [opts] */
  constructor(opts = {}) {
    this.logLimit = opts.logLimit ?? 200000
    this.startedAt = Date.now()
    this.requests = 0
    /** @type {Record<string, number>} */
    this.byRoute = {}
    /** @type {Record<string, number>} */
    this.byStatus = {}
    this.rateLimited = 0
    /** @type {Record<string, number>} */
    this.rateLimitedByGroup = {}
    this.unauthorized = 0
    this.tokensIssued = 0
    this.stockWrites = 0
    this.processStatusPolls = 0
    this.lostAcks = 0
    this.errors5xx = 0
    this.sales = { orders: 0, units: 0 }
    /** @type {BolRequestLogEntry[]} */
    this.log = []
  }

  /**
   * @param {BolRequestLogEntry} e
   * @param {boolean} sent false for a lost ack
   */
  record(e, sent) {
    this.requests++
    this.byRoute[e.route] = (this.byRoute[e.route] ?? 0) + 1
    if (sent) this.byStatus[e.status] = (this.byStatus[e.status] ?? 0) + 1
    if (e.outcome === "rate_limited") {
      this.rateLimited++
      if (e.group) this.rateLimitedByGroup[e.group] = (this.rateLimitedByGroup[e.group] ?? 0) + 1
    }
    if (e.outcome === "unauthorized") this.unauthorized++
    if (e.outcome === "lost_ack") this.lostAcks++
    if (e.outcome === "error_5xx") this.errors5xx++
    this.log.push(e)
    if (this.log.length > this.logLimit * 1.1) this.log.splice(0, this.log.length - this.logLimit)
  }

  snapshot() {
    return {
      requests: this.requests,
      byRoute: { ...this.byRoute },
      byStatus: { ...this.byStatus },
      rateLimited: this.rateLimited,
      rateLimitedByGroup: { ...this.rateLimitedByGroup },
      unauthorized: this.unauthorized,
      tokensIssued: this.tokensIssued,
      stockWrites: this.stockWrites,
      processStatusPolls: this.processStatusPolls,
      lostAcks: this.lostAcks,
      errors5xx: this.errors5xx,
      sales: { ...this.sales },
      startedAt: this.startedAt,
    }
  }
}

module.exports = { BolStats }
