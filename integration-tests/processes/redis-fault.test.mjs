// Redis is not the ERP: the limiter's Redis dies in the middle of a drain and comes back.
// `npm run test:processes` (node --test). Medusa's own event bus, workflow engine and locking keep
// the machine's Redis; syncguard's shared limiter and breakers get a private redis-server that
// this test kills (SIGKILL) and restarts on the same port.
import assert from "node:assert/strict"
import { spawn } from "node:child_process"
import { after, before, describe, it } from "node:test"
import { setTimeout as sleep } from "node:timers/promises"
import { placeOrders, startCluster, waitSettled } from "./cluster.mjs"

const LIMITER_PORT = 6391
const N = 80

function startLimiterRedis() {
  const child = spawn(
    "redis-server",
    ["--port", String(LIMITER_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    }
  )
  child.exited = new Promise((r) => child.once("exit", r))
  return child
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(200)
  }
}

describe("the limiter's Redis goes down during a drain", () => {
  let cluster
  let limiterRedis
  before(async () => {
    limiterRedis = startLimiterRedis()
    await sleep(300)
    cluster = await startCluster({
      name: "redisfault",
      basePort: 9630,
      workers: 1,
      redisDb: 9,
      // a healthy remote that allows more than we send: any failed attempt would be our own doing
      sandboxFaults: { rateLimit: { rps: 40, burst: 8 }, latencyMs: [20, 60], seed: 5 },
      env: {
        SYNCGUARD_REDIS_URL: `redis://127.0.0.1:${LIMITER_PORT}/0`,
        SYNCGUARD_ERP_RPS: "10",
        SYNCGUARD_CONCURRENCY: "4",
        SYNCGUARD_SWEEP_INTERVAL_MS: "1000",
        SYNCGUARD_BREAKER_FAILURES: "3",
      },
    })
  })
  after(async () => {
    await cluster?.stop()
    limiterRedis?.kill("SIGKILL")
  })

  it("loses nothing, doubles nothing, charges no attempt to the ERP, and says so in health while it lasts", async () => {
    const health = () => cluster.admin.get("/admin/syncguard/health")
    const erp = (h) => h.connectors.find((c) => c.name === "erp")

    await cluster.admin.post("/admin/syncguard/connectors/erp/pause", { reason: "backlog" })
    const orders = await placeOrders(cluster.baseUrl, cluster.store, N, 4)
    await cluster.admin.post("/admin/syncguard/connectors/erp/resume", {})
    assert.equal(erp(await health()).rate.mode, "shared", "the limiter starts shared")

    await waitFor(() => cluster.sandbox.stats().orders.total >= N * 0.2, 60_000, "a fifth of the orders")
    limiterRedis.kill("SIGKILL")
    await limiterRedis.exited
    const deliveredAtOutage = cluster.sandbox.stats().orders.total

    const degraded = await waitFor(
      async () => {
        const h = await health()
        return erp(h).rate.mode === "degraded" ? h : null
      },
      15_000,
      "health to report the degraded limiter"
    )
    assert.notEqual(degraded.status, "ok")
    assert.ok(
      degraded.problems.some((p) => p.startsWith("erp:") && p.includes("rate limiter")),
      `health names the problem: ${JSON.stringify(degraded.problems)}`
    )
    // delivery goes on at the local share of the rate while Redis is away
    await waitFor(
      () => cluster.sandbox.stats().orders.total >= deliveredAtOutage + 10,
      60_000,
      "deliveries during the outage"
    )

    limiterRedis = startLimiterRedis()
    await waitFor(async () => erp(await health()).rate.mode === "shared", 30_000, "the limiter to be shared again")

    const counts = await waitSettled(cluster, orders.length, 180_000)
    assert.equal(counts.delivered, orders.length, JSON.stringify(counts))
    const remote = cluster.sandbox.orders()
    assert.equal(remote.length, orders.length, "nothing doubled")
    assert.equal(new Set(remote.map((o) => o.external_id)).size, orders.length, "nothing lost")

    const { rows } = await cluster.db.query(
      `SELECT count(*)::int AS attempts, count(*) FILTER (WHERE outcome <> 'delivered')::int AS failed,
              (SELECT max(attempts)::int FROM syncguard_outbox_message) AS most
         FROM syncguard_delivery_attempt`
    )
    assert.equal(rows[0].failed, 0, "no failed attempt was recorded against the ERP")
    assert.equal(rows[0].most, 1, "no message spent more than one attempt")
    const after = erp(await health())
    assert.equal(after.breaker.state, "closed", "the ERP's breaker never opened")
    assert.equal(cluster.sandbox.stats().rateLimited, 0, "the local share kept the remote's limit")
    console.log(
      `[redis-fault] ${orders.length} orders, ${rows[0].attempts} attempts, outage at ${deliveredAtOutage} delivered; health said: ${degraded.problems.join("; ")}`
    )
  })
})
