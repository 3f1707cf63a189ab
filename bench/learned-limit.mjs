// npm run bench:learned-limit
// A polite client even when nobody configured the limit (issue 13, item 5). A real Medusa process
// drains a backlog of N = R × BENCH_SECONDS orders into an ERP that allows R requests/s (the
// sandbox's token bucket, burst R), with NO rate configured: the shared limiter has to learn it.
// Side by side, the same drain with the limit configured exactly at R (the ideal). The limiter
// shares its state through Redis (BENCH_LIMITER_REDIS, a database of its own; "off": per process).
//
// Targets for the unconfigured runs: fewer than 5 % of requests answered 429 after the first
// minute, drain ≤ 1.15 × N/R, nothing lost, nothing duplicated. Exit code 1 when one is missed.
//
//   BENCH_RATES=2,20            remote limits to run (requests/s)
//   BENCH_SECONDS=150           N = R × this (N/R seconds of ideal drain per run)
//   BENCH_HEADER_RUNS=20:x-ratelimit   extra unconfigured runs against a remote that states its
//                               limit (R:style, style x-ratelimit | ietf; 429s without Retry-After);
//                               "" for none
//   BENCH_BASELINE=1            0 skips the configured-at-R runs
//   BENCH_TRACE=1               print the learned rate and the remote's answers every 5 s
import { createRequire } from "node:module"
import Redis from "ioredis"
import { say } from "./lib/app.mjs"
import { drainWithSyncguard, remoteCounts } from "./lib/outbox-drain.mjs"

const require = createRequire(import.meta.url)
const { createSandbox } = require("../sandbox/index.js")

const RATES = (process.env.BENCH_RATES || "2,20")
  .split(",")
  .map(Number)
  .filter((r) => r > 0)
const SECONDS = Number(process.env.BENCH_SECONDS || 150)
const HEADER_RUNS = (process.env.BENCH_HEADER_RUNS ?? "20:x-ratelimit")
  .split(",")
  .filter(Boolean)
  .map((spec) => {
    const [r, style] = spec.split(":")
    return { R: Number(r), style: style || "x-ratelimit" }
  })
const BASELINE = process.env.BENCH_BASELINE !== "0"
const PORT = Number(process.env.BENCH_PORT || 9470)
const LIMITER_REDIS = process.env.BENCH_LIMITER_REDIS || "redis://127.0.0.1:6379/13"
const FIRST_MINUTE_MS = 60_000

/** The connectors' limiter keys in the bench's Redis database: each run starts with nothing learned. */
async function forgetLearned() {
  if (LIMITER_REDIS === "off") return null
  const redis = new Redis(LIMITER_REDIS, { maxRetriesPerRequest: 1 })
  try {
    const keys = await redis.keys("syncguard:throttle:*")
    if (keys.length) await redis.del(...keys)
  } finally {
    redis.disconnect()
  }
}

async function learnedState() {
  if (LIMITER_REDIS === "off") return null
  const redis = new Redis(LIMITER_REDIS, { maxRetriesPerRequest: 1 })
  try {
    return await redis.hgetall("syncguard:throttle:{erp}:learn")
  } finally {
    redis.disconnect()
  }
}

/** The sandbox as the remote, measured: 429s overall and after the first minute of traffic. */
function measuredRemote(sandbox, faults) {
  return {
    env: { SYNCGUARD_ERP_URL: sandbox.url, SYNCGUARD_CRM_URL: sandbox.url },
    async prepare() {
      await forgetLearned()
      sandbox.reset()
      sandbox.setFaults(faults)
    },
    progress: () => {
      const s = sandbox.stats()
      return `${s.requests} requests so far, ${s.rateLimited} answered 429`
    },
    firstRequestAt: () => sandbox.stats().firstRequestAt,
    async summarize(externalIds) {
      const stats = sandbox.stats()
      const log = sandbox.requests()
      const after = log.filter((r) => r.at >= stats.firstRequestAt + FIRST_MINUTE_MS)
      return {
        requests: stats.requests,
        r429: stats.rateLimited,
        afterRequests: after.length,
        after429: after.filter((r) => r.outcome === "rate_limited").length,
        learned: await learnedState(),
        ...remoteCounts(sandbox, externalIds),
      }
    },
  }
}

const pct = (a, b) => (b > 0 ? (100 * a) / b : 0)

/** BENCH_TRACE=1: every 5 s, the learned rate and what the remote answered meanwhile. */
function traceLearning(sandbox, name) {
  if (process.env.BENCH_TRACE !== "1" || LIMITER_REDIS === "off") return () => undefined
  const redis = new Redis(LIMITER_REDIS, { maxRetriesPerRequest: 1 })
  let last = { requests: 0, rateLimited: 0 }
  const started = Date.now()
  const timer = setInterval(async () => {
    const stats = sandbox.stats()
    // nothing yet from this run (the sandbox still holds the previous run's figures until it starts)
    if (!stats.firstRequestAt || stats.firstRequestAt < started) return
    const learn = await redis.hgetall("syncguard:throttle:{erp}:learn").catch(() => ({}))
    const t = ((Date.now() - stats.firstRequestAt) / 1000).toFixed(0)
    say(
      `${name} t=${t}s rate ${Number(learn.rps ?? NaN).toFixed(2)} ceiling ${learn.ceilingRps ? Number(learn.ceilingRps).toFixed(2) : "-"} ` +
        `| last 5 s: ${stats.requests - last.requests} requests, ${stats.rateLimited - last.rateLimited} × 429`
    )
    last = { requests: stats.requests, rateLimited: stats.rateLimited }
  }, 5000)
  return () => {
    clearInterval(timer)
    redis.disconnect()
  }
}

async function run(sandbox, { name, R, faults, env, kind }) {
  const n = Math.round(R * SECONDS)
  const stopTrace = traceLearning(sandbox, name)
  const result = await drainWithSyncguard({
    name,
    n,
    port: PORT,
    remote: measuredRemote(sandbox, faults),
    env: {
      ...(LIMITER_REDIS === "off" ? { SYNCGUARD_REDIS_URL: "" } : { SYNCGUARD_REDIS_URL: LIMITER_REDIS }),
      // nobody configured a limit unless the run says so
      SYNCGUARD_ERP_RPS: "",
      SYNCGUARD_ERP_BURST: "",
      ...env,
    },
  }).finally(stopTrace)
  const ideal = (n / R) * 1000
  const row = {
    kind,
    R,
    n,
    drainS: result.drainMs / 1000,
    ratio: result.drainMs / ideal,
    perN: result.requests / n,
    r429Pct: pct(result.r429, result.requests),
    after429Pct: pct(result.after429, result.afterRequests),
    after429: result.after429,
    afterRequests: result.afterRequests,
    lost: result.lost,
    duplicated: result.duplicated,
    dead: result.dead,
    learnedRps: result.learned?.rps ? Number(result.learned.rps) : null,
    learned: kind !== "configured at R",
  }
  row.pass = !row.learned || (row.after429Pct < 5 && row.ratio <= 1.15 && row.lost === 0 && row.duplicated === 0)
  if (!row.learned) row.pass = row.lost === 0 && row.duplicated === 0
  say(
    `${name}: drain ${row.drainS.toFixed(1)} s, ratio ${row.ratio.toFixed(3)}, 429s ${row.r429Pct.toFixed(2)} % (after the first minute ${row.after429Pct.toFixed(2)} %)`
  )
  return row
}

const sandbox = await createSandbox({ port: 0, requestLogLimit: 1_000_000 })
const rows = []
try {
  const latencyMs = [2, 10]
  for (const R of RATES) {
    const faults = { rateLimit: { rps: R }, latencyMs, seed: 13 }
    rows.push(await run(sandbox, { name: `learned_r${R}`, R, faults, env: {}, kind: "learned (none set)" }))
    if (BASELINE) {
      rows.push(
        await run(sandbox, {
          name: `configured_r${R}`,
          R,
          faults,
          env: { SYNCGUARD_ERP_RPS: String(R) },
          kind: "configured at R",
        })
      )
    }
  }
  for (const { R, style } of HEADER_RUNS) {
    const faults = { rateLimit: { rps: R, headers: style, retryAfter: false }, latencyMs, seed: 13 }
    rows.push(
      await run(sandbox, {
        name: `headers_r${R}`,
        R,
        faults,
        env: {},
        kind: `learned, ${style} headers, no Retry-After`,
      })
    )
  }
} finally {
  await sandbox.close()
}

console.log("")
console.log(
  `bench:learned-limit   remote allows R requests/s (token bucket, burst R, latency 2-10 ms), N = R × ${SECONDS} s, ` +
    `limiter ${LIMITER_REDIS === "off" ? "per process" : "shared through Redis"}`
)
console.log(
  "   R  run                                              N   drain s  drain÷(N/R)  req÷N   429 % all  429 % after 1st min     lost  dup  learned r/s  result"
)
for (const r of rows) {
  console.log(
    `${String(r.R).padStart(4)}  ${r.kind.padEnd(46)} ${String(r.n).padStart(5)}  ${r.drainS.toFixed(1).padStart(7)}  ${r.ratio
      .toFixed(3)
      .padStart(
        11
      )}  ${r.perN.toFixed(3).padStart(5)}  ${r.r429Pct.toFixed(2).padStart(9)}  ${`${r.after429Pct.toFixed(2)} (${r.after429}/${r.afterRequests})`.padStart(
      19
    )}  ${String(r.lost).padStart(7)}  ${String(r.duplicated).padStart(3)}  ${(r.learnedRps === null ? "-" : r.learnedRps.toFixed(2)).padStart(11)}  ${
      r.learned ? (r.pass ? "PASS" : "FAIL") : r.pass ? "(ideal)" : "FAIL"
    }`
  )
}
const pass = rows.every((r) => r.pass)
console.log(
  `  targets for the unconfigured runs: 429s after the first minute < 5 %, drain ≤ 1.15 × N/R, lost 0, duplicated 0 → ${pass ? "PASS" : "FAIL"}`
)
process.exitCode = pass ? 0 : 1
