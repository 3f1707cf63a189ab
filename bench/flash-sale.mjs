// npm run bench:flash-sale
// A flash sale's backlog of N orders against an ERP that takes R requests/s, answers 2 % 5xx
// and loses 1 % of acknowledgements, and honours neither Idempotency-Key nor unique references
// (so every double send shows). syncguard (a real Medusa process draining its outbox) against
// a naive baseline: what a subscriber posting with axios-retry on a fixed delay does.
import { createRequire } from "node:module"
import axios from "axios"
import axiosRetry from "axios-retry"
import { say } from "./lib/app.mjs"
import { drainWithSyncguard, remoteCounts, sandboxRemote } from "./lib/outbox-drain.mjs"

const require = createRequire(import.meta.url)
const { createSandbox } = require("../sandbox/index.js")
const N = Number(process.env.BENCH_N || 10_000)
const R = Number(process.env.BENCH_R || 50)
const PORT = Number(process.env.BENCH_PORT || 9450)
const FAULTS = {
  rateLimit: { rps: R, burst: Math.max(1, Math.round(R / 5)) },
  errorRate: 0.02,
  lostAckRate: 0.01,
  honourIdempotencyKey: false,
  uniqueExternalId: false,
  latencyMs: [2, 10],
  seed: 2026,
}
/**
 * The naive baseline: on each order.placed a subscriber POSTs the order, with axios-retry
 * retrying network errors, 5xx and 429 three times on a fixed 1 s delay, no key, no limit.
 * Orders arrive at 4 × R (the flash sale).
 */
async function runNaive(sandbox, externalIds) {
  sandbox.reset()
  sandbox.setFaults(FAULTS)
  const http = axios.create({ baseURL: sandbox.url, timeout: 5000 })
  axiosRetry(http, {
    retries: 3,
    retryDelay: () => 1000,
    retryCondition: (e) =>
      axiosRetry.isNetworkError(e) || !e.response || e.response.status >= 500 || e.response.status === 429,
  })
  const started = Date.now()
  let finished = 0
  const arrivalsPerMs = (4 * R) / 1000
  await Promise.all(
    externalIds.map(async (id, i) => {
      await new Promise((r) => setTimeout(r, i / arrivalsPerMs))
      try {
        await http.post("/orders", {
          external_id: id,
          email: `${id}@x.test`,
          currency_code: "usd",
          items: [{ sku: "SG-FLASH-MUG", title: "Flash mug", quantity: 1, unit_price: 1500 }],
        })
      } catch {
        // the subscriber logs and gives up: the event is gone
      }
      finished = Math.max(finished, Date.now())
    })
  )
  const stats = sandbox.stats()
  return {
    drainMs: finished - started,
    requests: stats.requests,
    r429: stats.rateLimited,
    dead: null,
    ...remoteCounts(sandbox, externalIds),
  }
}

const sandbox = await createSandbox({ port: 0, faults: FAULTS })
try {
  const sg = await drainWithSyncguard({
    name: "flash",
    remote: sandboxRemote(sandbox, FAULTS),
    n: N,
    port: PORT,
    // the limiter's default burst (R / 10) absorbs timer jitter without outrunning the remote's bucket
    env: { SYNCGUARD_ERP_RPS: String(R) },
  })
  say("naive baseline: running")
  const naive = await runNaive(sandbox, sg.externalIds)
  const ideal = (N / R) * 1000
  const row = (name, r) =>
    `  ${name.padEnd(9)} drain ${(r.drainMs / 1000).toFixed(1).padStart(7)} s   drain÷(N/R) ${(r.drainMs / ideal).toFixed(3)}   requests÷N ${(r.requests / N).toFixed(3)}   429s ${((100 * r.r429) / r.requests).toFixed(2).padStart(6)} %   lost ${String(r.lost).padStart(5)}   duplicated ${String(r.duplicated).padStart(5)}`
  console.log("")
  console.log(
    `bench:flash-sale   N = ${N} messages, R = ${R} requests/s (N/R = ${(ideal / 1000).toFixed(0)} s), 2 % 5xx, 1 % lost acknowledgements, remote ignores keys and duplicate references`
  )
  console.log(row("syncguard", sg))
  console.log(row("naive", naive))
  console.log(
    `  syncguard requests by route ${JSON.stringify(sg.byRoute)}; by outcome ${JSON.stringify(
      Object.fromEntries(Object.entries(sg.byOutcome ?? {}).filter(([, n]) => n > 0))
    )}`
  )
  const pass =
    sg.drainMs / ideal <= 1.05 &&
    sg.requests <= 1.05 * N &&
    sg.r429 <= 0.005 * sg.requests &&
    sg.lost === 0 &&
    sg.duplicated === 0
  console.log(
    `  targets for syncguard: ratio ≤ 1.05, requests ≤ 1.05 N, 429s ≤ 0.5 %, lost 0, duplicated 0 → ${pass ? "PASS" : "FAIL"}`
  )
  if (sg.dead) console.log(`  (syncguard dead letters: ${sg.dead})`)
  process.exitCode = pass ? 0 : 1
} finally {
  await sandbox.close()
}
