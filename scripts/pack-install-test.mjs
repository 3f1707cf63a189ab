// Proves a real install: pack the plugin, install the tarball into a fresh Medusa 2.21 app,
// migrate, boot it, and call the plugin's routes. Run by `npm test` (`npm run test:install`).
import { spawn } from "node:child_process"
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { createRequire } from "node:module"
import { killGroup, run, waitForHttp } from "./lib.mjs"

const require = createRequire(import.meta.url)
const { Client } = require("pg")
const { createSandbox } = require("../sandbox")

const root = resolve(import.meta.dirname, "..")
const work = join(tmpdir(), `syncguard-install-${process.pid}`)
const app = join(work, "app")
const port = 9300 + (process.pid % 500)
const dbName = "syncguard_install_test"
const db = { user: "syncguard", password: "syncguard", host: "localhost", port: 5432 }
const databaseUrl = `postgres://${db.user}:${db.password}@${db.host}:${db.port}/${dbName}`
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))
const verbose = process.env.VERBOSE === "1"
const say = (msg) => process.stdout.write(`[install-test] ${msg}\n`)
const quiet = verbose ? (d) => process.stdout.write(d) : () => {}

let medusa
let sandbox
let passed = 0
let failed = 0
const check = (name, ok, detail = "") => {
  ok ? passed++ : failed++
  say(`${ok ? "ok  " : "FAIL"} ${name}${detail ? ` (${detail})` : ""}`)
}

async function main() {
  rmSync(work, { recursive: true, force: true })
  mkdirSync(app, { recursive: true })

  say("packing the plugin (prepack runs medusa plugin:build)")
  const packed = await run("npm", ["pack", "--pack-destination", work, "--json"], { cwd: root, log: quiet })
  // npm prints the build's log first, then the JSON report on its own lines
  const report = JSON.parse(packed.slice(packed.search(/^\[\s*$/m))).at(-1)
  const tarball = join(work, report.filename)
  const files = report.files.map((f) => f.path)
  check(
    "tarball ships only built code",
    files.every((f) => f === "package.json" || f.startsWith(".medusa/server/") || /^(README|LICENSE)/i.test(f))
  )
  check("tarball has no tests or host config", !files.some((f) => /__tests__|medusa-config|integration-tests/.test(f)))

  const deps = Object.fromEntries(
    [
      "@medusajs/admin-sdk",
      "@medusajs/cli",
      "@medusajs/framework",
      "@medusajs/medusa",
      "@medusajs/icons",
      "@medusajs/ui",
    ].map((name) => [name, pkg.devDependencies[name]])
  )
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify(
      {
        name: "syncguard-install-app",
        private: true,
        dependencies: { ...deps, "medusa-plugin-syncguard": `file:${tarball}` },
        // what medusa-starter-default has, so medusa-config.ts loads
        devDependencies: Object.fromEntries(
          ["ts-node", "typescript", "@swc/core", "@types/node"].map((n) => [n, pkg.devDependencies[n]])
        ),
      },
      null,
      2
    )
  )
  writeFileSync(
    join(app, "medusa-config.ts"),
    `import { defineConfig } from "@medusajs/framework/utils"
export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: { storeCors: "*", adminCors: "*", authCors: "*", jwtSecret: "install-test", cookieSecret: "install-test" },
  },
  admin: { disable: true },
  plugins: [
    {
      resolve: "medusa-plugin-syncguard",
      options: { connectors: { erp: { kind: "rest", baseUrl: process.env.SYNCGUARD_ERP_URL } } },
    },
  ],
})
`
  )
  writeFileSync(
    join(app, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2021",
        module: "Node16",
        moduleResolution: "Node16",
        esModuleInterop: true,
        skipLibCheck: true,
      },
    })
  )

  say("installing Medusa 2.21 and the tarball into a fresh app")
  await run("npm", ["install", "--no-audit", "--no-fund"], { cwd: app, log: quiet })

  const admin = new Client({ ...db, database: "postgres" })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${dbName}`)
  await admin.query(`CREATE DATABASE ${dbName}`)
  await admin.end()

  sandbox = await createSandbox({ port: 0, host: "127.0.0.1" })
  const env = {
    DATABASE_URL: databaseUrl,
    SYNCGUARD_ERP_URL: sandbox.url,
    PORT: String(port),
    NODE_ENV: "development",
    LOG_LEVEL: "warn",
  }

  say("medusa db:migrate")
  await run("npx", ["medusa", "db:migrate"], { cwd: app, env, log: quiet })
  const client = new Client({ ...db, database: dbName })
  await client.connect()
  const tables = await client.query(
    `SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'syncguard_%' ORDER BY 1`
  )
  const expected = [
    "syncguard_attempt_snapshot",
    "syncguard_connector_state",
    "syncguard_customer_identity",
    "syncguard_delivery_attempt",
    "syncguard_job_heartbeat",
    "syncguard_metric_sample",
    "syncguard_outbox_message",
    "syncguard_scope_violation",
  ]
  const found = tables.rows.map((r) => r.table_name)
  check(
    "db:migrate created the plugin's tables",
    expected.every((t) => found.includes(t)),
    found.join(", ")
  )
  await client.end()

  await run("npx", ["medusa", "user", "-e", "admin@install.test", "-p", "install-pass"], { cwd: app, env, log: quiet })

  say("booting the app")
  medusa = spawn("npx", ["medusa", "start"], {
    cwd: app,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  })
  let log = ""
  medusa.stdout.on("data", (d) => (log += d))
  medusa.stderr.on("data", (d) => (log += d))
  try {
    await waitForHttp(`http://localhost:${port}/health`, { isAlive: () => medusa.exitCode === null })
  } catch (e) {
    say(log.slice(-4000))
    throw e
  }

  const base = `http://localhost:${port}`
  const unauth = await fetch(`${base}/admin/syncguard/messages`)
  check("plugin admin route requires admin auth", unauth.status === 401, `HTTP ${unauth.status}`)
  const login = await fetch(`${base}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "admin@install.test", password: "install-pass" }),
  })
  const { token } = await login.json()
  const auth = { authorization: `Bearer ${token}` }
  const list = await fetch(`${base}/admin/syncguard/messages?status=dead`, { headers: auth })
  const body = await list.json()
  check(
    "GET /admin/syncguard/messages answers from the installed plugin",
    list.status === 200 && body.count === 0,
    JSON.stringify(body)
  )
  const bad = await fetch(`${base}/admin/syncguard/messages?status=nope`, { headers: auth })
  check("a bad filter is a 400 with a message", bad.status === 400 && /status/i.test(await bad.text()))
  const health = await fetch(`${base}/admin/syncguard/health`, { headers: auth })
  const healthBody = await health.json()
  check(
    "GET /admin/syncguard/health reports the connector",
    health.status === 200 && healthBody.connectors?.[0]?.name === "erp",
    healthBody.status
  )
  const order = await fetch(`${base}/admin/syncguard/orders/order_missing`, { headers: auth })
  const orderBody = await order.json()
  check(
    "GET /admin/syncguard/orders/:id lists the configured connector",
    order.status === 200 && orderBody.connectors?.[0]?.connector === "erp"
  )
}

try {
  await main()
} catch (error) {
  failed++
  say(`FAIL ${error.stack ?? error}`)
} finally {
  killGroup(medusa)
  await sandbox?.close()
  if (failed === 0) rmSync(work, { recursive: true, force: true })
  else say(`kept ${work} for inspection`)
}
// the plain closing line CI reads
process.stdout.write(`install: ${passed} passed, ${failed} failed\n`)
process.exit(failed ? 1 : 0)
