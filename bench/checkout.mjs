// npm run bench:checkout
// 1. Cart completion latency with the plugin ÷ without it (p50, p95). Target ≤ 1.03.
// 2. Outbox drain rate with an instant remote ÷ pg-boss doing the same HTTP call per job. Target ≥ 1.0.
import fs from "node:fs"
import { createRequire } from "node:module"
import path from "node:path"
import axios from "axios"
import { PgBoss } from "pg-boss"
import { jsonClient } from "../scripts/demo/http.mjs"
import { bootApp, freshDatabase, percentile, ROOT, say } from "./lib/app.mjs"
import { drainWithSyncguard, sandboxRemote } from "./lib/outbox-drain.mjs"

const require = createRequire(import.meta.url)
const { createSandbox } = require("../sandbox/index.js")
const CHECKOUTS = Number(process.env.BENCH_CHECKOUTS || 200)
const WARMUP = 20
const DRAIN_N = Number(process.env.BENCH_DRAIN_N || 3000)
/** Which app each phase boots; each side gets CHECKOUTS in all. BENCH_PHASES=bare,plugin,plugin,bare,plugin,bare,bare,plugin for more. */
const PHASES = (process.env.BENCH_PHASES || "bare,plugin,plugin,bare").split(",").map((p) => p.trim())
if (PHASES.some((p) => p !== "bare" && p !== "plugin") || !PHASES.includes("bare") || !PHASES.includes("plugin")) {
  throw new Error(
    `BENCH_PHASES: a comma-separated list of "bare" and "plugin" with both in it, got "${process.env.BENCH_PHASES}"`
  )
}

/** A host app without the plugin: same Medusa, same database setup, no syncguard. */
function bareApp() {
  const dir = path.join(ROOT, ".demo", "bench", "bare-app")
  fs.mkdirSync(dir, { recursive: true })
  const deps = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).devDependencies
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({
      name: "bare-app",
      private: true,
      dependencies: Object.fromEntries(
        ["@medusajs/medusa", "@medusajs/framework", "@medusajs/cli"].map((name) => [name, deps[name]])
      ),
    })
  )
  fs.writeFileSync(
    path.join(dir, "medusa-config.ts"),
    `import { defineConfig } from "@medusajs/framework/utils"
export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: { storeCors: "*", adminCors: "*", authCors: "*", jwtSecret: "supersecret", cookieSecret: "supersecret" },
  },
  admin: { disable: true },
})
`
  )
  fs.copyFileSync(path.join(ROOT, "tsconfig.json"), path.join(dir, "tsconfig.json"))
  const link = path.join(dir, "node_modules")
  if (!fs.existsSync(link)) fs.symlinkSync(path.join(ROOT, "node_modules"), link)
  return dir
}

/** Times only the completion call of each checkout (cart, item and payment come first). */
async function timeCheckouts(app, label, count) {
  const client = jsonClient(app.baseUrl, { "x-publishable-api-key": app.store.publishableKey })
  const times = []
  for (let i = 0; i < WARMUP + count; i++) {
    const { cart } = await client.post("/store/carts", {
      region_id: app.store.regionId,
      sales_channel_id: app.store.salesChannelId,
      email: `checkout${i}@syncguard.test`,
    })
    await client.post(`/store/carts/${cart.id}/line-items`, { variant_id: app.store.variantId, quantity: 1 })
    const { payment_collection } = await client.post("/store/payment-collections", { cart_id: cart.id })
    await client.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, {
      provider_id: "pp_system_default",
    })
    const t0 = performance.now()
    const done = await client.post(`/store/carts/${cart.id}/complete`)
    const ms = performance.now() - t0
    if (done.type !== "order") throw new Error(`${label}: checkout ${i} did not complete`)
    if (i >= WARMUP) times.push(ms)
  }
  return times
}

/**
 * Without, with, with, without (ABBA), half the checkouts in each phase: whatever drifts on the
 * machine during the run (caches, other load) weighs on both sides alike.
 */
async function checkoutLatency() {
  const samples = { bare: [], plugin: [] }
  for (const [phase, kind] of PHASES.entries()) {
    say(`checkout phase ${phase + 1}/${PHASES.length}: ${kind === "bare" ? "without" : "with"} the plugin`)
    const app =
      kind === "bare"
        ? await bootApp({ name: `checkout_bare${phase}`, port: 9461, cwd: bareApp() })
        : await bootApp({ name: `checkout_plugin${phase}`, port: 9460 })
    try {
      const times = await timeCheckouts(app, kind, Math.ceil((2 * CHECKOUTS) / PHASES.length))
      say(
        `checkout phase ${phase + 1}: ${kind} p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`
      )
      samples[kind].push(...times)
      if (kind === "plugin") say(`checkout: ${app.sandbox.stats().orders.total} orders reached the ERP sandbox`)
    } finally {
      await app.stop()
    }
  }
  const stats = (times) => ({ p50: percentile(times, 50), p95: percentile(times, 95) })
  return { a: stats(samples.plugin), b: stats(samples.bare) }
}

/** pg-boss doing the same POST per job, at its best settings on this machine. */
async function pgBossDrain(sandbox, externalIds) {
  const connectionString = await freshDatabase("syncguard_bench_pgboss")
  const boss = new PgBoss({ connectionString, max: 10 })
  boss.on("error", () => {})
  await boss.start()
  await boss.createQueue("erp-orders")
  const http = axios.create({ baseURL: sandbox.url, timeout: 5000 })
  const docs = externalIds.map((id) => ({
    external_id: id,
    email: `${id}@x.test`,
    currency_code: "usd",
    items: [{ sku: "SG-FLASH-MUG", title: "Flash mug", quantity: 1, unit_price: 1500 }],
  }))
  for (let i = 0; i < docs.length; i += 500) {
    await boss.insert(
      "erp-orders",
      docs.slice(i, i + 500).map((data) => ({ data }))
    )
  }
  sandbox.reset()
  const started = Date.now()
  let done = 0
  let lastDone = 0
  await boss.work("erp-orders", { batchSize: 16, localConcurrency: 4, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    await Promise.all(jobs.map((job) => http.post("/orders", job.data, { headers: { "Idempotency-Key": job.id } })))
    done += jobs.length
    lastDone = Date.now()
  })
  while (done < docs.length) await new Promise((r) => setTimeout(r, 50))
  await boss.stop({ graceful: true, wait: true })
  return { drainMs: lastDone - (sandbox.stats().firstRequestAt ?? started), n: docs.length }
}

const { a, b } = await checkoutLatency()
if (process.env.BENCH_SKIP_DRAIN) {
  console.log(
    `checkout only: with p50 ${a.p50.toFixed(1)} p95 ${a.p95.toFixed(1)}; without p50 ${b.p50.toFixed(1)} p95 ${b.p95.toFixed(1)}; ratio p50 ${(a.p50 / b.p50).toFixed(3)} p95 ${(a.p95 / b.p95).toFixed(3)}`
  )
  process.exit(0)
}
const sandbox = await createSandbox({ port: 0 })
let sg
let boss
try {
  sg = await drainWithSyncguard({ name: "drain", remote: sandboxRemote(sandbox, {}), n: DRAIN_N, port: 9462 })
  say("drain: pg-boss")
  boss = await pgBossDrain(sandbox, sg.externalIds)
} finally {
  await sandbox.close()
}
const sgRate = DRAIN_N / (sg.drainMs / 1000)
const bossRate = boss.n / (boss.drainMs / 1000)
const f = (x) => x.toFixed(1)
console.log("")
console.log(
  `bench:checkout   ${CHECKOUTS} checkouts each (phases ${PHASES.map((p) => (p === "bare" ? "A" : "B")).join("")}, A = without, ${WARMUP} warm-up per phase), one at a time; drain of ${DRAIN_N} messages to an instant remote`
)
console.log(`  cart completion with plugin     p50 ${f(a.p50)} ms   p95 ${f(a.p95)} ms`)
console.log(`  cart completion without plugin  p50 ${f(b.p50)} ms   p95 ${f(b.p95)} ms`)
console.log(
  `  ratio                           p50 ${(a.p50 / b.p50).toFixed(3)}     p95 ${(a.p95 / b.p95).toFixed(3)}     target ≤ 1.03  ${a.p50 / b.p50 <= 1.03 && a.p95 / b.p95 <= 1.03 ? "PASS" : "FAIL"}`
)
console.log(
  `  outbox drain                    ${f(sgRate)} messages/s (load state with Query, send, record attempt + snapshot)`
)
console.log(`  pg-boss, same POST per job      ${f(bossRate)} jobs/s`)
console.log(
  `  ratio                           ${(sgRate / bossRate).toFixed(3)}   target ≥ 1.0  ${sgRate / bossRate >= 1 ? "PASS" : "FAIL"}   (duplicates ${sg.duplicated}, lost ${sg.lost})`
)
