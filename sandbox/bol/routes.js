"use strict"

/**
 * The bol Retailer API routes the simulator speaks, with what the HTTP layer
 * needs to know about each: its rate-limit group, media types, whether it
 * writes (lost acks) and whether it is a deprecated v10 offer route.
 */

const { V10, V11, ADVERTISER_V10, badRequest, notFound } = require("./http")
const { applyPatch, patchViolations } = require("./offers")

/**
 * @typedef {import("./http").Reply} Reply
 * @typedef {{
 *   params: string[],
 *   query: URLSearchParams,
 *   body: unknown,
 *   now: number,
 *   market: import("./marketplace").Marketplace,
 * }} RouteCtx
 * @typedef {{
 *   method: string,
 *   re: RegExp,
 *   key: string,
 *   group: import("./rate-limits").RateLimitGroup | null,
 *   auth: boolean,
 *   mediaType: string,
 *   accept: string[],
 *   hasBody: boolean,
 *   write: boolean,
 *   deprecated: boolean,
 *   handler: (ctx: RouteCtx) => Reply,
 * }} Route
 *   `mediaType` is what the route answers in (Problems included); `accept` what it takes in
 *   Accept and, for routes with a body, Content-Type
 */

/** @param {import("./process-status").ProcessStatus} ps @param {RouteCtx} ctx @returns {Reply} */
const accepted = (ps, ctx) => ({ status: 202, body: ctx.market.processStatuses.toJSON(ps) })

/** @type {Array<Omit<Route, "re"> & { path: string }>} */
const TABLE = [
  {
    method: "POST",
    path: "/token",
    key: "POST /token",
    group: "token",
    auth: false,
    mediaType: "application/json",
    accept: [],
    hasBody: true,
    write: false,
    deprecated: false,
    handler: () => ({ status: 500, body: null }), // answered by auth.tokenRoute in server.js
  },
  {
    method: "GET",
    path: "/retailer/offers",
    key: "GET /retailer/offers",
    group: "offers-list",
    auth: true,
    mediaType: V11,
    accept: [V11],
    hasBody: false,
    write: false,
    deprecated: false,
    handler: (ctx) => ctx.market.offers.list(ctx.query),
  },
  {
    method: "GET",
    path: "/retailer/offers/:id",
    key: "GET /retailer/offers/:id",
    group: "offers-get",
    auth: true,
    mediaType: V11,
    accept: [V11],
    hasBody: false,
    write: false,
    deprecated: false,
    handler: (ctx) => ctx.market.offers.getOne(ctx.params[0]),
  },
  {
    method: "PATCH",
    path: "/retailer/offers/:id",
    key: "PATCH /retailer/offers/:id",
    group: "offers-write",
    auth: true,
    mediaType: V11,
    accept: [V11],
    hasBody: true,
    write: true,
    deprecated: false,
    handler: (ctx) => {
      const m = ctx.market
      const offer = m.offers.get(ctx.params[0])
      if (!offer) return notFound(`Offer with id ${ctx.params[0]} not found.`)
      const v = patchViolations(ctx.body)
      if (v.length) return badRequest(v)
      const body = /** @type {Record<string, any>} */ (ctx.body)
      applyPatch(m.offers, offer, body, ctx.now)
      if (body.stock !== undefined) m.stats.stockWrites++
      return { status: 204 }
    },
  },
  {
    method: "PUT",
    path: "/retailer/offers/:id/stock",
    key: "PUT /retailer/offers/:id/stock",
    group: "offers-write",
    auth: true,
    mediaType: V10,
    accept: [V10],
    hasBody: true,
    write: true,
    deprecated: true,
    handler: (ctx) => {
      const m = ctx.market
      const offer = m.offers.get(ctx.params[0])
      if (!offer) return notFound(`Offer with id ${ctx.params[0]} not found.`)
      const r = m.queueStockUpdate(offer, ctx.body, ctx.now)
      if ("violations" in r) return badRequest(r.violations)
      m.stats.stockWrites++
      return accepted(r.ps, ctx)
    },
  },
  {
    method: "GET",
    path: "/shared/process-status/:id",
    key: "GET /shared/process-status/:id",
    group: "process-status",
    auth: true,
    mediaType: V10,
    accept: [V10, ADVERTISER_V10],
    hasBody: false,
    write: false,
    deprecated: false,
    handler: (ctx) => {
      const m = ctx.market
      m.stats.processStatusPolls++
      const ps = m.processStatuses.get(ctx.params[0], ctx.now)
      return ps
        ? { status: 200, body: m.processStatuses.toJSON(ps) }
        : notFound(`Process status with id ${ctx.params[0]} not found.`)
    },
  },
  {
    method: "GET",
    path: "/shared/process-status",
    key: "GET /shared/process-status",
    group: "process-status",
    auth: true,
    mediaType: V10,
    accept: [V10, ADVERTISER_V10],
    hasBody: false,
    write: false,
    deprecated: false,
    handler: (ctx) => {
      ctx.market.stats.processStatusPolls++
      return ctx.market.processStatuses.list(ctx.query, ctx.now)
    },
  },
  {
    method: "POST",
    path: "/shared/process-status",
    key: "POST /shared/process-status",
    group: "process-status-bulk",
    auth: true,
    mediaType: V10,
    accept: [V10, ADVERTISER_V10],
    hasBody: true,
    write: false,
    deprecated: false,
    handler: (ctx) => {
      ctx.market.stats.processStatusPolls++
      return ctx.market.processStatuses.bulk(ctx.body, ctx.now)
    },
  },
  {
    method: "GET",
    path: "/retailer/orders",
    key: "GET /retailer/orders",
    group: "orders-list",
    auth: true,
    mediaType: V10,
    accept: [V10],
    hasBody: false,
    write: false,
    deprecated: false,
    handler: (ctx) => ctx.market.orders.list(ctx.query, ctx.now),
  },
  {
    method: "PUT",
    path: "/retailer/orders/cancellation",
    key: "PUT /retailer/orders/cancellation",
    group: "orders-cancellation",
    auth: true,
    mediaType: V10,
    accept: [V10],
    hasBody: true,
    write: true,
    deprecated: false,
    handler: (ctx) => {
      const m = ctx.market
      const r = m.orders.cancellation(ctx.body)
      if ("violations" in r) return badRequest(r.violations)
      return accepted(m.queueCancellation(r.item, r.reasonCode, ctx.now), ctx)
    },
  },
  {
    method: "GET",
    path: "/retailer/orders/:id",
    key: "GET /retailer/orders/:id",
    group: "orders-get",
    auth: true,
    mediaType: V10,
    accept: [V10],
    hasBody: false,
    write: false,
    deprecated: false,
    handler: (ctx) => ctx.market.orders.getOne(ctx.params[0]),
  },
  {
    method: "GET",
    path: "/retailer/subscriptions/signature-keys",
    key: "GET /retailer/subscriptions/signature-keys",
    group: "signature-keys",
    auth: true,
    mediaType: V10,
    accept: [V10],
    hasBody: false,
    write: false,
    deprecated: false,
    handler: (ctx) => ({ status: 200, body: { signatureKeys: ctx.market.push.publicKeys() } }),
  },
]

/** @type {Route[]} in match order: literal paths before `:id` ones */
const ROUTES = TABLE.map(({ path, ...r }) => ({
  ...r,
  re: new RegExp(`^${path.replace(/:id/g, "([^/]+)")}$`),
})).sort((a, b) => Number(a.key.includes(":id")) - Number(b.key.includes(":id")))

/**
 * @param {string} method
 * @param {string} path
 * @returns {{ route: Route, params: string[] } | { methodNotAllowed: true } | null}
 */
function matchRoute(method, path) {
  let pathKnown = false
  for (const route of ROUTES) {
    const m = route.re.exec(path)
    if (!m) continue
    if (route.method === method) return { route, params: m.slice(1) }
    pathKnown = true
  }
  return pathKnown ? { methodNotAllowed: true } : null
}

module.exports = { ROUTES, matchRoute }
