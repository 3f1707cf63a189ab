"use strict"

/**
 * bol's asynchronous write queue (v10): a write answers 202 with a PENDING
 * ProcessStatus; after `pendingMs` it turns SUCCESS (and only then takes
 * effect), FAILURE (with errorMessage) or TIMEOUT, or stays PENDING for
 * good. A `stuckRate` share stays PENDING for `stuckMs` instead of
 * `pendingMs` (bol: a request is re-queued and stays PENDING while a
 * downstream service is unavailable, up to hours) and then ends as drawn,
 * taking effect late on SUCCESS. Statuses are readable for `retentionMs`
 * after they end, then 404.
 */

const { badRequest } = require("./http")
const { assertKnownKeys, assertRate, bolTime, isFiniteNumber, isObject } = require("./util")

/**
 * @typedef {"PENDING" | "SUCCESS" | "FAILURE" | "TIMEOUT"} PsStatus
 * @typedef {{
 *   pendingMs: number | [number, number],
 *   failureRate: number,
 *   timeoutRate: number,
 *   neverFinishRate: number,
 *   stuckRate: number,
 *   stuckMs: number | [number, number],
 *   retentionMs: number,
 * }} ProcessStatusConfig
 * @typedef {{
 *   processStatusId: string,
 *   entityId: string,
 *   eventType: string,
 *   description: string,
 *   status: PsStatus,
 *   errorMessage?: string,
 *   createdAt: number,
 *   endedAt: number | null,
 *   apply: (late: boolean) => string | null,
 *   failureMessage: string,
 *   stuck: boolean,
 * }} ProcessStatus
 *   `apply` makes the write take effect (`late`: a stuck status ending); a string it returns is a
 *   business failure (FAILURE)
 */

/** Every event type bol's Shared API v10 lists for `GET /shared/process-status`. */
const EVENT_TYPES = [
  "CREATE_SHIPMENT",
  "CANCEL_ORDER",
  "CHANGE_TRANSPORT",
  "HANDLE_RETURN_ITEM",
  "CREATE_RETURN_ITEM",
  "CREATE_INBOUND",
  "DELETE_OFFER",
  "CREATE_OFFER",
  "UPDATE_OFFER",
  "UPDATE_OFFER_STOCK",
  "UPDATE_OFFER_PRICE",
  "CREATE_OFFER_EXPORT",
  "UNPUBLISHED_OFFER_REPORT",
  "CREATE_PRODUCT_CONTENT",
  "CREATE_SUBSCRIPTION",
  "UPDATE_SUBSCRIPTION",
  "DELETE_SUBSCRIPTION",
  "SEND_SUBSCRIPTION_TST_MSG",
  "CREATE_SHIPPING_LABEL",
  "CREATE_REPLENISHMENT",
  "UPDATE_REPLENISHMENT",
  "REQUEST_PRODUCT_DESTINATIONS",
  "CREATE_SOV_SEARCH_TERM_REPORT",
  "CREATE_SOV_CATEGORY_REPORT",
  "UPLOAD_INVOICE",
  "CREATE_CAMPAIGN_PERFORMANCE_REPORT",
]
const PAGE_SIZE = 50

/** @returns {ProcessStatusConfig} */
const defaultProcessStatusConfig = () => ({
  pendingMs: 300,
  failureRate: 0,
  timeoutRate: 0,
  neverFinishRate: 0,
  stuckRate: 0,
  stuckMs: 60_000,
  retentionMs: 48 * 3600 * 1000,
})

/** @param {unknown} p */
const isDelay = (p) =>
  Array.isArray(p)
    ? p.length === 2 && p.every((n) => isFiniteNumber(n) && n >= 0) && p[0] <= p[1]
    : isFiniteNumber(p) && p >= 0

/** @param {number | [number, number]} p @param {() => number} rng */
const drawDelay = (p, rng) => (Array.isArray(p) ? p[0] + rng() * (p[1] - p[0]) : p)

/**
 * @param {ProcessStatusConfig} current
 * @param {unknown} partial
 * @returns {ProcessStatusConfig}
 */
function mergeProcessStatusConfig(current, partial) {
  if (!isObject(partial)) throw new TypeError("processStatus must be an object")
  assertKnownKeys("processStatus", partial, Object.keys(current))
  const next = { ...current, ...partial }
  const p = next.pendingMs
  if (!isDelay(p)) throw new TypeError("processStatus.pendingMs must be a number >= 0 or [min, max]")
  const stuck = next.stuckMs
  if (!isDelay(stuck)) throw new TypeError("processStatus.stuckMs must be a number >= 0 or [min, max]")
  assertRate("processStatus.stuckRate", next.stuckRate)
  assertRate("processStatus.failureRate", next.failureRate)
  assertRate("processStatus.timeoutRate", next.timeoutRate)
  assertRate("processStatus.neverFinishRate", next.neverFinishRate)
  if (next.failureRate + next.timeoutRate + next.neverFinishRate > 1) {
    throw new TypeError("processStatus failureRate + timeoutRate + neverFinishRate must be <= 1")
  }
  if (!isFiniteNumber(next.retentionMs) || next.retentionMs < 0) {
    throw new TypeError("processStatus.retentionMs must be a number >= 0")
  }
  return {
    ...next,
    pendingMs: Array.isArray(p) ? [p[0], p[1]] : p,
    stuckMs: Array.isArray(stuck) ? [stuck[0], stuck[1]] : stuck,
  }
}

class ProcessStatusBook {
  /**
   * @param {{
   *   config: () => ProcessStatusConfig,
   *   rng: () => number,
   *   idRng: () => number,
   *   later: (ms: number, fn: () => void) => void,
   *   baseUrl: () => string,
   * }} deps
   */
  constructor(deps) {
    this.deps = deps
    /** @type {Map<string, ProcessStatus>} */
    this.byId = new Map()
    this.nextId = 1000000000 + Math.floor(deps.idRng() * 8000000000)
  }

  /**
   * Queue a write: PENDING now, its outcome after pendingMs.
   * @param {{ eventType: string, entityId: string, description: string, failureMessage: string, apply: (late: boolean) => string | null }} w
   * @param {number} now
   */
  create(w, now) {
    const cfg = this.deps.config()
    const rng = this.deps.rng
    /** @type {ProcessStatus} */
    const ps = {
      processStatusId: String(this.nextId++),
      entityId: w.entityId,
      eventType: w.eventType,
      description: w.description,
      status: "PENDING",
      createdAt: now,
      endedAt: null,
      apply: w.apply,
      failureMessage: w.failureMessage,
      stuck: false,
    }
    this.byId.set(ps.processStatusId, ps)
    const r = rng()
    /** @type {PsStatus | null} */
    let outcome = "SUCCESS"
    if (r < cfg.neverFinishRate) outcome = null
    else if (r < cfg.neverFinishRate + cfg.failureRate) outcome = "FAILURE"
    else if (r < cfg.neverFinishRate + cfg.failureRate + cfg.timeoutRate) outcome = "TIMEOUT"
    let delay = drawDelay(cfg.pendingMs, rng)
    // drawn only when configured, so the other outcomes' sequence is the same without it
    if (outcome !== null && cfg.stuckRate > 0 && rng() < cfg.stuckRate) {
      ps.stuck = true
      delay = drawDelay(cfg.stuckMs, rng)
    }
    if (outcome !== null) {
      const end = outcome
      this.deps.later(delay, () => this.finish(ps, end))
    }
    return ps
  }

  /**
   * @param {ProcessStatus} ps
   * @param {PsStatus} outcome
   */
  finish(ps, outcome) {
    if (this.byId.get(ps.processStatusId) !== ps) return // cleared by a reset
    if (outcome === "SUCCESS") {
      const err = ps.apply(ps.stuck)
      if (err !== null) {
        ps.status = "FAILURE"
        ps.errorMessage = err
      } else ps.status = "SUCCESS"
    } else {
      ps.status = outcome
      if (outcome === "FAILURE") ps.errorMessage = ps.failureMessage
    }
    ps.endedAt = Date.now()
  }

  /**
   * @param {ProcessStatus} ps
   * @param {number} now
   */
  visible(ps, now) {
    return ps.endedAt === null || now - ps.endedAt <= this.deps.config().retentionMs
  }

  /**
   * @param {string} id
   * @param {number} now
   */
  get(id, now) {
    const ps = this.byId.get(id)
    return ps && this.visible(ps, now) ? ps : undefined
  }

  /**
   * ProcessStatus as bol sends it.
   * @param {ProcessStatus} ps
   */
  toJSON(ps) {
    return {
      processStatusId: ps.processStatusId,
      entityId: ps.entityId,
      eventType: ps.eventType,
      description: ps.description,
      status: ps.status,
      ...(ps.errorMessage !== undefined ? { errorMessage: ps.errorMessage } : {}),
      createTimestamp: bolTime(ps.createdAt),
      links: [
        { rel: "self", href: `${this.deps.baseUrl()}/shared/process-status/${ps.processStatusId}`, method: "GET" },
      ],
    }
  }

  /**
   * `GET /shared/process-status?entity-id=&event-type=&page=`: newest first, 50 a page.
   * @param {URLSearchParams} q
   * @param {number} now
   * @returns {import("./http").Reply}
   */
  list(q, now) {
    /** @type {import("./http").Violation[]} */
    const v = []
    const entityId = q.get("entity-id")
    const eventType = q.get("event-type")
    if (!entityId) v.push({ name: "entity-id", reason: "Required request parameter 'entity-id' is not present." })
    if (!eventType) v.push({ name: "event-type", reason: "Required request parameter 'event-type' is not present." })
    else if (!EVENT_TYPES.includes(eventType)) {
      v.push({
        name: "event-type",
        reason: `Request contains invalid value(s): '${eventType}', allowed values: ${EVENT_TYPES.join(", ")}.`,
      })
    }
    const pageRaw = q.get("page") ?? "1"
    const page = Number(pageRaw)
    if (!/^\d+$/.test(pageRaw) || page < 1) v.push({ name: "page", reason: "Must be greater than or equal to 1." })
    if (v.length) return badRequest(v)
    const all = [...this.byId.values()]
      .filter((ps) => ps.entityId === entityId && ps.eventType === eventType && this.visible(ps, now))
      .reverse()
    const slice = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
    return { status: 200, body: { processStatuses: slice.map((ps) => this.toJSON(ps)) } }
  }

  /**
   * `POST /shared/process-status`: in query order, unknown or purged ids left out.
   * @param {unknown} body
   * @param {number} now
   * @returns {import("./http").Reply}
   */
  bulk(body, now) {
    const qs = isObject(body) ? body.processStatusQueries : undefined
    const ok =
      Array.isArray(qs) &&
      qs.length >= 1 &&
      qs.length <= 1000 &&
      qs.every((x) => isObject(x) && (typeof x.processStatusId === "string" || Number.isInteger(x.processStatusId)))
    if (!ok) {
      return badRequest([{ name: "processStatusQueries", reason: "Must hold 1 to 1000 { processStatusId } entries." }])
    }
    const found = qs
      .map((x) => this.get(String(x.processStatusId), now))
      .filter((ps) => ps !== undefined)
      .map((ps) => this.toJSON(/** @type {ProcessStatus} */ (ps)))
    return { status: 200, body: { processStatuses: found } }
  }

  all() {
    return [...this.byId.values()].map((ps) => this.toJSON(ps))
  }

  clear() {
    this.byId.clear()
  }
}

module.exports = { ProcessStatusBook, EVENT_TYPES, defaultProcessStatusConfig, mergeProcessStatusConfig }
