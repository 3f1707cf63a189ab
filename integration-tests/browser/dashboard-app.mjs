// A real Medusa app with the built dashboard, an ERP sandbox and a bol.com sandbox, seeded the
// way `npm run demo` seeds it: delivered orders, dead letters, a field conflict, a reconciliation
// run with findings and a buffered marketplace SKU.
import { randomBytes } from "node:crypto"
import fs from "node:fs"
import { createRequire } from "node:module"
import path from "node:path"
import { ROOT } from "../../bench/lib/app.mjs"
import { DASHBOARD_OFFER, seedDashboard } from "../../scripts/demo/dashboard.mjs"
import { placeOrders, waitForSync } from "../../scripts/demo/orders.mjs"
import { startCluster } from "../processes/cluster.mjs"
import { buildAdmin } from "./admin-build.mjs"

const require = createRequire(import.meta.url)
const { createBolMarketplace } = require("../../sandbox/index.js")

export const OUT_DIR = path.join(ROOT, ".demo", "browser")

export async function startDashboardApp({ basePort = 9300 } = {}) {
  fs.mkdirSync(OUT_DIR, { recursive: true })
  const build = await buildAdmin({ logFile: path.join(OUT_DIR, "admin-build.log") })
  const bol = await createBolMarketplace({ port: 0, seed: 7, offers: [DASHBOARD_OFFER] })
  const webhookSecret = `whsec_${randomBytes(32).toString("base64")}`
  const cluster = await startCluster({
    name: "browser",
    basePort,
    workers: 0,
    redisDb: 9,
    admin: true,
    env: {
      SYNCGUARD_ERP_WEBHOOK_SECRETS: webhookSecret,
      SYNCGUARD_ERP_ENTITIES: "order",
      SYNCGUARD_RETRY_BASE_MS: "200",
      SYNCGUARD_RETRY_MAX_MS: "2000",
      SYNCGUARD_RECONCILE_SETTLE_MS: "0",
      // a sample every 2 s: the charts have a line to draw within the test's minute or two
      SYNCGUARD_METRICS_INTERVAL_MS: "2000",
      SYNCGUARD_METRICS_TICK_MS: "1000",
      SYNCGUARD_BOL_URL: bol.url,
      SYNCGUARD_BOL_TOKEN_URL: `${bol.url}/token`,
      SYNCGUARD_BOL_CLIENT_ID: "client",
      SYNCGUARD_BOL_CLIENT_SECRET: "secret",
      SYNCGUARD_BOL_POLL_MS: "3600000",
    },
  })
  try {
    const { admin, baseUrl, store, sandbox: erp } = cluster
    const delivered = await placeOrders(baseUrl, store, 3, 1)
    await waitForSync(admin, delivered, { timeoutMs: 60_000 })
    const seeded = await seedDashboard({ admin, baseUrl, store, erp, webhookSecret, orderId: delivered[0] })
    return {
      ...cluster,
      bol,
      build,
      seeded: { delivered, ...seeded },
      async stop() {
        await cluster.stop()
        await bol.close()
      },
    }
  } catch (error) {
    await cluster.stop()
    await bol.close()
    throw error
  }
}
