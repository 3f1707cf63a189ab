"use strict"

/**
 * HTTP layer: routing, the fault pipeline, idempotency replay, control routes
 * and connection bookkeeping (so close() can kill hung sockets).
 */

const http = require("node:http")
const {
  DEFAULT_INVOICE_PAGE,
  MAX_INVOICE_PAGE,
  decodeInvoiceCursor,
  listInvoicePage,
  wrongInvoice,
  renderInvoicePdf,
} = require("./invoices")

/**
 * @typedef {import("./store").Store} Store
 * @typedef {import("./faults").FaultState} FaultState
 * @typedef {import("./stats").Stats} Stats
 * @typedef {import("./stats").Outcome} Outcome
 * @typedef {{
 *   store: Store,
 *   faults: FaultState,
 *   stats: Stats,
 *   idempotency: Map<string, { signature: string, status: number, body: unknown }>,
 *   authToken: string | undefined,
 *   reset: () => void,
 * }} SandboxState
 * @typedef {{ status: number, body: unknown, headers?: Record<string, string>, raw?: Buffer }} Reply
 *   `raw`, when set, is sent as is (with the content-type from `headers`) instead of JSON `body`
 * @typedef {{
 *   params: string[],
 *   query: URLSearchParams,
 *   body: any,
 *   faults: import("./faults").Faults,
 *   rng: () => number,
 *   stats: Stats,
 * }} RouteCtx
 *   `rng` is the seeded fault RNG; `stats` the Stats this request started under
 * @typedef {(ctx: RouteCtx, store: Store) => Reply} RouteHandler
 */

const MAX_BODY_BYTES = 5 * 1024 * 1024
const DEFAULT_PAGE = 100
const MAX_PAGE = 500

/** @param {number} status @param {unknown} body @returns {Reply} */
const reply = (status, body) => ({ status, body })
/** @param {number} status @param {string} message @returns {Reply} */
const fail = (status, message) => ({ status, body: { message } })

/** @param {unknown} v @returns {v is Record<string, any>} */
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v)

/**
 * Parse an optional ISO timestamp query parameter.
 * @param {string | null} raw
 * @returns {number | null} ms epoch, 0 when absent, null when invalid
 */
function parseSince(raw) {
  if (raw === null || raw === "") return 0
  const ms = Date.parse(raw)
  return Number.isNaN(ms) ? null : ms
}

/** @param {{ ms: number, rev: number }} c */
const encodeCursor = (c) => Buffer.from(`${c.ms}:${c.rev}`).toString("base64url")

/** @param {string} raw @returns {{ ms: number, rev: number } | null} */
function decodeCursor(raw) {
  const m = /^(\d+):(\d+)$/.exec(Buffer.from(raw, "base64url").toString())
  return m ? { ms: Number(m[1]), rev: Number(m[2]) } : null
}

/**
 * A permanent business error for configured external ids.
 * @param {RouteCtx} ctx
 * @param {string} externalId
 * @returns {Reply | null}
 */
function rejected(ctx, externalId) {
  return ctx.faults.rejectExternalIds.includes(externalId)
    ? fail(422, `customer credit limit exceeded for ${externalId}`)
    : null
}

// ------------------------------------------------------------------ routes

/** @type {RouteHandler} */
function postOrder(ctx, store) {
  const b = ctx.body
  if (!isObject(b)) return fail(422, "body must be a JSON object")
  if (typeof b.external_id !== "string" || b.external_id === "") {
    return fail(422, "external_id is required and must be a non-empty string")
  }
  if (!Array.isArray(b.items)) return fail(422, "items must be an array")
  const rej = rejected(ctx, b.external_id)
  if (rej) return rej
  const existing = store.findOrders(b.external_id)
  if (existing.length > 0 && ctx.faults.uniqueExternalId) {
    return reply(409, {
      id: existing[0].doc.id,
      external_id: b.external_id,
      message: `order with external_id ${b.external_id} already exists`,
    })
  }
  return reply(201, { id: store.createOrder(b).id })
}

/** @type {RouteHandler} */
function getOrders(ctx, store) {
  const q = ctx.query
  const externalId = q.get("external_id")
  if (externalId !== null) {
    return reply(200, { data: store.findOrders(externalId).map((r) => r.doc) })
  }
  const sinceMs = parseSince(q.get("updated_since"))
  if (sinceMs === null) return fail(400, "updated_since must be an ISO 8601 timestamp")
  let limit = DEFAULT_PAGE
  if (q.get("limit") !== null) {
    limit = Number(q.get("limit"))
    if (!Number.isInteger(limit) || limit < 1) return fail(400, "limit must be a positive integer")
    limit = Math.min(limit, MAX_PAGE)
  }
  let after = null
  const rawCursor = q.get("cursor")
  if (rawCursor) {
    after = decodeCursor(rawCursor)
    if (!after) return fail(400, "invalid cursor")
  }
  const page = store.pageOrders({ sinceMs, limit, after, overlap: ctx.faults.orderFeedOverlap })
  // orderFeedEdits: the ERP edits orders this page served right after serving them, so the walk
  // meets them again further on (a feed that ended here goes on, as its next read would show)
  const edited = store.editServedOrders(page.data, ctx.faults.orderFeedEdits)
  const more = page.more || edited > 0
  return reply(200, {
    data: page.data,
    next_cursor: more && page.last ? encodeCursor(page.last) : null,
  })
}

/** @type {RouteHandler} */
function putOrder(ctx, store) {
  const externalId = ctx.params[0]
  if (!isObject(ctx.body)) return fail(422, "body must be a JSON object")
  const rej = rejected(ctx, externalId)
  if (rej) return rej
  const updated = store.updateOrders(externalId, ctx.body)
  if (updated.length === 0) return fail(404, `order with external_id ${externalId} not found`)
  return reply(200, { id: updated[0].id })
}

/** @type {RouteHandler} */
function putInventory(ctx, store) {
  const q = isObject(ctx.body) ? ctx.body.quantity : undefined
  if (!Number.isInteger(q) || q < 0) return fail(422, "quantity must be an integer >= 0")
  return reply(200, store.setInventory(ctx.params[0], q))
}

/** @type {RouteHandler} */
function getInventory(ctx, store) {
  const sinceMs = parseSince(ctx.query.get("updated_since"))
  if (sinceMs === null) return fail(400, "updated_since must be an ISO 8601 timestamp")
  return reply(200, { data: store.listInventory(sinceMs) })
}

/** @type {RouteHandler} */
function putCustomer(ctx, store) {
  if (!isObject(ctx.body)) return fail(422, "body must be a JSON object")
  return reply(200, { id: store.upsertCustomer(ctx.params[0], ctx.body).id })
}

/** @type {RouteHandler} */
function getCustomers(ctx, store) {
  return reply(200, { data: store.listCustomers(ctx.query.get("external_id")) })
}

/**
 * `GET /invoices?customer_id=&status=&limit=&cursor=`, with `invoiceDrift`.
 * @type {RouteHandler}
 */
function getInvoices(ctx, store) {
  const q = ctx.query
  const mode = ctx.faults.invoiceDrift
  const rawCustomer = q.get("customer_id")
  const customerId = rawCustomer === null || rawCustomer === "" ? null : rawCustomer
  // A CRM that ignores the filter does not insist on it either.
  if (customerId === null && mode !== "ignore_filter") return fail(400, "customer_id is required")
  const rawStatus = q.get("status")
  const status = rawStatus === null || rawStatus === "" ? null : rawStatus
  let limit = DEFAULT_INVOICE_PAGE
  if (q.get("limit") !== null) {
    limit = Number(q.get("limit"))
    if (!Number.isInteger(limit) || limit < 1) return fail(400, "limit must be a positive integer")
    limit = Math.min(limit, MAX_INVOICE_PAGE)
  }
  let after = null
  const rawCursor = q.get("cursor")
  if (rawCursor) {
    after = decodeInvoiceCursor(rawCursor)
    if (!after) return fail(400, "invalid cursor")
  }
  const page = listInvoicePage({
    view: store.sortedInvoices(),
    customerId,
    status,
    limit,
    after,
    mode,
    mixRate: ctx.faults.invoiceMixRate,
    rng: ctx.rng,
  })
  // Foreign: not the requested customer's, or with no customer_id to tell.
  const foreign = page.data.filter((inv) => inv.customer_id !== customerId).length
  ctx.stats.invoiceList(page.data.length, foreign)
  return reply(200, page)
}

/**
 * `GET /invoices/:id`. Like many CRMs it does not check who is asking.
 * @type {RouteHandler}
 */
function getInvoice(ctx, store) {
  const id = ctx.params[0]
  if (ctx.faults.invoiceByIdDrift === "wrong_invoice") {
    const other = wrongInvoice(store.allInvoices(), id, ctx.rng)
    if (other) return reply(200, other)
  }
  const inv = store.getInvoice(id)
  return inv ? reply(200, inv) : fail(404, `invoice ${id} not found`)
}

/** @type {RouteHandler} */
function getInvoicePdf(ctx, store) {
  const id = ctx.params[0]
  const inv = store.getInvoice(id)
  if (!inv) return fail(404, `invoice ${id} not found`)
  const safeName = String(inv.number ?? inv.id).replace(/[^A-Za-z0-9._-]/g, "_")
  return {
    status: 200,
    body: null,
    raw: renderInvoicePdf(inv),
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="${safeName}.pdf"`,
    },
  }
}

/** @type {Array<{ method: string, re: RegExp, key: string, handler: RouteHandler }>} */
const ROUTES = [
  { method: "POST", re: /^\/orders$/, key: "POST /orders", handler: postOrder },
  { method: "GET", re: /^\/orders$/, key: "GET /orders", handler: getOrders },
  { method: "PUT", re: /^\/orders\/external\/([^/]+)$/, key: "PUT /orders/external/:external_id", handler: putOrder },
  { method: "PUT", re: /^\/inventory\/([^/]+)$/, key: "PUT /inventory/:sku", handler: putInventory },
  { method: "GET", re: /^\/inventory$/, key: "GET /inventory", handler: getInventory },
  { method: "PUT", re: /^\/customers\/([^/]+)$/, key: "PUT /customers/:external_id", handler: putCustomer },
  { method: "GET", re: /^\/customers$/, key: "GET /customers", handler: getCustomers },
  { method: "GET", re: /^\/invoices$/, key: "GET /invoices", handler: getInvoices },
  { method: "GET", re: /^\/invoices\/([^/]+)$/, key: "GET /invoices/:id", handler: getInvoice },
  { method: "GET", re: /^\/invoices\/([^/]+)\/pdf$/, key: "GET /invoices/:id/pdf", handler: getInvoicePdf },
]

/**
 * @param {string} method
 * @param {string} path
 * @returns {{ route: (typeof ROUTES)[number], params: string[] } | null}
 */
function matchRoute(method, path) {
  for (const route of ROUTES) {
    if (route.method !== method) continue
    const m = route.re.exec(path)
    if (m) return { route, params: m.slice(1) }
  }
  return null
}

// ------------------------------------------------------------------ server

/**
 * @param {http.ServerResponse} res
 * @param {Reply} r
 */
function send(res, r) {
  if (res.writableEnded || res.destroyed) return
  if (r.raw) {
    res.writeHead(r.status, {
      "content-type": "application/octet-stream",
      ...r.headers,
      "content-length": r.raw.length,
    })
    res.end(r.raw)
    return
  }
  const payload = JSON.stringify(r.body ?? null)
  res.writeHead(r.status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
    ...r.headers,
  })
  res.end(payload)
}

/** @param {string | string[] | undefined} h @returns {string | null} */
const header = (h) => (Array.isArray(h) ? h[0] : h) ?? null

/**
 * @param {http.IncomingMessage} req
 * @returns {Promise<{ text: string, tooLarge: boolean }>}
 */
function readBody(req) {
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = []
    let size = 0
    let tooLarge = false
    req.on("data", (c) => {
      size += c.length
      if (size > MAX_BODY_BYTES) tooLarge = true
      else chunks.push(c)
    })
    req.on("end", () => resolve({ text: Buffer.concat(chunks).toString("utf8"), tooLarge }))
    // An aborted request never reaches "end"; treat it as empty and let the
    // write side notice the dead socket.
    req.on("error", () => resolve({ text: "", tooLarge }))
  })
}

/**
 * Build the HTTP server around a sandbox state.
 * @param {SandboxState} state
 */
function createHttpServer(state) {
  /** @type {Set<import("node:net").Socket>} */
  const sockets = new Set()
  /** @type {Set<NodeJS.Timeout>} pending latency / hang timers, cleared on close */
  const timers = new Set()
  let closing = false

  /**
   * @param {number} ms
   * @param {() => void} fn
   */
  function later(ms, fn) {
    const t = setTimeout(() => {
      timers.delete(t)
      fn()
    }, ms)
    timers.add(t)
    return t
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      // Should not happen; answer rather than leave the client hanging.
      send(res, fail(500, `sandbox bug: ${err && err.message}`))
    })
  })
  // Only injected faults may reset connections: an idle keep-alive socket closed by the server
  // just as a client reuses it would look like a lost acknowledgement that nobody injected.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   */
  async function handle(req, res) {
    const url = new URL(req.url ?? "/", "http://sandbox")
    // Tolerate a trailing slash ("/orders/" == "/orders").
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname
    const method = (req.method ?? "GET").toUpperCase()

    if (path.startsWith("/__")) {
      const body = await readBody(req)
      send(res, body.tooLarge ? fail(413, "request body too large") : control(method, path, body.text))
      return
    }

    const at = Date.now()
    const match = matchRoute(method, path)
    const routeKey = match ? match.route.key : "UNMATCHED"
    // Pin this request to the Stats it started under: a reset mid-request
    // swaps in a fresh Stats whose counters this request must not disturb.
    const stats = state.stats
    stats.begin(routeKey, at)
    res.on("close", () => stats.end())

    /**
     * @param {Outcome} outcome
     * @param {number | null} status
     * @param {boolean} sent
     */
    const record = (outcome, status, sent) =>
      stats.record(
        {
          method,
          path,
          route: routeKey,
          status,
          idempotencyKey: header(req.headers["idempotency-key"]),
          correlationId: header(req.headers["x-correlation-id"]) ?? header(req.headers["x-request-id"]),
          traceparent: header(req.headers["traceparent"]),
          at,
          outcome,
        },
        sent
      )
    /**
     * @param {Reply} r
     * @param {Outcome} outcome
     */
    /** rate-limit headers for this answer (faults.rateLimit.headers), set once the bucket is consulted */
    let rateLimitHeaders = {}
    const respond = (r, outcome) => {
      record(outcome, r.status, true)
      send(res, { ...r, headers: { ...rateLimitHeaders, ...r.headers } })
    }

    const body = await readBody(req)
    const faults = state.faults
    const f = faults.config

    // 1. down
    if (faults.isDown(Date.now() - stats.startedAt)) return respond(fail(503, "down"), "down")

    // 2. rate limit
    if (faults.bucket) {
      const t = faults.bucket.take(Date.now())
      rateLimitHeaders = faults.bucket.headers(f.rateLimit?.headers ?? "none")
      if (!t.ok) {
        const seconds = Math.max(1, Math.ceil(t.retryAfterMs / 1000))
        const retryAfter =
          f.retryAfterFormat === "http-date" ? new Date(Date.now() + seconds * 1000).toUTCString() : String(seconds)
        return respond(
          {
            status: 429,
            body: { message: "rate limited" },
            headers: f.rateLimit?.retryAfter === false ? {} : { "retry-after": retryAfter },
          },
          "rate_limited"
        )
      }
    }

    // 3. injected 5xx, before anything is done
    if (faults.roll(f.errorRate)) {
      const status = faults.errorStatus()
      return respond(fail(status, `injected ${status}`), "error_5xx")
    }

    // 4. accepted but never answered; nothing committed
    if (faults.roll(f.timeoutRate)) {
      record("timeout", null, false)
      const t = later(f.hangMs, () => req.socket.destroy())
      req.socket.once("close", () => {
        clearTimeout(t)
        timers.delete(t)
      })
      return
    }

    // 4b. a slow commit (a lock wait, a batch): the remote checks the request now, works on it
    // for lateCommitMs whether or not the client is still there, then inserts without checking
    // again (check, stall, insert). A client that gave up and resends inside the stall gets past
    // the same checks: a remote that ignores keys or duplicate references ends with two.
    if ((method === "POST" || method === "PUT") && faults.roll(f.lateCommitRate)) {
      const early = precheck(req, method, path, match, body)
      if (early) return respond(early, early.status === 409 ? "client_error" : "replayed")
      await new Promise((resolve) => later(f.lateCommitMs, () => resolve(undefined)))
      if (closing) return
      const late = commit(req, method, path, match, body, stats, { skipChecks: true })
      if (req.socket.destroyed) record("late_commit", late.reply.status, false)
      else respond(late.reply, "late_commit")
      return
    }

    // 5. latency
    const delay = faults.latency()
    if (delay > 0) await new Promise((resolve) => later(delay, () => resolve(undefined)))
    if (closing) return

    // 6. commit
    const result = commit(req, method, path, match, body, stats)

    // 7. lost ack: committed (and remembered for idempotency) but never answered
    const mutating = method === "POST" || method === "PUT"
    if (
      mutating &&
      !result.replayed &&
      result.reply.status >= 200 &&
      result.reply.status < 300 &&
      faults.roll(faults.config.lostAckRate)
    ) {
      record("lost_ack", result.reply.status, false)
      req.socket.destroy()
      return
    }
    const status = result.reply.status
    const outcome = result.replayed ? "replayed" : status < 400 ? "ok" : status < 500 ? "client_error" : "error_5xx"
    respond(result.reply, outcome)
  }

  /**
   * Auth, JSON parsing, idempotency and the route handler itself.
   * @param {http.IncomingMessage} req
   * @param {string} method
   * @param {string} path
   * @param {ReturnType<typeof matchRoute>} match
   * @param {{ text: string, tooLarge: boolean }} raw
   * @param {Stats} stats the Stats this request started under
   * @param {{ skipChecks?: boolean }} [opts] skipChecks: the checks ran before a stall (late commit)
   * @returns {{ reply: Reply, replayed: boolean }}
   */
  function commit(req, method, path, match, raw, stats, opts = {}) {
    const done = (/** @type {Reply} */ r, replayed = false) => ({ reply: r, replayed })

    if (state.authToken !== undefined && req.headers.authorization !== `Bearer ${state.authToken}`) {
      return done(fail(401, "missing or invalid bearer token"))
    }
    if (raw.tooLarge) return done(fail(413, "request body too large"))
    let body
    if (raw.text.trim() !== "") {
      try {
        body = JSON.parse(raw.text)
      } catch {
        return done(fail(400, "invalid JSON body"))
      }
    }

    const f = opts.skipChecks ? { ...state.faults.config, uniqueExternalId: false } : state.faults.config
    const mutating = method === "POST" || method === "PUT"
    const key = f.honourIdempotencyKey && mutating ? header(req.headers["idempotency-key"]) : null
    // A key belongs to one operation; reusing it elsewhere is a client bug.
    const signature = `${method} ${path}`
    if (key && !opts.skipChecks) {
      const stored = state.idempotency.get(key)
      if (stored && stored.signature !== signature) {
        return done(fail(422, `Idempotency-Key ${key} was already used for ${stored.signature}`))
      }
      if (stored) {
        return done({ status: stored.status, body: stored.body, headers: { "idempotent-replayed": "true" } }, true)
      }
    }

    if (!match) return done(fail(404, `no route for ${method} ${path}`))
    let params
    try {
      params = match.params.map((p) => decodeURIComponent(p))
    } catch {
      return done(fail(400, "malformed URL encoding"))
    }
    const r = match.route.handler(
      {
        params,
        query: new URL(req.url ?? "/", "http://sandbox").searchParams,
        body,
        faults: f,
        rng: () => state.faults.rng(),
        stats,
      },
      state.store
    )
    // Final answers are remembered at commit time, so a lost ack replays too.
    if (key && r.status < 500) state.idempotency.set(key, { signature, status: r.status, body: r.body })
    return done(r)
  }

  /**
   * The checks a remote makes before its slow work: a known Idempotency-Key answers with its
   * stored reply; an external_id it already holds (when it enforces them) answers 409.
   * Null when the request may go ahead.
   * @param {http.IncomingMessage} req
   * @param {string} method
   * @param {string} path
   * @param {ReturnType<typeof matchRoute>} match
   * @param {{ text: string, tooLarge: boolean }} raw
   * @returns {Reply | null}
   */
  function precheck(req, method, path, match, raw) {
    const f = state.faults.config
    const key = f.honourIdempotencyKey ? header(req.headers["idempotency-key"]) : null
    const stored = key ? state.idempotency.get(key) : undefined
    if (stored) return { status: stored.status, body: stored.body, headers: { "idempotent-replayed": "true" } }
    if (!f.uniqueExternalId || !match || method !== "POST") return null
    let externalId
    try {
      externalId = JSON.parse(raw.text || "{}").external_id
    } catch {
      return null
    }
    const existing = typeof externalId === "string" ? state.store.findOrders(externalId) : []
    if (!existing.length) return null
    return {
      status: 409,
      body: {
        id: existing[0].id,
        external_id: externalId,
        message: `order with external_id ${externalId} already exists`,
      },
    }
  }

  /**
   * Control routes: never faulted, never authenticated, not counted in stats.
   * @param {string} method
   * @param {string} path
   * @param {string} text
   * @returns {Reply}
   */
  function control(method, path, text) {
    let body
    try {
      body = text.trim() === "" ? undefined : JSON.parse(text)
    } catch {
      return fail(400, "invalid JSON body")
    }
    const route = `${method} ${path}`
    switch (route) {
      case "GET /__stats":
        return reply(200, state.stats.snapshot(state.store.orderCounts()))
      case "GET /__faults":
        return reply(200, state.faults.snapshot())
      case "POST /__faults":
        try {
          state.faults.set(body ?? {})
          return reply(200, state.faults.snapshot())
        } catch (err) {
          return fail(400, /** @type {Error} */ (err).message)
        }
      case "DELETE /__faults":
        state.faults.reset()
        return reply(200, state.faults.snapshot())
      case "POST /__reset":
        state.reset()
        return reply(200, { ok: true })
      case "GET /__orders":
        return reply(200, { data: state.store.allOrders() })
      case "GET /__requests":
        return reply(200, { data: state.stats.log })
      case "GET /__invoices":
        // The undrifted truth, whatever invoiceDrift says.
        return reply(200, { data: state.store.allInvoices() })
      case "POST /__orders":
        // A bulk seed (planted duplicates allowed whatever uniqueExternalId says); see Store.addOrders.
        if (!Array.isArray(body) || !body.every((o) => isObject(o) && typeof o.external_id === "string")) {
          return fail(400, "body must be an array of orders, each with a string external_id")
        }
        try {
          // count: orders stored now (as POST /__invoices answers), duplicates included
          return reply(200, { count: state.store.addOrders(body), added: body.length })
        } catch (err) {
          return fail(400, /** @type {Error} */ (err).message)
        }
      case "POST /__invoices":
        if (!Array.isArray(body) || !body.every(isObject)) return fail(400, "body must be an array of invoices")
        try {
          return reply(200, { count: state.store.addInvoices(body) })
        } catch (err) {
          return fail(400, /** @type {Error} */ (err).message)
        }
      default:
        return fail(404, `no control route ${route}`)
    }
  }

  /**
   * Stop listening, kill every open socket (including hung ones) and cancel
   * pending timers so nothing keeps the process alive.
   * @returns {Promise<void>}
   */
  function close() {
    closing = true
    for (const t of timers) clearTimeout(t)
    timers.clear()
    return new Promise((resolve) => {
      if (!server.listening) return resolve()
      server.close(() => resolve())
      server.closeAllConnections()
      for (const s of sockets) s.destroy()
    })
  }

  return { server, close }
}

module.exports = { createHttpServer, encodeCursor, decodeCursor }
