// npm run bench:invoices
// 1. The scope enforcement's cost: p95 of (whole /store/invoices handler − its upstream call),
//    read from the route's Server-Timing header. Target ≤ 5 ms.
// 2. 10,000 requests through GET /store/invoices while the CRM's filter drifts. Target: 0 leaked.
import { jsonClient } from "../scripts/demo/http.mjs"
import { bootApp, percentile, pool, say } from "./lib/app.mjs"

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS || 20)
const LATENCY_RUNS = Number(process.env.BENCH_LATENCY_RUNS || 2000)
const DRIFT_RUNS = Number(process.env.BENCH_DRIFT_RUNS || 10_000)
const DRIFTS = ["ignore_filter", "prefix", "mix", "inconsistent_pages", "case_insensitive", "missing_filter_field"]

const app = await bootApp({
  name: "invoices",
  port: Number(process.env.BENCH_PORT || 9400),
  // the drift run must keep answering: a huge threshold keeps the API from failing closed
  env: { SYNCGUARD_SCOPE_THRESHOLD: "1000000000" },
})
try {
  const pk = { "x-publishable-api-key": app.store.publishableKey }
  const open = jsonClient(app.baseUrl, pk)
  say(`registering ${CUSTOMERS} customers through the store API`)
  const customers = []
  for (let i = 1; i <= CUSTOMERS; i++) {
    const email = `bench${i}@syncguard.test`
    const password = "bench-password"
    const { token: reg } = await open.post("/auth/customer/emailpass/register", { email, password })
    const { customer } = await jsonClient(app.baseUrl, { ...pk, authorization: `Bearer ${reg}` }).post(
      "/store/customers",
      { email }
    )
    const { token } = await open.post("/auth/customer/emailpass", { email, password })
    customers.push({
      id: customer.id,
      email,
      headers: { ...pk, authorization: `Bearer ${token}`, accept: "application/json" },
    })
  }
  // wait until the CRM knows every customer (synced through the outbox)
  const remote = new Map()
  for (let tries = 0; remote.size < CUSTOMERS && tries < 120; tries++) {
    for (const c of customers) {
      if (remote.has(c.id)) continue
      const res = await fetch(`${app.sandbox.url}/customers?external_id=${c.id}`).then((r) => r.json())
      if (res.data?.[0]) remote.set(c.id, res.data[0].id)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  if (remote.size < CUSTOMERS) throw new Error(`only ${remote.size}/${CUSTOMERS} customers reached the CRM`)
  let n = 0
  app.sandbox.seedInvoices(
    customers.flatMap((c, ci) =>
      Array.from({ length: 5 + (ci % 10) }, (_, k) => ({
        id: `inv_${++n}`,
        customer_id: remote.get(c.id),
        email: c.email,
        number: `B-${n}`,
        total: 100 * n,
        currency_code: "usd",
        issued_at: new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString(),
        status: k % 3 ? "paid" : "open",
      }))
    )
  )
  const own = new Map(
    customers.map((c) => [
      c.id,
      new Set(
        app.sandbox
          .invoices()
          .filter((i) => i.customer_id === remote.get(c.id))
          .map((i) => i.id)
      ),
    ])
  )

  // --- 1. overhead -------------------------------------------------------------------------
  say(`latency: ${LATENCY_RUNS} requests, no drift`)
  const overhead = []
  const handler = []
  const upstream = []
  const endToEnd = []
  const direct = []
  await pool(LATENCY_RUNS, 1, async (i) => {
    const c = customers[i % customers.length]
    const t0 = performance.now()
    const res = await fetch(`${app.baseUrl}/store/invoices?limit=50`, { headers: c.headers })
    await res.arrayBuffer()
    endToEnd.push(performance.now() - t0)
    const timing = Object.fromEntries(
      (res.headers.get("server-timing") ?? "").split(",").map((p) => {
        const [name, dur] = p.trim().split(";dur=")
        return [name, Number(dur)]
      })
    )
    overhead.push(timing.invoices - timing.upstream)
    handler.push(timing.invoices)
    upstream.push(timing.upstream)
    // the raw upstream call, as a client without syncguard would make it
    const t1 = performance.now()
    await fetch(`${app.sandbox.url}/invoices?customer_id=${encodeURIComponent(remote.get(c.id))}&limit=100`).then((r) =>
      r.arrayBuffer()
    )
    direct.push(performance.now() - t1)
  })

  // --- 2. drift run ------------------------------------------------------------------------
  say(`drift: ${DRIFT_RUNS} requests over ${DRIFTS.join(", ")}`)
  let leaked = 0
  let served = 0
  let failures = 0
  const started = Date.now()
  await pool(DRIFT_RUNS, 8, async (i) => {
    if (i % 250 === 0) {
      app.sandbox.setFaults({ invoiceDrift: DRIFTS[(i / 250) % DRIFTS.length], invoiceMixRate: 0.3, seed: i + 1 })
    }
    const c = customers[(i * 7) % customers.length]
    const res = await fetch(`${app.baseUrl}/store/invoices?limit=100`, { headers: c.headers })
    if (res.status !== 200) {
      failures++
      return
    }
    const body = await res.json()
    served++
    for (const inv of body.invoices) if (!own.get(c.id).has(inv.id)) leaked++
  })
  const seconds = (Date.now() - started) / 1000
  const violations = await app.admin.get("/admin/syncguard/scope-violations?limit=1")
  const stats = app.sandbox.stats()

  const f = (x) => x.toFixed(2)
  console.log("")
  console.log("bench:invoices")
  console.log(
    `  enforcement overhead (handler − upstream, Server-Timing)  p50 ${f(percentile(overhead, 50))} ms  p95 ${f(percentile(overhead, 95))} ms   target p95 ≤ 5 ms  ${percentile(overhead, 95) <= 5 ? "PASS" : "FAIL"}`
  )
  console.log(
    `  handler total                                            p50 ${f(percentile(handler, 50))} ms  p95 ${f(percentile(handler, 95))} ms`
  )
  console.log(
    `  upstream call inside the handler                         p50 ${f(percentile(upstream, 50))} ms  p95 ${f(percentile(upstream, 95))} ms`
  )
  console.log(
    `  end to end through Medusa (HTTP, auth, handler)          p50 ${f(percentile(endToEnd, 50))} ms  p95 ${f(percentile(endToEnd, 95))} ms`
  )
  console.log(
    `  raw upstream call from the client, no syncguard          p50 ${f(percentile(direct, 50))} ms  p95 ${f(percentile(direct, 95))} ms`
  )
  console.log(
    `  drift run: ${DRIFT_RUNS} requests in ${seconds.toFixed(1)} s, ${served} answered 200, ${failures} other`
  )
  console.log(
    `  foreign invoices the CRM returned: ${stats.foreignInvoicesReturned}; violations recorded: ${violations.count}`
  )
  console.log(`  leaked to a customer: ${leaked}   target 0  ${leaked === 0 ? "PASS" : "FAIL"}`)
  process.exitCode = leaked === 0 && percentile(overhead, 95) <= 5 && failures === 0 ? 0 : 1
} finally {
  await app.stop()
}
