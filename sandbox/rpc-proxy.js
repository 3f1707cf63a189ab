"use strict"

/**
 * A fault-injecting proxy in front of a real JSON-RPC server (Tryton). It forwards every
 * request untouched and, per rule, breaks chosen calls the ways real networks and servers do:
 *
 * - `lost_ack`: forward, let the server commit, then drop the connection (no answer);
 * - `refuse`: answer 503 without forwarding (the call never happened);
 * - `unauthorized`: answer 401 without forwarding, as when a session expired;
 * - `rate_limit`: answer 429 without forwarding, as Tryton's login lockout does;
 * - `delay`: forward only after `ms` (a server still busy with a call its client gave up on);
 * - `hold`: keep the call and forward it only when the test calls `release()`: the same busy
 *   server, but the call reaches it (and commits) exactly when the test says, e.g. after the
 *   client's timeout, without racing the wall clock.
 *
 * A rule matches a JSON-RPC `method` (exact, or a RegExp) and fires `times` times (default 1).
 */

const http = require("node:http")

/**
 * @typedef {{ method: string | RegExp, action: "lost_ack" | "refuse" | "unauthorized" | "rate_limit" | "delay" | "hold", times?: number, ms?: number }} RpcFaultRule
 */

/**
 * @param {{ target: string, port?: number, rules?: RpcFaultRule[] }} options
 */
async function createRpcFaultProxy(options) {
  const target = new URL(options.target)
  /** @type {Array<RpcFaultRule & { left: number }>} */
  let rules = []
  /** @type {Record<string, number>} */
  const calls = {}
  /** @type {Array<{ method: string, action: string }>} */
  const fired = []
  /** @type {number | null} */
  let firstCallAt = null
  /** calls kept by `hold` rules, oldest first; `forward` sends one on and settles once answered */
  /** @type {Array<{ method: string, forward: () => Promise<void> }>} */
  let held = []
  /** @type {Array<() => void>} */
  let heldWaiters = []
  const setRules = (/** @type {RpcFaultRule[]} */ list) => {
    rules = list.map((r) => ({ ...r, left: r.times ?? 1 }))
  }
  setRules(options.rules ?? [])

  const server = http.createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = []
    req.on("data", (c) => chunks.push(c))
    req.on("end", () => {
      const body = Buffer.concat(chunks)
      let method = ""
      try {
        method = String(JSON.parse(body.toString("utf8")).method ?? "")
      } catch {
        // not JSON-RPC: forward as it is
      }
      calls[method] = (calls[method] ?? 0) + 1
      firstCallAt ??= Date.now()
      const rule = rules.find(
        (r) => r.left > 0 && (typeof r.method === "string" ? r.method === method : r.method.test(method))
      )
      if (rule) {
        rule.left -= 1
        fired.push({ method, action: rule.action })
        if (rule.action === "refuse")
          return void res.writeHead(503, { "Content-Type": "text/plain" }).end("injected: unavailable")
        if (rule.action === "unauthorized") return void res.writeHead(401, { "Content-Length": "0" }).end()
        if (rule.action === "rate_limit")
          return void res.writeHead(429, { "Content-Type": "text/plain" }).end("injected: too many requests")
      }
      const forward = () =>
        new Promise((settle) => {
          const upstream = http.request(
            {
              hostname: target.hostname,
              port: target.port,
              method: req.method,
              path: req.url,
              headers: { ...req.headers, host: target.host, "content-length": String(body.length) },
            },
            (answer) => {
              const parts = /** @type {Buffer[]} */ ([])
              answer.on("data", (c) => parts.push(c))
              answer.on("end", () => {
                settle(undefined)
                if (rule?.action === "lost_ack") {
                  // the server has committed; the client never hears of it
                  req.socket.destroy()
                  return
                }
                // (a client that gave up on a delayed or held call is gone: this goes nowhere)
                res.writeHead(answer.statusCode ?? 502, answer.headers)
                res.end(Buffer.concat(parts))
              })
            }
          )
          upstream.on("error", () => {
            settle(undefined)
            if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain" })
            res.end("proxy: upstream unreachable")
          })
          upstream.end(body)
        })
      if (rule?.action === "delay") setTimeout(forward, rule.ms ?? 1000)
      else if (rule?.action === "hold") {
        held.push({ method, forward })
        for (const wake of heldWaiters) wake()
      } else forward()
    })
  })
  await new Promise((resolve) => server.listen(options.port ?? 0, "127.0.0.1", () => resolve(undefined)))
  const address = /** @type {import("node:net").AddressInfo} */ (server.address())
  return {
    url: `http://127.0.0.1:${address.port}`,
    setRules,
    /** calls seen per JSON-RPC method */
    calls: () => ({ ...calls }),
    /** when the first call came through (ms since the epoch), null before */
    firstCallAt: () => firstCallAt,
    /** forget calls and faults seen so far */
    resetCounts: () => {
      for (const k of Object.keys(calls)) delete calls[k]
      fired.length = 0
      firstCallAt = null
    },
    /** faults that fired, in order */
    fired: () => fired.slice(),
    /** methods of the calls `hold` keeps right now, oldest first */
    held: () => held.map((h) => h.method),
    /**
     * Resolves once `count` calls are held (a client's timeout can pass before its request has
     * even reached the proxy on a loaded machine); rejects after `timeoutMs`.
     */
    waitForHeld: (count = 1, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (held.length < count) return false
          clearTimeout(timer)
          heldWaiters = heldWaiters.filter((w) => w !== wake)
          resolve(undefined)
          return true
        }
        const wake = () => void check()
        const timer = setTimeout(() => {
          heldWaiters = heldWaiters.filter((w) => w !== wake)
          reject(new Error(`rpc proxy: ${held.length} of ${count} call(s) held after ${timeoutMs} ms`))
        }, timeoutMs)
        if (!check()) heldWaiters.push(wake)
      }),
    /**
     * Forwards every held call to the server, in the order they came; resolves with their
     * number once the server has answered them all (so what they did is committed).
     */
    release: async () => {
      const now = held
      held = []
      for (const call of now) await call.forward()
      return now.length
    },
    /** stops listening and destroys open sockets; calls still held are dropped, never forwarded */
    close: () =>
      new Promise((resolve) => {
        held = []
        server.closeAllConnections?.()
        server.close(() => resolve(undefined))
      }),
  }
}

module.exports = { createRpcFaultProxy }
