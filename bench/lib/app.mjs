// Boots the plugin's host app for a benchmark: a fresh database, the sandbox, migrations, an
// admin user, `medusa develop` (admin off), a seeded store. Reuses the demo's building blocks.
import fs from "node:fs"
import os from "node:os"
import { createRequire } from "node:module"
import path from "node:path"
import { fileURLToPath } from "node:url"
import pg from "pg"
import { allowNewChildren, runMedusa, spawnMedusa, stopAllMedusa, waitForHealth } from "../../scripts/demo/medusa.mjs"
import { ADMIN, adminLogin, seedStore } from "../../scripts/demo/seed.mjs"

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..")
const { createSandbox } = createRequire(import.meta.url)("../../sandbox/index.js")

export const say = (msg) => process.stdout.write(`[bench] ${msg}\n`)

/** Drops and recreates `name` on the local server with the project's role. */
export async function freshDatabase(name) {
  const base = process.env.BENCH_DATABASE_URL || "postgres://syncguard:syncguard@localhost:5432/postgres"
  const client = new pg.Client({ connectionString: base })
  await client.connect()
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await client.query(`CREATE DATABASE ${name}`)
  await client.end()
  const url = new URL(base)
  url.pathname = `/${name}`
  return url.toString()
}

/**
 * `split: true` runs Medusa as production does under load: one process serves HTTP (workerMode
 * "server", on `port`) and another runs subscribers and jobs (workerMode "worker", on port + 1),
 * sharing Redis (event bus, workflow engine, locks); `split: { workerNice: 10 }` also lowers the
 * worker's CPU priority.
 * `template: true` copies a migrated database with the admin user (made once per migration set,
 * integration-tests/processes/template-database.mjs) instead of migrating (~20 s an app).
 * @param {{ name: string, port: number, sandboxFaults?: object, env?: Record<string,string>, cwd?: string, split?: boolean | { workerNice?: number }, template?: boolean }} opts
 */
export async function bootApp({
  name,
  port,
  sandboxFaults = {},
  env: extraEnv = {},
  cwd = ROOT,
  split = false,
  template = false,
}) {
  const logDir = path.join(ROOT, ".demo", "bench")
  fs.mkdirSync(logDir, { recursive: true })
  const dbName = `syncguard_bench_${name}`
  const databaseUrl = template ? null : await freshDatabase(dbName)
  const sandbox = await createSandbox({ port: 0, faults: sandboxFaults })
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl ?? "",
    PORT: String(port),
    SYNCGUARD_ERP_URL: sandbox.url,
    SYNCGUARD_CRM_URL: sandbox.url,
    MEDUSA_WORKER_MODE: "shared",
    DISABLE_MEDUSA_ADMIN: "true",
    MEDUSA_DISABLE_TELEMETRY: "true",
    LOG_LEVEL: "warn",
    // BENCH_APP_ENV='{"NAME":"value"}' overrides the app's environment (experiments)
    ...(process.env.BENCH_APP_ENV ? JSON.parse(process.env.BENCH_APP_ENV) : {}),
    ...extraEnv,
    ...(split ? { MEDUSA_WORKER_MODE: "server", REDIS_URL: process.env.REDIS_URL || "redis://127.0.0.1:6379" } : {}),
  }
  const cli = (log, url = env.DATABASE_URL) => ({
    cwd,
    env: { ...env, DATABASE_URL: url },
    logFile: path.join(logDir, `${name}-${log}.log`),
  })
  if (template) {
    const { preparedDatabase } = await import("../../integration-tests/processes/template-database.mjs")
    say(`${name}: copying the migrated template database`)
    env.DATABASE_URL = await preparedDatabase(dbName, async (url) => {
      say(`${name}: no template for this migration set yet: migrating one`)
      await runMedusa(["db:migrate"], cli("migrate", url))
      await runMedusa(["user", "-e", ADMIN.email, "-p", ADMIN.password], cli("user", url))
    })
  } else {
    say(`${name}: migrating a fresh database`)
    await runMedusa(["db:migrate"], cli("migrate"))
    await runMedusa(["user", "-e", ADMIN.email, "-p", ADMIN.password], cli("user"))
  }
  const baseUrl = `http://localhost:${port}`
  // `start`, not `develop`: no file watcher, as in production
  const child = spawnMedusa(["start"], cli("medusa"))
  await waitForHealth(baseUrl, child, { timeoutMs: 180_000, logFile: cli("medusa").logFile })
  if (split) {
    const workerLog = path.join(logDir, `${name}-worker.log`)
    const worker = spawnMedusa(["start"], {
      cwd,
      env: { ...env, MEDUSA_WORKER_MODE: "worker", PORT: String(port + 1) },
      logFile: workerLog,
    })
    // on one small machine the worker yields the CPU to the server, as it would on its own host
    // (niceness is inherited by the node process npx starts)
    if (split.workerNice) os.setPriority(worker.pid, split.workerNice)
    await waitForHealth(`http://localhost:${port + 1}`, worker, { timeoutMs: 180_000, logFile: workerLog })
  }
  const admin = await adminLogin(baseUrl)
  const store = await seedStore(admin)
  say(`${name}: app up at ${baseUrl}, sandbox at ${sandbox.url}`)
  return {
    baseUrl,
    admin,
    store,
    sandbox,
    databaseUrl: env.DATABASE_URL,
    env,
    async stop() {
      await stopAllMedusa()
      allowNewChildren()
      await sandbox.close()
    },
  }
}

export function percentile(values, p) {
  if (!values.length) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

/** Runs `work(i)` for i in [0, n) with `concurrency` in flight. */
export async function pool(n, concurrency, work) {
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await work(next++)
    })
  )
}
