// Migrations and the admin user take ~20 s for every app these suites start, and every one starts
// from the same state: it is made once per migration set, in a template database named after a
// hash of what decides that state, and copied (CREATE DATABASE … TEMPLATE, about a second).
import { createHash } from "node:crypto"
import fs from "node:fs"
import path from "node:path"
import pg from "pg"
import { freshDatabase, ROOT } from "../../bench/lib/app.mjs"

const SERVER = process.env.BENCH_DATABASE_URL || "postgres://syncguard:syncguard@localhost:5432/postgres"

function stateHash() {
  const hash = createHash("sha256")
  // the tables (migrations, links, Medusa's version), the modules configured, the admin user
  for (const dir of ["src/modules/syncguard/migrations", "src/links"]) {
    const full = path.join(ROOT, dir)
    if (!fs.existsSync(full)) continue
    for (const file of fs.readdirSync(full).sort()) hash.update(file).update(fs.readFileSync(path.join(full, file)))
  }
  for (const file of ["package-lock.json", "medusa-config.ts", "scripts/demo/seed.mjs"]) {
    hash.update(fs.readFileSync(path.join(ROOT, file)))
  }
  return hash.digest("hex").slice(0, 16)
}

/**
 * A database `name` in the state `prepare(url)` leaves a fresh one in (migrated, admin user).
 * The template is built under a temporary name and renamed when done, so a run that dies while
 * migrating leaves no half-made template behind.
 */
export async function preparedDatabase(name, prepare) {
  const template = `syncguard_tpl_${stateHash()}`
  const client = new pg.Client({ connectionString: SERVER })
  await client.connect()
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [template])
    if (!rowCount) {
      const building = `${template}_building`
      await prepare(await freshDatabase(building))
      await client.query(`ALTER DATABASE ${building} RENAME TO ${template}`)
    }
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`)
  } finally {
    await client.end()
  }
  const url = new URL(SERVER)
  url.pathname = `/${name}`
  return url.toString()
}
