// Many workers and crash safety, with real processes: `npm run test:processes` (node --test).
import assert from "node:assert/strict"
import { after, before, describe, it } from "node:test"
import { placeOrders, startCluster, waitSettled } from "./cluster.mjs"

const RATE = 20

/** Requests per second over the busy period, and the worst 5-second window. */
function measuredRates(requests) {
  const times = requests.map((r) => r.at).sort((a, b) => a - b)
  const overall = (times.length - 1) / ((times[times.length - 1] - times[0]) / 1000)
  let worstWindow = 0
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= 5000) j++
    worstWindow = Math.max(worstWindow, i - j + 1)
  }
  return { overall, worstWindowRate: worstWindow / 5, count: times.length }
}

/** External ids the remote holds more than once: double deliveries. */
function duplicates(sandbox) {
  const seen = new Map()
  for (const o of sandbox.orders()) seen.set(o.external_id, (seen.get(o.external_id) ?? 0) + 1)
  return [...seen.values()].filter((n) => n > 1).length
}

// A remote that ignores Idempotency-Key and accepts duplicate references: every double send shows.
const HOSTILE = { honourIdempotencyKey: false, uniqueExternalId: false, seed: 11 }

describe("a server and two workers sharing one ERP limit", () => {
  let cluster
  before(async () => {
    cluster = await startCluster({
      name: "workers",
      basePort: 9610,
      workers: 2,
      redisDb: 7,
      sandboxFaults: { ...HOSTILE, lostAckRate: 0.05, errorRate: 0.03, latencyMs: [5, 20] },
      env: {
        SYNCGUARD_ERP_RPS: String(RATE),
        SYNCGUARD_ERP_BURST: "1",
        SYNCGUARD_CONCURRENCY: "8",
        SYNCGUARD_RETRY_BASE_MS: "200",
        SYNCGUARD_RETRY_MAX_MS: "2000",
        SYNCGUARD_SWEEP_INTERVAL_MS: "1000",
        SYNCGUARD_ERP_TIMEOUT_MS: "3000",
      },
    })
  })
  after(() => cluster?.stop())

  it("delivers a backlog exactly once and holds the global rate within 5 % of the limit", async () => {
    // build a backlog while the connector is paused, then let every worker at it
    await cluster.admin.post("/admin/syncguard/connectors/erp/pause", { reason: "backlog" })
    const orders = await placeOrders(cluster.baseUrl, cluster.store, 150, 4)
    await waitSettled(cluster, 0, 1).catch(() => undefined)
    await cluster.admin.post("/admin/syncguard/connectors/erp/resume", {})
    const counts = await waitSettled(cluster, orders.length, 180_000)
    assert.equal(counts.delivered, orders.length, JSON.stringify(counts))

    assert.equal(duplicates(cluster.sandbox), 0, "no order reached the ERP twice")
    const remote = new Set(cluster.sandbox.orders().map((o) => o.external_id))
    assert.ok(
      orders.every((id) => remote.has(id)),
      "every order reached the ERP"
    )

    const rates = measuredRates(cluster.sandbox.requests())
    console.log(
      `[workers] ${orders.length} orders, ${rates.count} requests, overall ${rates.overall.toFixed(2)} req/s, worst 5 s window ${rates.worstWindowRate.toFixed(2)} req/s, limit ${RATE}`
    )
    assert.ok(rates.overall <= RATE * 1.05, `overall rate ${rates.overall} > ${RATE} + 5 %`)
    assert.ok(rates.worstWindowRate <= RATE * 1.05 + 1 / 5, `a 5 s window ran at ${rates.worstWindowRate} req/s`)
    assert.ok(rates.overall >= RATE * 0.7, `the limit was not used: ${rates.overall} req/s`)

    const { rows } = await cluster.db.query(`SELECT count(DISTINCT worker)::int AS n FROM syncguard_delivery_attempt`)
    assert.ok(rows[0].n >= 2, `attempts came from ${rows[0].n} worker(s)`)
  })
})

describe("workers killed with SIGKILL in the middle of a drain", () => {
  let cluster
  before(async () => {
    cluster = await startCluster({
      name: "crash",
      basePort: 9620,
      workers: 2,
      redisDb: 8,
      sandboxFaults: { ...HOSTILE, latencyMs: [50, 200] },
      env: {
        SYNCGUARD_ERP_RPS: "10",
        SYNCGUARD_CONCURRENCY: "8",
        // short leases so a killed worker's claims come back quickly; requests must fit inside one
        SYNCGUARD_LEASE_MS: "3000",
        SYNCGUARD_RETRY_BASE_MS: "200",
        SYNCGUARD_RETRY_MAX_MS: "2000",
        SYNCGUARD_SWEEP_INTERVAL_MS: "1000",
        SYNCGUARD_ERP_TIMEOUT_MS: "1500",
        SYNCGUARD_CRM_TIMEOUT_MS: "1500",
      },
    })
  })
  after(() => cluster?.stop())

  it("loses nothing and delivers nothing twice", async () => {
    await cluster.admin.post("/admin/syncguard/connectors/erp/pause", { reason: "backlog" })
    const orders = await placeOrders(cluster.baseUrl, cluster.store, 120, 4)
    await cluster.admin.post("/admin/syncguard/connectors/erp/resume", {})
    // kill at several points of the drain: early, half way, late; each comes back at once
    const kills = []
    const restarts = []
    for (const [share, worker] of [
      [0.15, "worker1"],
      [0.4, "worker2"],
      [0.65, "worker1"],
      [0.85, "worker2"],
    ]) {
      while (cluster.sandbox.stats().orders.total < share * orders.length) await new Promise((r) => setTimeout(r, 20))
      const delivered = cluster.sandbox.stats().orders.total
      await restarts.find((r) => r.worker === worker)?.done
      await cluster.kill(worker)
      kills.push({ worker, delivered })
      restarts.push({ worker, done: cluster.restart(worker) })
    }
    await Promise.all(restarts.map((r) => r.done))
    const counts = await waitSettled(cluster, orders.length, 180_000)
    assert.equal(counts.delivered, orders.length, JSON.stringify(counts))
    assert.equal(duplicates(cluster.sandbox), 0, "no order reached the ERP twice")
    const remote = new Set(cluster.sandbox.orders().map((o) => o.external_id))
    assert.ok(
      orders.every((id) => remote.has(id)),
      "every order reached the ERP"
    )
    const { rows } = await cluster.db.query(
      `SELECT count(*) FILTER (WHERE verified_only)::int AS verified, count(*)::int AS attempts FROM syncguard_delivery_attempt`
    )
    console.log(
      `[crash] kills: ${kills.map((k) => `${k.worker} at ${k.delivered}/${orders.length} delivered`).join(", ")}; ${rows[0].attempts} attempts, ${rows[0].verified} settled by lookup after a lost claim`
    )
  })
})
