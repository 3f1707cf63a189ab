// Small helpers shared by the project's scripts (install test, demo, benchmarks).
import { spawn, spawnSync } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import { setTimeout as sleep } from "node:timers/promises"

export { sleep }

/** Runs a command, streaming its output to `log` (a function) and failing loudly on a non-zero exit. */
export function run(cmd, args, { cwd, env, log = () => {}, timeoutMs = 15 * 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    const onData = (d) => {
      output += d
      log(String(d))
    }
    child.stdout.on("data", onData)
    child.stderr.on("data", onData)
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs)
    child.on("error", reject)
    child.on("close", (code) => {
      clearTimeout(timer)
      if (code === 0) resolve(output)
      else reject(new Error(`${cmd} ${args.join(" ")} exited with ${code}\n${output.slice(-4000)}`))
    })
  })
}

/** Waits until `url` answers 200, or throws after `timeoutMs`. */
export async function waitForHttp(url, { timeoutMs = 180_000, isAlive = () => true } = {}) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`process died while waiting for ${url}`)
    try {
      const res = await fetch(url)
      if (res.ok) return
    } catch {
      // not up yet
    }
    await sleep(500)
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`)
}

/** Kills a detached child's whole process group. */
export function killGroup(child, signal = "SIGTERM") {
  if (!child || child.exitCode !== null) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

/**
 * Creates a Postgres login role with CREATEDB (the tests and the demo create their own
 * databases), logged in as whoever this machine lets administer its server:
 *   1. trusted logins over TCP or the socket, with the pg driver: the OS user or PGUSER
 *      (Homebrew and Postgres.app make it a superuser), or "postgres" (Docker images often
 *      trust it);
 *   2. as root, the postgres OS user running psql over the socket (Debian's peer login).
 * With `update`, an existing role is given LOGIN, the password and CREATEDB again; without it,
 * only a missing role is created. Returns what it did and how it got in (for a log line), or null
 * when no login worked.
 * @param {{ host?: string, port?: number, role: string, password: string, update?: boolean }} options
 * @returns {Promise<{ action: "created" | "updated" | "unchanged", via: string } | null>}
 */
export async function createPgRole({ host = "localhost", port = 5432, role, password, update = false }) {
  if (/\$\$/.test(role + password)) throw new Error("role and password must not contain $$")
  const literal = (s) => `'${s.replaceAll("'", "''")}'`
  const ident = `"${role.replaceAll('"', '""')}"`
  const sql =
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(role)}) THEN ` +
    `CREATE ROLE ${ident} LOGIN PASSWORD ${literal(password)} CREATEDB; RAISE NOTICE 'syncguard-role: created';` +
    (update
      ? ` ELSE ALTER ROLE ${ident} LOGIN PASSWORD ${literal(password)} CREATEDB; RAISE NOTICE 'syncguard-role: updated';`
      : ` ELSE RAISE NOTICE 'syncguard-role: unchanged';`) +
    " END IF; END $$;"
  const actionIn = (text) => /syncguard-role: (created|updated|unchanged)/.exec(text)?.[1] ?? "unchanged"

  const { default: pg } = await import("pg")
  const osUser = currentOsUser()
  const socketDirs = ["/var/run/postgresql", "/tmp"].filter((dir) => fs.existsSync(dir))
  const candidates = [
    { host, port, user: process.env.PGUSER || osUser },
    { host, port, user: "postgres" },
    ...socketDirs.flatMap((dir) => [
      { host: dir, port, user: osUser },
      { host: dir, port, user: "postgres" },
    ]),
  ].filter((c) => c.user)
  for (const candidate of candidates) {
    const client = new pg.Client({ ...candidate, database: "template1", connectionTimeoutMillis: 2000 })
    client.on("error", () => {})
    let notices = ""
    client.on("notice", (n) => (notices += `${n.message}\n`))
    try {
      await client.connect()
      const { rows } = await client.query(
        "SELECT rolsuper OR rolcreaterole AS can FROM pg_roles WHERE rolname = current_user"
      )
      if (!rows[0]?.can) continue
      await client.query(sql)
      return { action: actionIn(notices), via: `as "${candidate.user}" via ${candidate.host}` }
    } catch {
      // not trusted this way: try the next one
    } finally {
      await client.end().catch(() => {})
    }
  }

  if (process.getuid?.() === 0 && osUserExists("postgres") && hasCommand("psql")) {
    const psql = ["psql", "-X", "-q", "-p", String(port), "-d", "template1", "-v", "ON_ERROR_STOP=1"]
    // runuser is util-linux's su for root; su where it is missing. SQL goes in on stdin.
    const [cmd, args] = hasCommand("runuser")
      ? ["runuser", ["-u", "postgres", "--", ...psql]]
      : ["su", ["postgres", "-c", psql.join(" ")]]
    const result = spawnSync(cmd, args, { input: sql, encoding: "utf8", cwd: "/", timeout: 15_000 })
    if (result.status === 0)
      return { action: actionIn(result.stderr), via: "as the postgres OS user (psql over the socket)" }
  }
  return null
}

/** True when `name` runs from PATH. */
export function hasCommand(name) {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0
}

function osUserExists(name) {
  return spawnSync("id", [name], { stdio: "ignore" }).status === 0
}

function currentOsUser() {
  try {
    return os.userInfo().username
  } catch {
    return undefined
  }
}
