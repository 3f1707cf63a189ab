// Drains a seeded outbox backlog with a real Medusa process and measures it.
import { spawn } from "node:child_process"
import fs from "node:fs"
import { createRequire } from "node:module"
import path from "node:path"
import pg from "pg"
import { runMedusa, waitForHealth } from "../../scripts/demo/medusa.mjs"
import { freshDatabase, ROOT, say } from "./app.mjs"

const require = createRequire(import.meta.url)
const logDir = path.join(ROOT, ".demo", "bench")

/** Orders the remote holds more than once, and ours it never got. */
export function remoteCounts(sandbox, externalIds) {
  const seen = new Map()
  for (const o of sandbox.orders()) seen.set(o.external_id, (seen.get(o.external_id) ?? 0) + 1)
  let lost = 0
  let duplicated = 0
  for (const id of externalIds) {
    const n = seen.get(id) ?? 0
    if (n === 0) lost++
    if (n > 1) duplicated += n - 1
  }
  return { lost, duplicated }
}

/**
 * The sandbox as the remote a drain is measured against.
 * @returns a remote for drainWithSyncguard
 */
export function sandboxRemote(sandbox, faults) {
  return {
    env: { SYNCGUARD_ERP_URL: sandbox.url, SYNCGUARD_CRM_URL: sandbox.url },
    prepare() {
      sandbox.reset()
      sandbox.setFaults(faults)
    },
    progress: () => `${sandbox.stats().requests} requests so far`,
    firstRequestAt: () => sandbox.stats().firstRequestAt,
    async summarize(externalIds) {
      const stats = sandbox.stats()
      return {
        requests: stats.requests,
        r429: stats.rateLimited,
        byRoute: stats.byRoute,
        byOutcome: stats.byOutcome,
        ...remoteCounts(sandbox, externalIds),
      }
    },
  }
}

/**
 * Seeds `n` orders with their outbox messages (`seed`, a `medusa exec` script), then starts
 * Medusa and waits until the sweep has settled every message. Timing runs from the remote's
 * first request to the last delivery.
 * @param {{ name: string, n: number, port: number, remote: ReturnType<typeof sandboxRemote>, seed?: string, env?: Record<string,string> }} opts
 * @returns {Promise<{ drainMs, dead, externalIds, databaseUrl } & Record<string, any>>}
 */
export async function drainWithSyncguard({
  name,
  n,
  port,
  remote,
  seed = "./bench/flash-sale-seed.ts",
  env: extra = {},
}) {
  fs.mkdirSync(logDir, { recursive: true })
  const databaseUrl = await freshDatabase(`syncguard_bench_${name}`)
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    ...remote.env,
    DISABLE_MEDUSA_ADMIN: "true",
    MEDUSA_DISABLE_TELEMETRY: "true",
    LOG_LEVEL: "warn",
    BENCH_N: String(n),
    SYNCGUARD_CONCURRENCY: "32",
    SYNCGUARD_BATCH_SIZE: "200",
    SYNCGUARD_SWEEP_INTERVAL_MS: "500",
    // the rate limiter keeps retries from storming, so they can come back quickly
    SYNCGUARD_RETRY_BASE_MS: "200",
    SYNCGUARD_RETRY_MAX_MS: "2000",
    SYNCGUARD_MAX_ATTEMPTS: "20",
    SYNCGUARD_ERP_TIMEOUT_MS: "5000",
    ...extra,
  }
  const cli = (log) => ({ cwd: ROOT, env, logFile: path.join(logDir, `${name}-${log}.log`) })
  say(`${name}: migrating`)
  await runMedusa(["db:migrate"], cli("migrate"))
  say(`${name}: seeding ${n} orders and their outbox messages`)
  await runMedusa(["exec", seed], cli("seed"))
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  const externalIds = (await db.query(`SELECT entity_id FROM syncguard_outbox_message`)).rows.map((r) => r.entity_id)

  await remote.prepare()
  say(`${name}: starting Medusa; its sweep drains the outbox`)
  const out = fs.openSync(path.join(logDir, `${name}-medusa.log`), "w")
  const child = spawn(process.execPath, [require.resolve("@medusajs/cli/cli.js"), "start"], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), MEDUSA_WORKER_MODE: "shared" },
    detached: true,
    stdio: ["ignore", out, out],
  })
  fs.closeSync(out)
  child.exited = new Promise((r) => child.once("exit", r))
  try {
    await waitForHealth(`http://localhost:${port}`, child, {
      timeoutMs: 180_000,
      logFile: path.join(logDir, `${name}-medusa.log`),
    })
    let last = 0
    for (;;) {
      const { rows } = await db.query(
        `SELECT count(*) FILTER (WHERE status IN ('delivered', 'dead'))::int AS done, count(*)::int AS total FROM syncguard_outbox_message`
      )
      if (rows[0].done === rows[0].total) break
      if (Date.now() - last > 15_000) {
        last = Date.now()
        say(`${name}: ${rows[0].done}/${rows[0].total} settled, ${remote.progress()}`)
      }
      await new Promise((r) => setTimeout(r, 200))
    }
    const { rows } = await db.query(
      `SELECT max(delivered_at) AS last, count(*) FILTER (WHERE status = 'dead')::int AS dead FROM syncguard_outbox_message`
    )
    const drainMs = new Date(rows[0].last).getTime() - remote.firstRequestAt()
    return { drainMs, dead: rows[0].dead, ...(await remote.summarize(externalIds)), externalIds, databaseUrl }
  } finally {
    try {
      process.kill(-child.pid, "SIGTERM")
    } catch {}
    await Promise.race([child.exited, new Promise((r) => setTimeout(r, 10_000))])
    await db.end()
  }
}
