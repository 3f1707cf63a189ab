"use strict"

/**
 * HTTP layer of the bol simulator. Per request:
 * route → (API routes) bearer token (401) → rate limit or storm (429) →
 * injected 5xx (not on /token) → latency → /token, or Accept (406) →
 * Content-Type (415) → JSON (400) → handler → lost ack (writes only).
 * Rate-limit headers go on every answer of a limited route, deprecation
 * headers on every answer of a deprecated one.
 */

const http = require("node:http")
const crypto = require("node:crypto")
const { V10, problem, nginxError, mediaTypes, readBody, send } = require("./http")
const { matchRoute } = require("./routes")
const { tokenRoute } = require("./auth")
const { rateLimitHeaders } = require("./rate-limits")
const { inStorm, latency } = require("./faults")

/**
 * @typedef {import("./http").Reply} Reply
 * @typedef {import("./stats").BolOutcome} BolOutcome
 * @typedef {(method: string, path: string, body: unknown) => Reply} ControlHandler
 */

const DEPRECATION_LINK =
  '<https://api.bol.com/retailer/public/Retailer-API/v11/functional/offer-api/whats-new-in-this-api.html>; rel="deprecation"; type="text/html"'

/** @param {{ deprecatedAt: number, sunset: number } | null} d @returns {Record<string, string>} */
const deprecationHeaders = (d) =>
  d
    ? {
        deprecation: `@${Math.floor(d.deprecatedAt / 1000)}`,
        sunset: new Date(d.sunset).toUTCString(),
        link: DEPRECATION_LINK,
      }
    : {}

/** @param {number} status @returns {BolOutcome} */
const outcomeOf = (status) =>
  status < 400 ? "ok" : status === 401 ? "unauthorized" : status < 500 ? "client_error" : "error_5xx"

/**
 * @param {number} seconds
 * @param {boolean} withRetryAfter
 * @returns {Reply}
 */
const tooManyRequests = (seconds, withRetryAfter) => ({
  status: 429,
  body: { title: "Too Many Requests", status: 429, detail: `Too many requests, retry in ${seconds} seconds.` },
  headers: withRetryAfter ? { "retry-after": String(seconds) } : {},
})

/**
 * @param {import("./marketplace").Marketplace} market
 * @returns {Reply}
 */
function injectedError(market) {
  const rng = market.rng.faults
  const status = /** @type {const} */ ([500, 502, 503])[Math.floor(rng() * 3)]
  if (status === 500 || rng() < 0.5) return nginxError(status)
  return status === 502
    ? problem(502, "Bad Gateway", "The upstream service answered with an invalid response.")
    : problem(503, "Service Unavailable", "The service is temporarily unavailable. Please try again later.")
}

/**
 * @param {import("./marketplace").Marketplace} market
 * @param {ControlHandler} control answers `/__*` routes
 */
function createBolServer(market, control) {
  /** @type {Set<import("node:net").Socket>} */
  const sockets = new Set()
  /** @type {Set<NodeJS.Timeout>} */
  const waits = new Set()
  let closing = false

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      send(res, problem(500, "Internal Server Error", `sandbox bug: ${err && err.message}`), V10)
    })
  })
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })

  /** @param {number} ms */
  const sleep = (ms) =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        waits.delete(t)
        resolve(undefined)
      }, ms)
      waits.add(t)
    })

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   */
  async function handle(req, res) {
    const url = new URL(req.url ?? "/", "http://bol")
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname
    const method = (req.method ?? "GET").toUpperCase()
    const raw = await readBody(req)

    if (path.startsWith("/__")) {
      let body
      try {
        body = raw.text.trim() === "" ? undefined : JSON.parse(raw.text)
      } catch {
        return send(res, { status: 400, body: { message: "invalid JSON body" } }, "application/json")
      }
      return send(res, control(method, path, body), "application/json")
    }

    const at = Date.now()
    const stats = market.stats
    const requestId = crypto.randomUUID()
    const match = matchRoute(method, path)
    const route = match && "route" in match ? match.route : null
    const rawParams = match && "route" in match ? match.params : []
    const mediaType = route ? route.mediaType : V10
    /** @type {Record<string, string>} */
    let limitHeaders = {}
    const baseHeaders = {
      "x-request-id": requestId,
      "x-rid": requestId,
      ...(route?.deprecated ? deprecationHeaders(market.config.deprecation) : {}),
    }
    /**
     * @param {Reply} r
     * @param {BolOutcome} [outcome]
     */
    const respond = (r, outcome = outcomeOf(r.status)) => {
      stats.record(
        { method, path, route: route?.key ?? "UNMATCHED", group: route?.group ?? null, status: r.status, outcome, at },
        true
      )
      send(res, { ...r, headers: { ...baseHeaders, ...limitHeaders, ...r.headers } }, mediaType)
    }

    if (!match) return respond(problem(404, "Not Found", `No endpoint ${method} ${path}.`))
    if (!route) return respond(problem(405, "Method Not Allowed", `Request method '${method}' is not supported.`))
    const window = route.group ? market.limiters.window(route.group) : undefined
    const f = market.faults

    // 1. bearer token (before the limiter, so a rejected token costs no quota)
    if (route.auth) {
      const a = market.tokens.check(req.headers.authorization, Date.now())
      if (!a.ok) {
        if (window) limitHeaders = rateLimitHeaders(window, window.peek(Date.now()))
        return respond({ status: 401, body: a.body })
      }
    }

    // 2. rate limit; during a storm every limited request is refused (no quota used)
    if (window) {
      const now = Date.now()
      if (inStorm(f, now - market.startedAt)) {
        const p = window.peek(now)
        limitHeaders = rateLimitHeaders(window, { remaining: 0, resetSec: p.resetSec })
        return respond(tooManyRequests(p.resetSec, f.retryAfter), "rate_limited")
      }
      const t = window.take(now)
      limitHeaders = rateLimitHeaders(window, t)
      if (!t.ok) return respond(tooManyRequests(t.resetSec, f.retryAfter), "rate_limited")
    }

    // 3. injected 5xx: nothing happens
    if (route.auth && f.errorRate > 0 && market.rng.faults() < f.errorRate) {
      return respond(injectedError(market), "error_5xx")
    }

    // 4. latency
    const delay = latency(f, market.rng.faults)
    if (delay > 0) await sleep(delay)
    if (closing) return

    // 5. login.bol.com
    if (!route.auth) {
      const r = tokenRoute({ query: url.searchParams, headers: req.headers, text: raw.text }, market.tokens, Date.now())
      if (r.status === 200) stats.tokensIssued++
      return respond({ ...r, contentType: "application/json;charset=UTF-8" })
    }

    // 6. media types and body
    if (!route.accept.some((t) => mediaTypes(req.headers.accept).includes(t))) {
      return respond(problem(406, "Not Acceptable", `The Accept header must be ${route.accept.join(" or ")}.`))
    }
    let body
    if (route.hasBody) {
      const type = mediaTypes(req.headers["content-type"])[0]
      if (!type || !route.accept.includes(type)) {
        return respond(
          problem(
            415,
            "Unsupported Media Type",
            `Content-Type '${type ?? ""}' is not supported. Use ${route.accept.join(" or ")}.`
          )
        )
      }
      if (raw.tooLarge) return respond(problem(413, "Payload Too Large", "The request body is too large."))
      if (raw.text.trim() === "") return respond(problem(400, "Bad Request", "Required request body is missing."))
      try {
        body = JSON.parse(raw.text)
      } catch {
        return respond(problem(400, "Bad Request", "JSON parse error: the request body is not valid JSON."))
      }
    }

    // 7. the route itself
    let params
    try {
      params = rawParams.map((p) => decodeURIComponent(p))
    } catch {
      return respond(problem(400, "Bad Request", "Malformed URL encoding."))
    }
    const reply = route.handler({ params, query: url.searchParams, body, now: Date.now(), market })

    // 8. lost ack: committed, never answered
    if (route.write && reply.status >= 200 && reply.status < 300 && f.lostAckRate > 0) {
      if (market.rng.faults() < f.lostAckRate) {
        stats.record(
          { method, path, route: route.key, group: route.group, status: reply.status, outcome: "lost_ack", at },
          false
        )
        req.socket.destroy()
        return
      }
    }
    respond(reply)
  }

  /** @returns {Promise<void>} stops listening and kills every open socket */
  function close() {
    closing = true
    for (const t of waits) clearTimeout(t)
    waits.clear()
    return new Promise((resolve) => {
      if (!server.listening) return resolve()
      server.close(() => resolve())
      server.closeAllConnections()
      for (const s of sockets) s.destroy()
    })
  }

  return { server, close }
}

module.exports = { createBolServer }
