"use strict"

/**
 * Push notifications (the Subscriptions API's webhooks): thin ORDER events,
 * POSTed as JSON with `Signature: keyId=<id>, algorithm="rsa-sha256",
 * signature=<base64>` over the exact raw body, signed with an RSA key whose
 * public half `GET /retailer/subscriptions/signature-keys` publishes.
 * Fire and forget: a failed delivery is retried twice, then given up.
 */

const crypto = require("node:crypto")
const http = require("node:http")
const https = require("node:https")

/**
 * @typedef {{ id: string, type: "RSA", publicKey: string }} PublicKey
 * @typedef {"ORDER_CREATED" | "ORDER_ITEM_CANCELLATION_REQUEST"} PushType
 * @typedef {{
 *   index: number,
 *   type: PushType,
 *   resourceId: string,
 *   url: string,
 *   body: string,
 *   signature: string,
 *   keyId: string,
 *   at: number,
 *   attempts: number,
 *   status: number | null,
 *   error: string | null,
 *   done: boolean,
 *   replayOf: number | null,
 * }} PushRecord
 *   `signature` is the whole Signature header value; `status` the last HTTP status received
 */

const RETRY_DELAYS_MS = [100, 500]
const TIMEOUT_MS = 5000

/** @param {string} url */
function validatePushUrl(url) {
  let u
  try {
    u = new URL(url)
  } catch {
    throw new TypeError(`pushUrl must be an http(s) URL, got ${url}`)
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new TypeError("pushUrl must be an http(s) URL")
  return url
}

class PushSender {
  /** @param {{ retailerId: number, url: string | null }} opts */
  constructor(opts) {
    this.retailerId = opts.retailerId
    this.url = opts.url
    /** @type {Array<PublicKey & { privateKey: crypto.KeyObject }>} */
    this.keys = []
    this.rotate()
    /** @type {PushRecord[]} */
    this.records = []
    /** @type {Set<import("node:http").ClientRequest>} */
    this.inFlight = new Set()
    /** @type {Map<NodeJS.Timeout, () => void>} retry waits and how to end them early */
    this.timers = new Map()
    /** @type {Set<Promise<void>>} */
    this.pending = new Set()
    this.closed = false
  }

  /** Add a key pair; it signs from now on, the older ones stay published. */
  rotate() {
    const { publicKey, privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 })
    const der = publicKey.export({ type: "spki", format: "der" })
    const key = {
      id: String(this.keys.length),
      type: /** @type {const} */ ("RSA"),
      publicKey: der.toString("base64"),
      privateKey,
    }
    this.keys.push(key)
    return { id: key.id, type: key.type, publicKey: key.publicKey }
  }

  /** @returns {PublicKey[]} */
  publicKeys() {
    return this.keys.map((k) => ({ id: k.id, type: k.type, publicKey: k.publicKey }))
  }

  /**
   * The Signature header value for `raw`, signed with the current key.
   * @param {string} raw
   */
  sign(raw) {
    const key = this.keys[this.keys.length - 1]
    const sig = crypto.sign("RSA-SHA256", Buffer.from(raw, "utf8"), key.privateKey).toString("base64")
    return `keyId=${key.id}, algorithm="rsa-sha256", signature=${sig}`
  }

  /** @param {string | null} url */
  setUrl(url) {
    this.url = url === null ? null : validatePushUrl(url)
  }

  /**
   * Send an ORDER event when a push URL is set.
   * @param {PushType} type
   * @param {string} orderId
   * @param {number} now
   */
  notify(type, orderId, now) {
    if (this.url === null || this.closed) return
    const body = JSON.stringify({
      retailerId: this.retailerId,
      timestamp: new Date(now).toISOString(),
      event: { resource: "ORDER", type, resourceId: orderId },
    })
    const signature = this.sign(body)
    this.deliver({ type, resourceId: orderId, url: this.url, body, signature, replayOf: null })
  }

  /**
   * Send push `i` again, body and Signature byte for byte (to `url`, or where it first went).
   * @param {number} i
   * @param {string} [url]
   * @returns {Promise<PushRecord>}
   */
  replay(i, url) {
    const orig = this.records[i]
    if (!orig) throw new RangeError(`no push #${i}`)
    const rec = this.deliver({ ...orig, url: url ? validatePushUrl(url) : orig.url, replayOf: i })
    return this.settled(rec)
  }

  /**
   * @param {{ type: PushType, resourceId: string, url: string, body: string, signature: string, replayOf: number | null }} p
   */
  deliver(p) {
    /** @type {PushRecord} */
    const rec = {
      index: this.records.length,
      type: p.type,
      resourceId: p.resourceId,
      url: p.url,
      body: p.body,
      signature: p.signature,
      keyId: /** @type {RegExpExecArray} */ (/keyId=([^,]+)/.exec(p.signature))[1],
      at: Date.now(),
      attempts: 0,
      status: null,
      error: null,
      done: false,
      replayOf: p.replayOf,
    }
    this.records.push(rec)
    const run = this.attempt(rec).finally(() => {
      rec.done = true
      this.pending.delete(run)
    })
    this.pending.add(run)
    return rec
  }

  /**
   * @param {PushRecord} rec
   * @returns {Promise<void>}
   */
  async attempt(rec) {
    for (let n = 0; n <= RETRY_DELAYS_MS.length && !this.closed; n++) {
      if (n > 0) await this.sleep(RETRY_DELAYS_MS[n - 1])
      if (this.closed) return
      rec.attempts++
      const r = await this.post(rec)
      rec.status = r.status
      rec.error = r.error
      if (r.status !== null && r.status >= 200 && r.status < 300) return
    }
  }

  /** @param {number} ms */
  sleep(ms) {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t)
        resolve(undefined)
      }, ms)
      t.unref()
      this.timers.set(t, () => resolve(undefined))
    })
  }

  /**
   * @param {PushRecord} rec
   * @returns {Promise<{ status: number | null, error: string | null }>}
   */
  post(rec) {
    return new Promise((resolve) => {
      const u = new URL(rec.url)
      const lib = u.protocol === "https:" ? https : http
      const req = lib.request(u, {
        method: "POST",
        agent: false,
        timeout: TIMEOUT_MS,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(rec.body),
          signature: rec.signature,
          "user-agent": "bol.com push (syncguard sandbox)",
          connection: "close",
        },
      })
      this.inFlight.add(req)
      const done = (/** @type {number | null} */ status, /** @type {string | null} */ error) => {
        this.inFlight.delete(req)
        resolve({ status, error })
      }
      req.on("response", (res) => {
        res.resume()
        res.on("end", () => done(res.statusCode ?? null, null))
        res.on("error", (err) => done(res.statusCode ?? null, err.message))
      })
      req.on("timeout", () => req.destroy(new Error("push timed out")))
      req.on("error", (err) => done(null, err.message))
      req.end(rec.body)
    })
  }

  /**
   * @param {PushRecord} rec
   * @returns {Promise<PushRecord>}
   */
  async settled(rec) {
    while (!rec.done && !this.closed) await this.flush()
    return { ...rec }
  }

  /** Resolves once every delivery under way (retries included) has ended. */
  async flush() {
    while (this.pending.size) await Promise.allSettled([...this.pending])
  }

  clear() {
    this.records = []
  }

  close() {
    this.closed = true
    for (const [t, wake] of this.timers) {
      clearTimeout(t)
      wake()
    }
    this.timers.clear()
    for (const req of this.inFlight) req.destroy()
    this.inFlight.clear()
  }
}

module.exports = { PushSender, validatePushUrl }
