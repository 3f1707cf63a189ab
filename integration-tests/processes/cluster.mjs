// A real multi-process Medusa deployment for tests: one server and N workers sharing Postgres
// and Redis (event bus, workflow engine, locking, syncguard's rate limit), talking to the sandbox.
import { spawn } from "node:child_process"
import fs from "node:fs"
import { createRequire } from "node:module"
import path from "node:path"
import pg from "pg"
import Redis from "ioredis"
import { ROOT } from "../../bench/lib/app.mjs"
import { runMedusa, waitForHealth } from "../../scripts/demo/medusa.mjs"
import { ADMIN, adminLogin, seedStore } from "../../scripts/demo/seed.mjs"
import { preparedDatabase } from "./template-database.mjs"

const require = createRequire(import.meta.url)
const { createSandbox } = require("../../sandbox/index.js")
const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js")
const LOG_DIR = path.join(ROOT, ".demo", "processes")

/**
 * `workers: 0` runs one process that does everything (workerMode "shared"). `admin: true` serves
 * the built dashboard at /app (public/admin, see integration-tests/browser/admin-build.mjs); it
 * runs with NODE_ENV=test, as development would start Vite instead.
 * @param {{ name: string, basePort: number, workers: number, redisDb: number, sandboxFaults?: object, env?: object, admin?: boolean }} opts
 */
export async function startCluster({
  name,
  basePort,
  workers,
  redisDb,
  sandboxFaults = {},
  env: extra = {},
  admin: withAdmin = false,
}) {
  fs.mkdirSync(LOG_DIR, { recursive: true })
  const redisUrl = `redis://127.0.0.1:6379/${redisDb}`
  const redis = new Redis(redisUrl)
  await redis.flushdb()
  const sandbox = await createSandbox({ port: 0, faults: sandboxFaults })
  const env = {
    ...process.env,
    REDIS_URL: redisUrl,
    SYNCGUARD_ERP_URL: sandbox.url,
    SYNCGUARD_CRM_URL: sandbox.url,
    DISABLE_MEDUSA_ADMIN: withAdmin ? "false" : "true",
    MEDUSA_DISABLE_TELEMETRY: "true",
    LOG_LEVEL: "info",
    NODE_ENV: withAdmin ? "test" : "development",
    // no scheduled reconciliation: these tests count what reaches the sandbox
    SYNCGUARD_RECONCILE_INTERVAL_MS: "0",
    ...extra,
  }
  const cli = (log, url) => ({
    cwd: ROOT,
    env: { ...env, DATABASE_URL: url },
    logFile: path.join(LOG_DIR, `${name}-${log}.log`),
  })
  const databaseUrl = await preparedDatabase(`syncguard_proc_${name}`, async (url) => {
    await runMedusa(["db:migrate"], cli("migrate", url))
    await runMedusa(["user", "-e", ADMIN.email, "-p", ADMIN.password], cli("user", url))
  })
  env.DATABASE_URL = databaseUrl

  const procs = new Map()
  const start = async (role, index = 0) => {
    const port = role === "server" ? basePort : basePort + 1 + index
    const key = role === "server" ? "server" : `worker${index + 1}`
    const out = fs.openSync(path.join(LOG_DIR, `${name}-${key}.log`), "a")
    const child = spawn(process.execPath, [MEDUSA_CLI, "start"], {
      cwd: ROOT,
      env: { ...env, PORT: String(port), MEDUSA_WORKER_MODE: role === "server" && !workers ? "shared" : role },
      detached: true,
      stdio: ["ignore", out, out],
    })
    fs.closeSync(out)
    child.exited = new Promise((r) => child.once("exit", (code, signal) => r({ code, signal })))
    procs.set(key, child)
    await waitForHealth(`http://localhost:${port}`, child, {
      timeoutMs: 180_000,
      logFile: path.join(LOG_DIR, `${name}-${key}.log`),
    })
    return child
  }

  await start("server")
  await Promise.all(Array.from({ length: workers }, (_, i) => start("worker", i)))
  const baseUrl = `http://localhost:${basePort}`
  const admin = await adminLogin(baseUrl)
  const store = await seedStore(admin)
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()

  return {
    baseUrl,
    admin,
    store,
    sandbox,
    db,
    /** SIGKILL a worker's whole process group: no shutdown hooks, no chance to finish anything. */
    async kill(key) {
      const child = procs.get(key)
      process.kill(-child.pid, "SIGKILL")
      await child.exited
    },
    restart: (key) => start("worker", Number(key.replace("worker", "")) - 1),
    async counts() {
      const { rows } = await db.query(`SELECT status, count(*)::int AS n FROM syncguard_outbox_message GROUP BY status`)
      return Object.fromEntries(rows.map((r) => [r.status, r.n]))
    },
    async stop() {
      for (const child of procs.values()) {
        try {
          process.kill(-child.pid, "SIGKILL")
        } catch {
          // gone already
        }
      }
      await Promise.all(
        [...procs.values()].map((c) => Promise.race([c.exited, new Promise((r) => setTimeout(r, 5000))]))
      )
      await db.end().catch(() => {})
      await sandbox.close()
      await redis.flushdb().catch(() => {})
      await redis.quit()
    },
  }
}

/** Waits until every message is delivered or dead (and at least `expected` exist). */
export async function waitSettled(cluster, expected, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const counts = await cluster.counts()
    const total = Object.values(counts).reduce((a, b) => a + b, 0)
    if (total >= expected && (counts.delivered ?? 0) + (counts.dead ?? 0) === total) return counts
    if (Date.now() > deadline) throw new Error(`not settled after ${timeoutMs} ms: ${JSON.stringify(counts)}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** Orders through the store API of the server process (cart → payment → complete). */
export { placeOrders } from "../../scripts/demo/orders.mjs"
