// Builds the dashboard with the plugin's pages and widgets (`medusa build --admin-only`) where
// `medusa start` serves it from: public/admin. Skipped when src/admin has not changed since the
// last build (a hash of its files is kept beside the build), so a local re-run starts at once.
import { createHash } from "node:crypto"
import fs from "node:fs"
import path from "node:path"
import { ROOT } from "../../bench/lib/app.mjs"
import { runMedusa } from "../../scripts/demo/medusa.mjs"

const SOURCE = path.join(ROOT, "src/admin")
const BUILT = path.join(ROOT, ".medusa/admin")
const SERVED = path.join(ROOT, "public/admin")
const STAMP = path.join(SERVED, ".source-hash")

function sourceHash() {
  const hash = createHash("sha256")
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(file)
      else hash.update(path.relative(ROOT, file)).update(fs.readFileSync(file))
    }
  }
  walk(SOURCE)
  hash.update(fs.readFileSync(path.join(ROOT, "package-lock.json")))
  return hash.digest("hex")
}

/** @returns {Promise<{ built: boolean, ms: number }>} */
export async function buildAdmin({ logFile }) {
  const started = Date.now()
  const hash = sourceHash()
  if (fs.existsSync(STAMP) && fs.readFileSync(STAMP, "utf8") === hash) return { built: false, ms: 0 }
  await runMedusa(["build", "--admin-only"], {
    cwd: ROOT,
    env: { ...process.env, DISABLE_MEDUSA_ADMIN: "false", MEDUSA_DISABLE_TELEMETRY: "true" },
    logFile,
  })
  fs.rmSync(SERVED, { recursive: true, force: true })
  fs.mkdirSync(path.dirname(SERVED), { recursive: true })
  fs.renameSync(BUILT, SERVED)
  fs.writeFileSync(STAMP, hash)
  return { built: true, ms: Date.now() - started }
}
