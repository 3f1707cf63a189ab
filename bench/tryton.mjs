// npm run bench:tryton
// N orders into a real Tryton 6.0 (tryton/setup.sh), each a sale quoted, confirmed and
// processed (invoice + shipment). syncguard (a real Medusa process draining its outbox through
// the Tryton connector) against a direct JSON-RPC client making the same calls with the same
// concurrency, each on a fresh clone of the same Tryton database, both through the same proxy.
import { execFileSync } from "node:child_process"
import { createRequire } from "node:module"
import path from "node:path"
import { ROOT, say } from "./lib/app.mjs"
import { drainWithSyncguard } from "./lib/outbox-drain.mjs"
import { benchOrder, runDirectClient, TrytonClient } from "./lib/tryton-direct.mjs"

const require = createRequire(import.meta.url)
const { createRpcFaultProxy } = require("../sandbox/index.js")
const N = Number(process.env.BENCH_N || 1000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 4)
const PORT = Number(process.env.BENCH_PORT || 9470)
const SETUP = path.join(ROOT, "tryton/setup.sh")
const TRYTON = {
  url: process.env.TRYTON_URL || `http://127.0.0.1:${process.env.TRYTON_PORT || 8000}`,
  login: process.env.TRYTON_LOGIN || "medusa",
  password: process.env.TRYTON_PASSWORD || "medusa-api-pw-9281",
}

const clone = (name) => {
  execFileSync("bash", [SETUP, "drop-clone", name], { stdio: "pipe" })
  execFileSync("bash", [SETUP, "clone", name], { stdio: "pipe" })
  return name
}
const dbs = { direct: clone(`bench_direct_${process.pid}`), syncguard: clone(`bench_sg_${process.pid}`) }
const proxy = await createRpcFaultProxy({ target: TRYTON.url })

/** Sales per reference in one database: what arrived, what arrived twice, what is not processed. */
async function audit(database, references) {
  const client = new TrytonClient({ ...TRYTON, url: TRYTON.url, database })
  const rows = await client.call("sale.sale", "search_read", [[], 0, null, null, ["reference", "state", "invoices"]])
  const byRef = new Map()
  for (const r of rows) byRef.set(r.reference, [...(byRef.get(r.reference) ?? []), r])
  let lost = 0
  let duplicated = 0
  let unprocessed = 0
  for (const ref of references) {
    const sales = byRef.get(ref) ?? []
    if (!sales.length) lost++
    if (sales.length > 1) duplicated += sales.length - 1
    if (sales.some((s) => s.state !== "processing" || s.invoices.length !== 1)) unprocessed++
  }
  return { lost, duplicated, unprocessed }
}

const callsSoFar = () => Object.values(proxy.calls()).reduce((a, b) => a + b, 0)

try {
  // the direct client: the same orders (bench/lib/tryton-direct.mjs builds them as the seed does)
  say(`direct client: ${N} orders, ${CONCURRENCY} at a time`)
  proxy.resetCounts()
  const directRefs = Array.from({ length: N }, (_, i) => `direct_${process.pid}_${i}`)
  const direct = await runDirectClient({
    target: { ...TRYTON, url: proxy.url, database: dbs.direct },
    orders: directRefs.map((ref, i) => benchOrder(ref, i, "direct")),
    concurrency: CONCURRENCY,
  })
  const directCalls = callsSoFar()
  const directAudit = await audit(dbs.direct, directRefs)

  proxy.resetCounts()
  const sg = await drainWithSyncguard({
    name: "tryton",
    n: N,
    port: PORT,
    seed: "./bench/tryton-seed.ts",
    remote: {
      env: {
        SYNCGUARD_ERP_KIND: "tryton",
        SYNCGUARD_TRYTON_URL: proxy.url,
        SYNCGUARD_TRYTON_DB: dbs.syncguard,
        SYNCGUARD_CRM_URL: "off",
        SYNCGUARD_INVOICES_CONNECTOR: "erp",
        BENCH_TAG: "sg",
      },
      prepare: () => proxy.resetCounts(),
      progress: () => `${callsSoFar()} Tryton calls so far`,
      firstRequestAt: () => proxy.firstCallAt(),
      summarize: async (externalIds) => ({ calls: callsSoFar(), ...(await audit(dbs.syncguard, externalIds)) }),
    },
    env: {
      SYNCGUARD_CONCURRENCY: String(CONCURRENCY),
      SYNCGUARD_ERP_TIMEOUT_MS: "30000",
      SYNCGUARD_LEASE_MS: "120000",
    },
  })

  const rate = (ms) => N / (ms / 1000)
  const row = (name, ms, calls, a) =>
    `  ${name.padEnd(9)} ${(ms / 1000).toFixed(1).padStart(7)} s   ${rate(ms).toFixed(2).padStart(6)} orders/s   calls/order ${(calls / N).toFixed(2)}   lost ${a.lost}   duplicated ${a.duplicated}   not processed ${a.unprocessed}`
  const ratio = rate(sg.drainMs) / rate(direct.ms)
  console.log("")
  console.log(
    `bench:tryton   N = ${N} orders → quoted, confirmed, processed Tryton sales; concurrency ${CONCURRENCY}; Tryton ${TRYTON.url}`
  )
  console.log(row("direct", direct.ms, directCalls, directAudit))
  console.log(row("syncguard", sg.drainMs, sg.calls, sg))
  const pass = ratio >= 0.9 && sg.duplicated === 0 && sg.lost === 0 && sg.unprocessed === 0 && !sg.dead
  console.log(
    `  throughput syncguard ÷ direct ${ratio.toFixed(3)}   target ≥ 0.9, duplicates 0 → ${pass ? "PASS" : "FAIL"}`
  )
  if (direct.errors) console.log(`  (direct client errors: ${direct.errors})`)
  if (sg.dead) console.log(`  (syncguard dead letters: ${sg.dead})`)
  process.exitCode = pass ? 0 : 1
} finally {
  await proxy.close()
  for (const db of Object.values(dbs)) execFileSync("bash", [SETUP, "drop-clone", db], { stdio: "pipe" })
}
