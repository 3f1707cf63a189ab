// `npm run demo`: the plugin end to end on one machine.
//
//   Postgres (yours, or an embedded one in .demo/pg) -> fault-injecting ERP sandbox -> migrations
//   -> admin user -> `medusa develop` -> seed via the admin API -> orders via the store API
//   -> wait until the outbox delivered them -> seed the Sync health dashboard (dead letters, a
//   conflict, a reconciliation run, a buffered bol.com SKU) -> summary -> keep running until Ctrl-C.
//
// Env: PORT (9000), SANDBOX_PORT (4010), BOL_SANDBOX_PORT (4011), DEMO_ORDERS (5), DATABASE_URL, DEMO_FORCE_EMBEDDED=1,
// DEMO_PG_PORT (54329), DEMO_EXIT_AFTER_SUMMARY=1 (CI smoke test: exit 0 iff every order ended
// delivered or dead). Logs: .demo/{migrate,user,medusa,postgres}.log
// POSIX only (Linux, macOS): child processes are stopped through their process groups.
import { randomBytes } from "node:crypto"
import fs from "node:fs"
import { createRequire } from "node:module"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { prepareDatabase } from "./demo/database.mjs"
import { DemoError, log, tail } from "./demo/log.mjs"
import { runMedusa, spawnMedusa, stopAllMedusa, waitForHealth } from "./demo/medusa.mjs"
import { placeOrders, sandboxSummary, summarize, waitForSync } from "./demo/orders.mjs"
import { isPortFree } from "./demo/ports.mjs"
import { ADMIN, adminLogin, seedStore } from "./demo/seed.mjs"
import { DASHBOARD_OFFER, seedDashboard } from "./demo/dashboard.mjs"

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const DEMO_DIR = path.join(ROOT, ".demo")
const { createSandbox, createBolMarketplace } = createRequire(import.meta.url)("../sandbox/index.js")

const config = {
  port: Number(process.env.PORT || 9000),
  sandboxPort: Number(process.env.SANDBOX_PORT || 4010),
  bolPort: Number(process.env.BOL_SANDBOX_PORT || 4011),
  orders: Number(process.env.DEMO_ORDERS || 5),
  exitAfterSummary: process.env.DEMO_EXIT_AFTER_SUMMARY === "1",
  healthTimeoutMs: 180_000,
  syncTimeoutMs: 90_000,
}
const baseUrl = `http://localhost:${config.port}`

// Mild faults, so that retries and lost acknowledgements show up now and then. With 5 orders
// some runs see none; DEMO_ORDERS=30 shows a few every time.
const SANDBOX_FAULTS = { errorRate: 0.1, lostAckRate: 0.05, rateLimit: { rps: 20, burst: 10 }, latencyMs: [5, 40] }

// ---------------------------------------------------------------------------------------------
// Shutdown: whatever got started registers its stop function here; they run newest first, so
// Medusa stops before the sandbox and the database it talks to.

const cleanups = []
let shuttingDown = false

async function shutdown(code) {
  if (shuttingDown) return
  shuttingDown = true
  for (const stop of cleanups.reverse()) {
    try {
      await stop()
    } catch (err) {
      log(`cleanup step failed: ${err?.message ?? err}`)
    }
  }
  log(`bye (exit ${code})`)
  process.exit(code)
}

function onSignal(signal) {
  if (shuttingDown) {
    // A second Ctrl-C: stop waiting. The 'exit' hooks still SIGKILL Medusa and SIGINT Postgres.
    log(`${signal} again: exiting now`)
    process.exit(1)
  }
  log(`${signal} received, shutting down`)
  shutdown(0)
}

/**
 * `npm run demo` does not always pass signals on: a SIGTERM to npm kills npm alone (exit 143)
 * and leaves this script running with no terminal to press Ctrl-C in. Treat a changed parent
 * as a stop request rather than keep Medusa and Postgres running as orphans.
 */
function watchParent() {
  const parent = process.ppid
  const timer = setInterval(() => {
    if (process.ppid === parent || shuttingDown) return
    log("parent process went away, shutting down")
    shutdown(0)
  }, 1000)
  timer.unref()
}

// ---------------------------------------------------------------------------------------------

async function main() {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, onSignal)
  watchParent()
  fs.mkdirSync(DEMO_DIR, { recursive: true })
  await assertValidConfig()
  const startedAt = Date.now()

  const db = await timed("database ready", () => prepareDatabase({ rootDir: ROOT, env: process.env }))
  cleanups.push(db.stop)

  const sandbox = await timed("ERP sandbox started", startSandbox)
  cleanups.push(async () => {
    log("stopping the ERP sandbox")
    await sandbox.close()
  })
  const bol = await timed("bol.com sandbox started", startBol)
  cleanups.push(async () => {
    log("stopping the bol.com sandbox")
    await bol.close()
  })
  cleanups.push(() => stopAllMedusa())

  const webhookSecret = `whsec_${randomBytes(32).toString("base64")}`
  const env = medusaEnv(db.databaseUrl, sandbox.url, bol.url, webhookSecret)
  await timed("migrations applied", () => runMedusa(["db:migrate"], cliOptions(env, "migrate.log")))
  await timed("admin user ready", () => ensureAdminUser(env))
  const medusa = await timed(`Medusa healthy at ${baseUrl}`, () => startMedusa(env))

  const admin = await adminLogin(baseUrl)
  const store = await timed("store seeded", () => seedStore(admin))
  const orderIds = await timed(`${config.orders} orders placed`, () => placeOrders(baseUrl, store, config.orders))
  const { done, messages } = await timed("outbox settled", () =>
    waitForSync(admin, orderIds, { timeoutMs: config.syncTimeoutMs })
  )
  if (!done) log(`gave up waiting after ${config.syncTimeoutMs / 1000} s`)

  const result = summarize(orderIds, messages)
  if (!config.exitAfterSummary) {
    // what the Sync health dashboard is for: a dead letter, a conflict, drift, a buffered SKU
    await timed("dashboard seeded", () =>
      seedDashboard({ admin, baseUrl, store, erp: sandbox, webhookSecret, orderId: orderIds[0] })
    ).catch((err) => log(`seeding the dashboard failed (${err.message}); the rest keeps running`))
  }
  printSummary(result, sandboxSummary(sandbox.stats()), Date.now() - startedAt)

  if (config.exitAfterSummary) {
    const ok = result.placed > 0 && result.placed === result.delivered + result.dead
    return shutdown(ok ? 0 : 1)
  }
  log("everything keeps running; press Ctrl-C to stop Medusa, the sandbox and the database")
  medusa.exited.then(({ code, signal }) => {
    if (shuttingDown) return
    log(`Medusa exited on its own (code ${code}, signal ${signal}); see .demo/medusa.log`)
    shutdown(1)
  })
}

async function assertValidConfig() {
  for (const [name, value] of Object.entries({
    PORT: config.port,
    SANDBOX_PORT: config.sandboxPort,
    DEMO_ORDERS: config.orders,
  })) {
    if (!Number.isInteger(value) || value < 1) throw new DemoError(`${name} must be a positive integer, got ${value}`)
  }
  // Checked up front, before ~30 s of migrations. A taken port would also be dangerous later:
  // /health could be answered by whatever holds it (another Medusa?), and we would seed *that*.
  if (!(await isPortFree(config.port))) throw new DemoError(`port ${config.port} is taken; set PORT to a free one`)
}

async function startBol() {
  try {
    const bol = await createBolMarketplace({ port: config.bolPort, offers: [DASHBOARD_OFFER] })
    log(`bol.com sandbox at ${bol.url} (offer ${DASHBOARD_OFFER.reference})`)
    return bol
  } catch (err) {
    if (err.code === "EADDRINUSE")
      throw new DemoError(`port ${config.bolPort} is taken; set BOL_SANDBOX_PORT to a free one`)
    throw err
  }
}

async function startSandbox() {
  try {
    const sandbox = await createSandbox({ port: config.sandboxPort, faults: SANDBOX_FAULTS })
    log(`ERP sandbox at ${sandbox.url} (10% 5xx, 5% lost acks, 20 rps limit, 5-40 ms latency)`)
    return sandbox
  } catch (err) {
    if (err.code === "EADDRINUSE")
      throw new DemoError(`port ${config.sandboxPort} is taken; set SANDBOX_PORT to a free one`)
    throw err
  }
}

/** What every Medusa CLI call sees. The user's shell may tune the retry values; the rest is fixed. */
function medusaEnv(databaseUrl, erpUrl, bolUrl, webhookSecret) {
  const origin = `http://localhost:${config.port}`
  const env = process.env
  return {
    ...env,
    DATABASE_URL: databaseUrl,
    PORT: String(config.port),
    SYNCGUARD_ERP_URL: erpUrl,
    // the ERP may push changes (signed); bol.com gets the demo SKU's stock
    SYNCGUARD_ERP_WEBHOOK_SECRETS: webhookSecret,
    SYNCGUARD_BOL_URL: bolUrl,
    SYNCGUARD_BOL_TOKEN_URL: `${bolUrl}/token`,
    SYNCGUARD_BOL_CLIENT_ID: "client",
    SYNCGUARD_BOL_CLIENT_SECRET: "secret",
    SYNCGUARD_BOL_POLL_MS: env.SYNCGUARD_BOL_POLL_MS || "3600000",
    // reconcile orders as soon as they are placed (production waits 30 s for in-flight commits)
    SYNCGUARD_RECONCILE_SETTLE_MS: env.SYNCGUARD_RECONCILE_SETTLE_MS || "1000",
    // the dashboard's charts fill within minutes rather than an hour
    SYNCGUARD_METRICS_INTERVAL_MS: env.SYNCGUARD_METRICS_INTERVAL_MS || "10000",
    SYNCGUARD_RETRY_BASE_MS: env.SYNCGUARD_RETRY_BASE_MS || "500",
    SYNCGUARD_RETRY_MAX_MS: env.SYNCGUARD_RETRY_MAX_MS || "10000",
    SYNCGUARD_SWEEP_INTERVAL_MS: env.SYNCGUARD_SWEEP_INTERVAL_MS || "2000",
    // One process does HTTP, subscribers and the sweep job, and serves the admin at /app.
    MEDUSA_WORKER_MODE: "shared",
    DISABLE_MEDUSA_ADMIN: "false",
    // The admin is opened on this port, which the config's default CORS lists don't include.
    ADMIN_CORS: env.ADMIN_CORS || `${origin},http://localhost:5173`,
    AUTH_CORS: env.AUTH_CORS || `${origin},http://localhost:5173`,
    // Telemetry would try to reach the internet from every CLI call.
    MEDUSA_DISABLE_TELEMETRY: env.MEDUSA_DISABLE_TELEMETRY || "true",
  }
}

const cliOptions = (env, logName) => ({ cwd: ROOT, env, logFile: path.join(DEMO_DIR, logName) })

/** `medusa user` fails when the e-mail is taken (a re-run): fine, the login later proves it works. */
async function ensureAdminUser(env) {
  const opts = cliOptions(env, "user.log")
  const { code } = await runMedusa(["user", "-e", ADMIN.email, "-p", ADMIN.password], opts, { allowFailure: true })
  if (code === 0) return log(`created admin user ${ADMIN.email}`)
  if (/already exists/.test(fs.readFileSync(opts.logFile, "utf8")))
    return log(`admin user ${ADMIN.email} exists already`)
  // Anything else: carry on, the login will tell whether the user is usable.
  log(`\`medusa user\` failed (exit ${code}); last lines of .demo/user.log:\n${tail(opts.logFile, 10)}`)
}

async function startMedusa(env) {
  const opts = cliOptions(env, "medusa.log")
  log(`starting \`medusa develop\` on port ${config.port} (output in .demo/medusa.log)`)
  const child = spawnMedusa(["develop"], opts)
  await waitForHealth(baseUrl, child, { timeoutMs: config.healthTimeoutMs, logFile: opts.logFile })
  return child
}

function printSummary(r, sb, elapsedMs) {
  const line = "-".repeat(60)
  log(line)
  log(`orders placed      ${r.placed}`)
  log(`delivered          ${r.delivered}`)
  log(`dead               ${r.dead}`)
  if (r.pending) log(`not settled        ${r.pending}`)
  // Outbox-level retries only: the connector also retries a 5xx within the same attempt, which
  // shows up in the sandbox's request count, not here.
  log(`retried messages   ${r.retried} of ${r.messages} (outbox attempts > 1)`)
  for (const e of r.deadErrors) log(`  dead: ${e}`)
  log(
    `ERP sandbox        ${sb.requests} requests, ${sb.rateLimited} x 429, ${sb.fiveXX} x 5xx, ` +
      `${sb.lostAcks} lost acks, ${sb.duplicates} duplicate orders (${sb.ordersStored} stored)`
  )
  log(`admin              ${baseUrl}/app  (login ${ADMIN.email} / ${ADMIN.password})`)
  log(`Sync health        ${baseUrl}/app/syncguard`)
  log(`total time         ${(elapsedMs / 1000).toFixed(1)} s`)
  log(line)
}

/** Runs one phase and reports how long it took: the numbers people ask about first. */
async function timed(label, fn) {
  const started = Date.now()
  const result = await fn()
  log(`${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  return result
}

main().catch((err) => {
  if (shuttingDown) return // a signal stopped us mid-step; the failure is just its echo
  log(err instanceof DemoError ? err.message : `unexpected error: ${err?.stack ?? err}`)
  shutdown(1)
})
