// What bench:inbound sends: a remote's stream of Standard Webhooks (https://www.standardwebhooks.com)
// to POST /hooks/syncguard/:connector, with the retries and forgeries a real endpoint sees, and
// the sender that pushes it from N concurrent keep-alive connections timing every answer.
import crypto from "node:crypto"
import http from "node:http"
import { Webhook } from "standardwebhooks"

/** A fresh `whsec_` secret: 32 random bytes, base64 (the spec asks for 24–64). */
export const newSecret = () => `whsec_${crypto.randomBytes(32).toString("base64")}`

/** xorshift32: the same workload for the same seed. */
export function rng(seed) {
  let s = seed >>> 0 || 1
  const next = () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return (s >>> 0) / 2 ** 32
  }
  next.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1))
  next.pick = (list) => list[Math.floor(next() * list.length)]
  next.shuffle = (list) => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1))
      ;[list[i], list[j]] = [list[j], list[i]]
    }
    return list
  }
  return next
}

export const BAD_KINDS = ["wrong_secret", "tampered_body", "stale_timestamp", "future_timestamp", "missing_header"]
const MISSING = ["webhook-signature", "webhook-timestamp", "webhook-id"]
/** What a forged adjust adds, and what a forged set writes: far outside anything a valid event does. */
export const BAD_DELTA = 100_000
export const BAD_SET = 777_777
const DELTAS = [-2, -1, -1, 1, 1, 2, 3]

const envelope = (type, data) => JSON.stringify({ type, timestamp: new Date().toISOString(), data })

/**
 * The event stream. `total` requests: `badRate` of them forged (each kind in turn, every one
 * carrying a change that would show in the stock if it got through, under a webhook-id and
 * operation id never sent validly), `dupRate` re-deliveries of a valid event (same webhook-id,
 * same bytes, signed again at send time as a sender's retry is), the rest distinct valid events:
 * adjusts (unique operation ids, small deltas) on `adjustSkus`, absolute sets with a growing
 * sequence per SKU on `setSkus` (the two never mix, so the end state is exact whatever the
 * order: initial + every distinct delta once; the highest sequence's value). Shuffled.
 * Each valid request is signed with one of the configured secrets at random (rotation).
 * @returns {{ requests: object[], distinct: Map<string, object>, bad: object[], expected: Map<string, number> }}
 */
export function buildWorkload({
  total,
  dupRate,
  badRate,
  adjustSkus,
  setSkus,
  setShare,
  initial,
  locationId,
  secretCount,
  seed,
}) {
  const random = rng(seed)
  const nBad = Math.round(total * badRate)
  const nDup = Math.round(total * dupRate)
  const nDistinct = total - nBad - nDup
  if (nDistinct <= 0) throw new Error("BENCH_DUP_RATE + BENCH_BAD_RATE leave no distinct event")
  const location = () => (random() < 0.5 ? { location_id: locationId } : {})
  const expected = new Map([...adjustSkus, ...setSkus].map((sku) => [sku, initial]))
  const sequence = new Map(setSkus.map((sku) => [sku, 0]))
  const distinct = new Map()
  for (let i = 0; i < nDistinct; i++) {
    const id = `evt_${String(i).padStart(6, "0")}`
    let event
    if (setSkus.length && (random() < setShare || !adjustSkus.length)) {
      const sku = random.pick(setSkus)
      const seq = sequence.get(sku) + 1
      sequence.set(sku, seq)
      const value = random.int(0, 5000)
      expected.set(sku, value)
      event = {
        type: "inventory.level.set",
        sku,
        body: envelope("inventory.level.set", { sku, ...location(), stocked_quantity: value, sequence: seq }),
      }
    } else {
      const sku = random.pick(adjustSkus)
      const adjustment = random.pick(DELTAS)
      const operationId = `op_${String(i).padStart(6, "0")}`
      expected.set(sku, expected.get(sku) + adjustment)
      event = {
        type: "inventory.level.adjust",
        sku,
        operationId,
        body: envelope("inventory.level.adjust", { sku, ...location(), adjustment, operation_id: operationId }),
      }
    }
    distinct.set(id, { id, ...event })
  }
  const valid = [...distinct.values()]
  const requests = valid.map((e) => ({ kind: "valid", id: e.id, body: e.body, secret: random.int(0, secretCount - 1) }))
  for (let i = 0; i < nDup; i++) {
    const e = random.pick(valid)
    requests.push({ kind: "valid", id: e.id, body: e.body, secret: random.int(0, secretCount - 1) })
  }
  const bad = []
  for (let i = 0; i < nBad; i++) {
    const id = `bad_${String(i).padStart(6, "0")}`
    const badKind = BAD_KINDS[i % BAD_KINDS.length]
    let body
    let signedBody
    let operationId = null
    if (setSkus.length && (i % 4 === 3 || !adjustSkus.length)) {
      // a set numbered above every valid one: it would win if it got in
      const sku = random.pick(setSkus)
      const data = { sku, location_id: locationId, stocked_quantity: BAD_SET, sequence: 1_000_000 + i }
      body = envelope("inventory.level.set", data)
      signedBody = envelope("inventory.level.set", { ...data, stocked_quantity: 1 })
    } else {
      const sku = random.pick(adjustSkus)
      operationId = `badop_${String(i).padStart(6, "0")}`
      const data = { sku, location_id: locationId, adjustment: BAD_DELTA, operation_id: operationId }
      body = envelope("inventory.level.adjust", data)
      signedBody = envelope("inventory.level.adjust", { ...data, adjustment: 1 })
    }
    const r = {
      kind: "bad",
      badKind,
      id,
      body,
      // the tampered request carries a signature the sender really made, over other bytes
      signedBody: badKind === "tampered_body" ? signedBody : body,
      secret: random.int(0, secretCount - 1),
      missing: MISSING[Math.floor(i / BAD_KINDS.length) % MISSING.length],
      operationId,
    }
    bad.push(r)
    requests.push(r)
  }
  random.shuffle(requests)
  return { requests, distinct, bad, expected, counts: { nDistinct, nDup, nBad } }
}

/**
 * The headers a request goes out with, signed now (a retry is signed again: a fresh timestamp).
 * @param {Webhook[]} signers the configured secrets; `forger` one the app does not know
 */
export function signedHeaders(r, signers, forger, now = new Date()) {
  const at = (offsetMs) => new Date(now.getTime() + offsetMs)
  let when = now
  let signer = signers[r.secret]
  if (r.kind === "bad") {
    if (r.badKind === "wrong_secret") signer = forger
    if (r.badKind === "stale_timestamp") when = at(-10 * 60_000)
    if (r.badKind === "future_timestamp") when = at(10 * 60_000)
  }
  const headers = {
    "webhook-id": r.id,
    "webhook-timestamp": String(Math.floor(when.getTime() / 1000)),
    "webhook-signature": signer.sign(r.id, when, r.kind === "bad" ? r.signedBody : r.body),
  }
  if (r.kind === "bad" && r.badKind === "missing_header") delete headers[r.missing]
  return headers
}

/** One request over `agent`; resolves (never rejects) with the status, body and time to the whole answer. */
export function send(agent, url, { method = "GET", headers = {}, body } = {}) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint()
    const ms = () => Number(process.hrtime.bigint() - t0) / 1e6
    const req = http.request(
      url,
      {
        method,
        agent,
        timeout: 30_000,
        headers: body
          ? { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) }
          : headers,
      },
      (res) => {
        const chunks = []
        res.on("data", (c) => chunks.push(c))
        res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString(), ms: ms() }))
        res.on("error", (e) => resolve({ status: 0, error: e.message, ms: ms() }))
      }
    )
    req.on("timeout", () => req.destroy(new Error("timeout after 30 s")))
    req.on("error", (e) => resolve({ status: 0, error: e.code ?? e.message, ms: ms() }))
    req.end(body)
  })
}

export const keepAliveAgent = (sockets) => new http.Agent({ keepAlive: true, maxSockets: sockets })

/**
 * Pushes `requests` from `senders` concurrent loops over one keep-alive agent. A valid request
 * answered other than 2xx (or not at all) is sent again, signed again, up to `retries` times
 * after a short pause, as a Standard Webhooks sender would (immediately, then after 5 s, …; the
 * pause here is shorter). Every attempt is a record, pushed to `records` as it is answered.
 */
export async function sendAll({
  url,
  requests,
  senders,
  secrets,
  forgerSecret,
  retries = 3,
  retryDelayMs = 200,
  records = [],
  ratePerSecond = 0,
}) {
  const agent = keepAliveAgent(senders)
  const signers = secrets.map((s) => new Webhook(s))
  const forger = new Webhook(forgerSecret)
  let next = 0
  const started = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (next < requests.length) {
        const slot = next
        const r = requests[next++]
        // paced (open loop): request i leaves at i / rate, whoever is free sends it
        if (ratePerSecond > 0) {
          const due = Number(started) / 1e6 + (slot * 1000) / ratePerSecond
          const wait = due - Number(process.hrtime.bigint()) / 1e6
          if (wait > 0) await new Promise((done) => setTimeout(done, wait))
        }
        for (let attempt = 1; ; attempt++) {
          const headers = signedHeaders(r, signers, forger)
          const res = await send(agent, url, { method: "POST", headers, body: r.body })
          let json = null
          try {
            json = res.body ? JSON.parse(res.body) : null
          } catch {
            // not JSON: kept as text in the record
          }
          records.push({
            r,
            attempt,
            status: res.status,
            ms: res.ms,
            json,
            text: json ? null : res.body,
            error: res.error,
          })
          const ok = res.status >= 200 && res.status < 300
          const retryable = r.kind === "valid" ? !ok : res.status === 0
          if (!retryable || attempt > retries) break
          await new Promise((done) => setTimeout(done, retryDelayMs * attempt))
        }
      }
    })
  )
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6
  agent.destroy()
  return { records, wallMs }
}

/**
 * The baseline: `n` requests to `url` from `senders` keep-alive loops (GET unless `request` says
 * otherwise); latencies of the answers with status `expect` (2xx when unset).
 */
export async function hammer({ url, n, senders, request, expect }) {
  const agent = keepAliveAgent(senders)
  const latencies = []
  let failed = 0
  let next = 0
  const started = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (next < n) {
        next++
        const res = await send(agent, url, request)
        if (expect ? res.status === expect : res.status >= 200 && res.status < 300) latencies.push(res.ms)
        else failed++
      }
    })
  )
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6
  agent.destroy()
  return { latencies, failed, wallMs }
}
