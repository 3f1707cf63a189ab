import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback)

const REDIS_URL = process.env.REDIS_URL
/** syncguard's shared limiter, learned limits and breakers; the app's Redis unless told otherwise */
const SYNCGUARD_REDIS_URL = process.env.SYNCGUARD_REDIS_URL || REDIS_URL

/**
 * With REDIS_URL, the app runs like production across processes: Redis event bus, workflow
 * engine and locking, and syncguard shares its rate limits through Redis too.
 */
const redisModules = REDIS_URL
  ? [
      { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl: REDIS_URL } },
      { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl: REDIS_URL } } },
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [
            {
              resolve: "@medusajs/medusa/locking-redis",
              id: "locking-redis",
              is_default: true,
              options: { redisUrl: REDIS_URL },
            },
          ],
        },
      },
    ]
  : []

/** SYNCGUARD_ERP_KIND=tryton points the "erp" connector at a Tryton server instead of a REST ERP. */
const ERP_KIND = process.env.SYNCGUARD_ERP_KIND || "rest"
/** SYNCGUARD_CRM_URL=off runs without the CRM connector (e.g. when Tryton also serves invoices). */
const CRM_ENABLED = process.env.SYNCGUARD_CRM_URL !== "off"

/**
 * SYNCGUARD_ERP_WEBHOOK_SECRETS (comma-separated whsec_… secrets; several for rotation) lets the
 * "erp" connector push changes to POST /hooks/syncguard/erp, signed per Standard Webhooks.
 */
const ERP_WEBHOOK_SECRETS = (process.env.SYNCGUARD_ERP_WEBHOOK_SECRETS || "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean)
const erpWebhooks = ERP_WEBHOOK_SECRETS.length ? { webhooks: { secrets: ERP_WEBHOOK_SECRETS } } : {}

/**
 * Who owns each synced field: SYNCGUARD_OWNERSHIP (JSON, the `ownership` option's shape), else
 * this app's default: the ERP owns stock on hand, order fulfilment status, phone, company and
 * credit status; the store owns names, addresses and prices.
 */
function ownershipFromEnv(raw: string) {
  try {
    return JSON.parse(raw)
  } catch (error) {
    throw new Error(`SYNCGUARD_OWNERSHIP must be JSON (the ownership option's shape): ${(error as Error).message}`)
  }
}
const OWNERSHIP = process.env.SYNCGUARD_OWNERSHIP
  ? ownershipFromEnv(process.env.SYNCGUARD_OWNERSHIP)
  : {
      inventory: { default: "erp" },
      order: { default: "medusa", fields: { status: "erp" } },
      customer: { default: "medusa", fields: { phone: "erp", company_name: "erp", credit_status: "erp" } },
      price: { default: "medusa" },
    }

const restErp = {
  kind: "rest",
  baseUrl: process.env.SYNCGUARD_ERP_URL || "http://127.0.0.1:4010",
  // SYNCGUARD_ERP_ENTITIES=order,customer also sends customers to the REST ERP
  entities: (process.env.SYNCGUARD_ERP_ENTITIES || "order").split(",").map((e) => e.trim()),
  ...erpWebhooks,
  timeoutMs: num("SYNCGUARD_ERP_TIMEOUT_MS", 10_000),
  ...(process.env.SYNCGUARD_ERP_SETTLE_MS ? { settleMs: num("SYNCGUARD_ERP_SETTLE_MS", 20_000) } : {}),
  rateLimit: {
    requestsPerSecond: num("SYNCGUARD_ERP_RPS", 0),
    ...(process.env.SYNCGUARD_ERP_BURST ? { burst: num("SYNCGUARD_ERP_BURST", 1) } : {}),
    maxInFlight: num("SYNCGUARD_ERP_MAX_IN_FLIGHT", 0),
  },
  breaker: {
    consecutiveFailures: num("SYNCGUARD_BREAKER_FAILURES", 10),
    openMs: num("SYNCGUARD_BREAKER_OPEN_MS", 15_000),
  },
  ...(process.env.SYNCGUARD_ERP_TOKEN
    ? { authHeader: { name: "Authorization", value: `Bearer ${process.env.SYNCGUARD_ERP_TOKEN}` } }
    : {}),
}

const trytonErp = {
  kind: "tryton" as const,
  url: process.env.SYNCGUARD_TRYTON_URL || "http://127.0.0.1:8000",
  database: process.env.SYNCGUARD_TRYTON_DB || "tryton_medusa",
  login: process.env.SYNCGUARD_TRYTON_LOGIN || "medusa",
  password: process.env.SYNCGUARD_TRYTON_PASSWORD || "medusa-api-pw-9281",
  entities: ["order", "customer"],
  ...erpWebhooks,
  timeoutMs: num("SYNCGUARD_ERP_TIMEOUT_MS", 10_000),
  ...(process.env.SYNCGUARD_ERP_SETTLE_MS ? { settleMs: num("SYNCGUARD_ERP_SETTLE_MS", 20_000) } : {}),
  rateLimit: { requestsPerSecond: num("SYNCGUARD_ERP_RPS", 0), maxInFlight: num("SYNCGUARD_ERP_MAX_IN_FLIGHT", 0) },
}

const restCrm = {
  kind: "rest",
  baseUrl: process.env.SYNCGUARD_CRM_URL || process.env.SYNCGUARD_ERP_URL || "http://127.0.0.1:4010",
  entities: ["customer"],
  timeoutMs: num("SYNCGUARD_CRM_TIMEOUT_MS", 5_000),
}

/**
 * SYNCGUARD_BOL_URL (the API base: https://api.bol.com, or any server that speaks bol's Retailer
 * API) registers a "bol" marketplace connector: stock out, orders in.
 */
const BOL_URL = process.env.SYNCGUARD_BOL_URL
const bolMarketplace = BOL_URL
  ? {
      kind: "bol" as const,
      baseUrl: BOL_URL,
      tokenUrl: process.env.SYNCGUARD_BOL_TOKEN_URL || "https://login.bol.com/token",
      clientId: process.env.SYNCGUARD_BOL_CLIENT_ID || "",
      clientSecret: process.env.SYNCGUARD_BOL_CLIENT_SECRET || "",
      offerMatch: (process.env.SYNCGUARD_BOL_OFFER_MATCH || "reference") as "reference" | "ean",
      stockApi: (process.env.SYNCGUARD_BOL_STOCK_API || "v11") as "v11" | "v10",
      stockRule: (process.env.SYNCGUARD_BOL_STOCK_RULE || "open-orders") as "open-orders" | "since-update",
      timeoutMs: num("SYNCGUARD_BOL_TIMEOUT_MS", 10_000),
      ...(process.env.SYNCGUARD_BOL_SETTLE_MS ? { settleMs: num("SYNCGUARD_BOL_SETTLE_MS", 20_000) } : {}),
      ...(process.env.SYNCGUARD_BOL_DEBOUNCE_MS ? { stockDebounceMs: num("SYNCGUARD_BOL_DEBOUNCE_MS", 250) } : {}),
      processStatus: {
        pollIntervalMs: num("SYNCGUARD_BOL_PROCESS_POLL_MS", 1000),
        maxWaitMs: num("SYNCGUARD_BOL_PROCESS_MAX_WAIT_MS", 20_000),
      },
      buffer: {
        enabled: process.env.SYNCGUARD_BOL_BUFFER !== "off",
        floor: num("SYNCGUARD_BOL_BUFFER_FLOOR", 0),
        max: num("SYNCGUARD_BOL_BUFFER_MAX", 50),
        velocityWindowMs: num("SYNCGUARD_BOL_VELOCITY_WINDOW_MS", 3_600_000),
        shortVelocityWindowMs: num("SYNCGUARD_BOL_SHORT_VELOCITY_WINDOW_MS", 300_000),
        lagWindowMs: num("SYNCGUARD_BOL_LAG_WINDOW_MS", 900_000),
      },
      orders: {
        enabled: process.env.SYNCGUARD_BOL_ORDERS !== "off",
        pollIntervalMs: num("SYNCGUARD_BOL_POLL_MS", 60_000),
        changeIntervalMinutes: num("SYNCGUARD_BOL_CHANGE_INTERVAL_MINUTES", 10),
        importConcurrency: num("SYNCGUARD_BOL_IMPORT_CONCURRENCY", 4),
        ...(process.env.SYNCGUARD_BOL_REGION_ID ? { regionId: process.env.SYNCGUARD_BOL_REGION_ID } : {}),
      },
      rateLimit: { requestsPerSecond: num("SYNCGUARD_BOL_RPS", 0) },
    }
  : null

/**
 * The plugin's own host app: used by the tests and `npm run demo`. A store registers the
 * plugin under `plugins` instead (see README); the options object is the same.
 */
export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    ...(REDIS_URL ? { redisUrl: REDIS_URL } : {}),
    workerMode: process.env.MEDUSA_WORKER_MODE as "shared" | "worker" | "server" | undefined,
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000,http://localhost:5173",
      authCors: process.env.AUTH_CORS || "http://localhost:9000,http://localhost:5173,http://localhost:8000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    disable: process.env.DISABLE_MEDUSA_ADMIN === "true",
  },
  modules: [
    ...redisModules,
    {
      resolve: "./src/modules/syncguard",
      options: {
        connectors: {
          erp: ERP_KIND === "tryton" ? trytonErp : restErp,
          ...(CRM_ENABLED ? { crm: restCrm } : {}),
          ...(bolMarketplace ? { bol: bolMarketplace } : {}),
        },
        invoices: {
          connector: process.env.SYNCGUARD_INVOICES_CONNECTOR || "crm",
          matchEmail: process.env.SYNCGUARD_INVOICES_MATCH_EMAIL === "true",
          failClosed: {
            threshold: num("SYNCGUARD_SCOPE_THRESHOLD", 5),
            windowMs: num("SYNCGUARD_SCOPE_WINDOW_MS", 600_000),
          },
        },
        alerts: {
          ...(process.env.SYNCGUARD_ALERT_WEBHOOK_URL ? { webhookUrl: process.env.SYNCGUARD_ALERT_WEBHOOK_URL } : {}),
        },
        retry: {
          baseDelayMs: num("SYNCGUARD_RETRY_BASE_MS", 1000),
          maxDelayMs: num("SYNCGUARD_RETRY_MAX_MS", 300_000),
          maxAttempts: num("SYNCGUARD_MAX_ATTEMPTS", 10),
        },
        leaseMs: num("SYNCGUARD_LEASE_MS", 60_000),
        ...(SYNCGUARD_REDIS_URL ? { redisUrl: SYNCGUARD_REDIS_URL } : {}),
        snapshots: { retentionHours: num("SYNCGUARD_SNAPSHOT_RETENTION_HOURS", 72) },
        concurrency: num("SYNCGUARD_CONCURRENCY", 4),
        batchSize: num("SYNCGUARD_BATCH_SIZE", 50),
        fastPath: process.env.SYNCGUARD_FAST_PATH !== "false",
        schedules: {
          sweepIntervalMs: num("SYNCGUARD_SWEEP_INTERVAL_MS", 5000),
          sweepBudgetMs: num("SYNCGUARD_SWEEP_BUDGET_MS", 120_000),
          stockBufferIntervalMs: num("SYNCGUARD_STOCK_BUFFER_INTERVAL_MS", 30_000),
          inboundSweepIntervalMs: num("SYNCGUARD_INBOUND_SWEEP_INTERVAL_MS", 1000),
          metricsTickMs: num("SYNCGUARD_METRICS_TICK_MS", 10_000),
        },
        ownership: OWNERSHIP,
        inbound: { concurrency: num("SYNCGUARD_INBOUND_CONCURRENCY", 2) },
        deprecations: { horizonDays: num("SYNCGUARD_DEPRECATION_HORIZON_DAYS", 90) },
        metrics: { intervalMs: num("SYNCGUARD_METRICS_INTERVAL_MS", 60_000) },
        reconciliation: {
          intervalMs: num("SYNCGUARD_RECONCILE_INTERVAL_MS", 15 * 60_000),
          lookbackMs: num("SYNCGUARD_RECONCILE_LOOKBACK_MS", 10 * 60_000),
          settleMs: num("SYNCGUARD_RECONCILE_SETTLE_MS", 30_000),
          pageSize: num("SYNCGUARD_RECONCILE_PAGE_SIZE", 1000),
          // "none": runs only report; default: missing records are sent at once
          autoRepair: process.env.SYNCGUARD_RECONCILE_AUTO_REPAIR === "none" ? [] : ["missing"],
          alertThreshold: num("SYNCGUARD_RECONCILE_ALERT_THRESHOLD", 0),
          inventoryTolerance: num("SYNCGUARD_RECONCILE_INVENTORY_TOLERANCE", 0),
          staleRunMs: num("SYNCGUARD_RECONCILE_STALE_MS", 120_000),
        },
      },
    },
  ],
})
