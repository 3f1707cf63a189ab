// Generates the module's migration from its DML models (diffed against the committed snapshot).
import { spawnSync } from "node:child_process"

const env = {
  DB_HOST: "localhost",
  DB_PORT: "5432",
  DB_USERNAME: "syncguard",
  DB_PASSWORD: "syncguard",
  ...process.env,
}
const r = spawnSync("npx", ["medusa", "plugin:db:generate"], { stdio: "inherit", env })
process.exit(r.status ?? 1)
