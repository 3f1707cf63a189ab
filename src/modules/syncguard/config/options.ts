import { z } from "@medusajs/framework/zod"
import { reconciliationSchema } from "./reconciliation-schema"
import { MEDUSA_OWNER, ownersNamedIn } from "../policies/ownership"
import { ownershipMapSchema } from "./ownership-schema"

/**
 * The plugin's options: one schema, with every default stated here once. `SyncguardOptions` is
 * what a store writes in medusa-config.ts (the schema's input); `SyncguardConfig` is what the
 * code reads after parsing (every default filled in, per-connector policies resolved).
 * Nothing in the plugin reads environment variables: the host's medusa-config.ts maps them.
 */

const int = () => z.number().int()

const retrySchema = z.object({
  /** first retry waits up to this long (full jitter) */
  baseDelayMs: int().positive().optional(),
  /** cap of the exponential backoff */
  maxDelayMs: int().positive().optional(),
  /** attempts before a message is dead */
  maxAttempts: int().min(1).max(100).optional(),
})

const RETRY_DEFAULTS = { baseDelayMs: 1000, maxDelayMs: 300_000, maxAttempts: 10 }

const rateLimitSchema = z
  .object({
    /** the remote's limit across every worker; unset or 0 = none configured (learned when `learn`) */
    requestsPerSecond: z.number().min(0).default(0),
    /** requests that may go at once after a quiet spell; default max(1, rate / 10) */
    burst: int().min(1).optional(),
    /** requests in flight at once across every worker; 0 = unlimited */
    maxInFlight: int().min(0).default(0),
    /** learn the remote's limit from 429s, Retry-After and rate-limit headers (below a configured rate) */
    learn: z.boolean().default(true),
    /** learning never goes slower than this (requests a second) */
    minRequestsPerSecond: z.number().positive().optional(),
    /** where learning starts with nothing learned yet and no rate configured */
    initialRequestsPerSecond: z.number().positive().optional(),
  })
  .strict()
  .prefault({})

const breakerSchema = z
  .object({
    consecutiveFailures: int().min(1).default(10),
    errorRate: z.number().gt(0).max(1).default(0.5),
    minCalls: int().min(1).default(20),
    windowMs: int().min(100).default(30_000),
    openMs: int().min(10).default(15_000),
  })
  .strict()
  .prefault({})

/** What every connector kind shares: delivery policy, limits, breaker, and how unknown outcomes settle. */
const connectorCommon = {
  timeoutMs: int().positive().default(10_000),
  /**
   * After a timeout or a gateway's 504 the remote may still commit the request. A lookup that
   * finds nothing counts only once this long has passed since the attempt ended. Default: 2 × timeoutMs.
   */
  settleMs: int().min(0).optional(),
  retry: retrySchema.strict().optional(),
  rateLimit: rateLimitSchema,
  breaker: breakerSchema,
}

const entityTypes = z.array(z.enum(["order", "customer"])).min(1)

/**
 * A remote that pushes changes to /hooks/syncguard/:connector, signed per Standard Webhooks.
 * Several secrets verify at once, so a secret can be rotated without a gap.
 */
const webhookSecret = z
  .string()
  .regex(
    /^whsec_[A-Za-z0-9+/]{22,}={0,2}$/,
    "a webhook secret is whsec_ followed by the base64 of 24–64 random bytes (Standard Webhooks)"
  )
const webhooksSchema = z
  .object({ secrets: z.array(webhookSecret).min(1, "give at least one secret") })
  .strict()
  .optional()

/** bol.com media types per resource: versions live per resource (offers moved to v11, the rest is on v10). */
const BOL_MEDIA_TYPES = {
  offers: "application/vnd.retailer.v11+json",
  orders: "application/vnd.retailer.v10+json",
  "process-status": "application/vnd.retailer.v10+json",
  subscriptions: "application/vnd.retailer.v10+json",
  /** the v10 stock write (PUT /retailer/offers/{id}/stock) when `stockApi` is "v10" */
  "offers-v10": "application/vnd.retailer.v10+json",
}

const mediaType = z
  .string()
  .regex(/^application\/vnd\.[a-z-]+\.v\d+\+json$/, "a media type like application/vnd.retailer.v10+json")

/** How many units to hold back from a marketplace: velocity × measured lag p95, plus a floor, capped. */
const stockBufferSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** units always held back */
    floor: int().min(0).default(0),
    /** never hold back more than this */
    max: int().min(0).default(50),
    /** sales velocity is measured over this window, on the channels other than this marketplace */
    velocityWindowMs: int()
      .min(60_000)
      .default(60 * 60 * 1000),
    /**
     * and over this short one beside it: the faster of the two counts, so a sale that starts is
     * seen within minutes instead of being averaged away over the hour
     */
    shortVelocityWindowMs: int()
      .min(10_000)
      .default(5 * 60 * 1000),
    /** the lag p95 is measured over this window of acknowledged stock messages */
    lagWindowMs: int()
      .min(10_000)
      .default(15 * 60 * 1000),
    /** lag assumed before any stock message was acknowledged */
    defaultLagMs: int().min(0).default(2000),
  })
  .strict()
  .prefault({})

/** Where a marketplace's orders land in Medusa. */
const marketplaceOrdersSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** the sales channel marketplace orders are created in (made when missing) */
    salesChannelName: z.string().min(1).default("bol.com"),
    /** the region they are priced in; default the first region using `currencyCode` */
    regionId: z.string().min(1).optional(),
    currencyCode: z.string().length(3).default("eur"),
    /** how often the order feed is polled (push notifications trigger it early) */
    pollIntervalMs: int().min(1000).default(60_000),
    /** the feed's change-interval-minute: longer than the poll interval so windows overlap */
    changeIntervalMinutes: int().min(1).max(60).default(10),
    /** orders a poll imports side by side (oldest first; the connector's rate limit still applies) */
    importConcurrency: int().min(1).max(32).default(4),
  })
  .strict()
  .prefault({})

const restConnectorSchema = z
  .object({
    kind: z.literal("rest"),
    baseUrl: z.url({ message: "baseUrl must be an absolute http(s) URL" }),
    authHeader: z
      .object({ name: z.string().min(1), value: z.string() })
      .strict()
      .optional(),
    entities: entityTypes.default(["order"]),
    /** short in-call retries (axios-retry) where a request cannot have been applied */
    httpRetries: int().min(0).max(5).default(2),
    /** overrides of the REST profile's paths */
    paths: z.record(z.string(), z.string().startsWith("/")).default({}),
    webhooks: webhooksSchema,
    ...connectorCommon,
  })
  .strict()

const trytonConnectorSchema = z
  .object({
    kind: z.literal("tryton"),
    url: z.url({ message: "url must be the Tryton server's absolute http(s) URL, e.g. http://127.0.0.1:8000" }),
    database: z.string().min(1, "database names the Tryton database"),
    login: z.string().min(1, "login names the Tryton user the connector logs in as"),
    password: z.string().min(1, "password is the Tryton user's password"),
    language: z.string().min(2).default("en"),
    /** invoice states the invoice API shows customers */
    invoiceStates: z
      .array(z.enum(["draft", "validated", "posted", "paid", "cancelled"]))
      .min(1)
      .default(["posted", "paid"]),
    entities: entityTypes.default(["order", "customer"]),
    webhooks: webhooksSchema,
    ...connectorCommon,
  })
  // JSON-RPC calls are not idempotent: in-call retries (httpRetries) are not offered for Tryton
  .strict()

const bolConnectorSchema = z
  .object({
    kind: z.literal("bol"),
    /** the API base, e.g. https://api.bol.com (paths /retailer/... and /shared/... are appended) */
    baseUrl: z.url({ message: "baseUrl must be the bol.com API base, e.g. https://api.bol.com" }),
    tokenUrl: z.url({ message: "tokenUrl must be an absolute URL" }).default("https://login.bol.com/token"),
    clientId: z.string().min(1, "clientId is the Retailer API client id (Seller Dashboard → API settings)"),
    clientSecret: z.string().min(1, "clientSecret is the Retailer API client secret"),
    /** offers are matched to variants by their reference (= SKU) or EAN (= the variant's barcode) */
    offerMatch: z.enum(["reference", "ean"]).default("reference"),
    /** v11: synchronous PATCH (204); v10: PUT …/stock (202 + process status) */
    stockApi: z.enum(["v11", "v10"]).default("v11"),
    /**
     * How the amount sent accounts for bol's own orders (README, "The amount sent").
     * "open-orders": managedByRetailer false, bol subtracts every open order itself; we send what
     * Medusa has for sale plus what it holds for this marketplace's orders, so an order bol took
     * that is not imported yet is never offered again. "since-update": managedByRetailer true and
     * Medusa's availability as it is; bol subtracts only orders placed after the write, so an
     * order placed before it and not yet imported is offered again (kept for comparison).
     */
    stockRule: z.enum(["open-orders", "since-update"]).default("open-orders"),
    mediaTypes: z
      .object(Object.fromEntries(Object.entries(BOL_MEDIA_TYPES).map(([k, v]) => [k, mediaType.default(v)])))
      .strict()
      .prefault({}),
    /**
     * a stock change waits this long before it is sent, so the rest of a burst joins it (one write
     * for many changes); it adds this much to the stock lag the buffer is sized from
     */
    stockDebounceMs: int().min(0).max(10_000).default(250),
    /** how long resolved offer ids are trusted */
    offerCacheMs: int()
      .min(0)
      .default(15 * 60 * 1000),
    /** a v10 process status is polled this often, and this long inside one delivery */
    processStatus: z
      .object({ pollIntervalMs: int().min(50).default(1000), maxWaitMs: int().min(0).default(20_000) })
      .strict()
      .prefault({}),
    /** only this sales channel's stock locations count (default: the marketplace orders' channel) */
    stockSalesChannelId: z.string().min(1).optional(),
    buffer: stockBufferSchema,
    orders: marketplaceOrdersSchema,
    entities: z.array(z.literal("stock", { error: 'a bol connector takes "stock" only' })).default(["stock"]),
    ...connectorCommon,
  })
  .strict()

const connectorSchema = z.discriminatedUnion("kind", [restConnectorSchema, trytonConnectorSchema, bolConnectorSchema], {
  error: 'kind must be "rest", "tryton" or "bol"',
})

const invoicesSchema = z
  .object({
    /** the connector that serves invoices (and maps customers), e.g. "crm" */
    connector: z.string().min(1),
    /** also require the invoice's email to be the customer's */
    matchEmail: z.boolean().default(false),
    /** fail closed (503) after this many violations within the window */
    failClosed: z
      .object({ threshold: int().min(1).default(5), windowMs: int().min(1000).default(600_000) })
      .strict()
      .prefault({}),
    /** upstream pages read per request at most; the list is filtered and paged on our side */
    maxUpstreamPages: int().min(1).max(1000).default(20),
    upstreamPageSize: int().min(1).max(1000).default(100),
  })
  .strict()

/** Job cadences. The jobs tick on a fixed beat and run when these say they are due. */
const schedulesSchema = z
  .object({
    sweepIntervalMs: int().min(500).default(5000),
    /** a sweep keeps draining a backlog for up to this long per run */
    sweepBudgetMs: int().min(1000).default(120_000),
    metricsTickMs: int().min(1000).default(10_000),
    purgeIntervalMs: int()
      .min(1000)
      .default(60 * 60 * 1000),
    /** how often inbound events the fast path missed (or must retry) are applied */
    inboundSweepIntervalMs: int().min(200).default(1000),
    /** how often each marketplace SKU's stock buffer is recomputed */
    stockBufferIntervalMs: int().min(1000).default(30_000),
  })
  .strict()
  .prefault({})

/**
 * Inbound changes (webhooks) are applied after they are acknowledged: by the fast path in the
 * process that received them, and by a sweep for whatever it missed or must retry.
 */
const inboundSchema = z
  .object({
    /** events applied at once per process (the acknowledgement path stays free) */
    concurrency: int().min(1).max(32).default(2),
    /** attempts before an inbound event is dead (default: the retry policy's) */
    maxAttempts: int().min(1).max(100).optional(),
    /**
     * applied events are deleted after this many days (the purge job); a re-delivery after that is
     * still applied at most once (operation ledger, watermarks), but answered as new
     */
    retentionDays: z.number().positive().default(30),
  })
  .strict()
  .prefault({})

export const syncguardOptionsSchema = z
  .object({
    connectors: z
      .record(z.string().regex(/^[a-z][a-z0-9_-]*$/, "connector names are lower-case words"), connectorSchema)
      .default({}),
    retry: retrySchema.strict().optional(),
    /** how long a worker's claim on a message lasts */
    leaseMs: int().min(1000).default(60_000),
    /** messages claimed per sweep */
    batchSize: int().min(1).max(1000).default(50),
    /** deliveries in flight per process */
    concurrency: int().min(1).max(64).default(4),
    /** deliver right after enqueueing, not only from the sweep */
    fastPath: z.boolean().default(true),
    invoices: invoicesSchema.optional(),
    /** shares rate limits, learned limits and breaker state across worker processes */
    redisUrl: z
      .string()
      .regex(/^rediss?:\/\//, "redisUrl must start with redis:// or rediss://")
      .optional(),
    snapshots: z
      .object({
        enabled: z.boolean().default(true),
        retentionHours: z.number().positive().default(72),
        /** body and header keys redacted besides the built-in list */
        redactKeys: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .prefault({}),
    /** metric samples every 60 s, every 10 s while more than `deepQueue` messages wait */
    metrics: z
      .object({
        deepQueue: int().min(1).default(100),
        // how often the outbox is sampled for health's charts, and how often while it is deep
        intervalMs: int().min(1000).default(60_000),
        deepIntervalMs: int().min(1000).default(10_000),
      })
      .strict()
      .prefault({}),
    alerts: z
      .object({
        webhookUrl: z.url().optional(),
        notification: z
          .object({ channel: z.string().min(1), to: z.string().min(1), template: z.string().min(1) })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    schedules: schedulesSchema,
    /** who owns each synced field (policies/ownership.ts); admins can override it at runtime */
    ownership: ownershipMapSchema.default({}),
    inbound: inboundSchema,
    reconciliation: reconciliationSchema,
    /** deprecation and sunset headers of the remotes: alert when a sunset is this close */
    deprecations: z
      .object({ horizonDays: int().min(1).max(3650).default(90) })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((options, ctx) => {
    const policies: Array<[(string | number)[], Partial<typeof RETRY_DEFAULTS> | undefined]> = [
      [["retry"], options.retry],
      ...Object.entries(options.connectors).map(
        ([name, c]): [(string | number)[], Partial<typeof RETRY_DEFAULTS> | undefined] => [
          ["connectors", name, "retry"],
          { ...options.retry, ...c.retry },
        ]
      ),
    ]
    for (const [path, partial] of policies) {
      const policy = { ...RETRY_DEFAULTS, ...partial }
      if (policy.maxDelayMs < policy.baseDelayMs) {
        ctx.addIssue({
          code: "custom",
          path: [...path, "maxDelayMs"],
          message: `maxDelayMs (${policy.maxDelayMs}) must be at least baseDelayMs (${policy.baseDelayMs})`,
        })
      }
    }
    for (const [name, connector] of Object.entries(options.connectors)) {
      // one request must finish inside the lease, or another worker may take the message while it is
      // on the wire (each in-call retry re-checks and extends the lease before it goes)
      if (options.leaseMs < connector.timeoutMs + 1000) {
        ctx.addIssue({
          code: "custom",
          path: ["leaseMs"],
          message: `leaseMs (${options.leaseMs}) must exceed connectors.${name}.timeoutMs (${connector.timeoutMs}) by at least 1000 ms`,
        })
      }
      if (connector.settleMs !== undefined && connector.settleMs < connector.timeoutMs) {
        ctx.addIssue({
          code: "custom",
          path: ["connectors", name, "settleMs"],
          message: `settleMs (${connector.settleMs}) must be at least timeoutMs (${connector.timeoutMs}): a shorter window lets a late commit be sent twice`,
        })
      }
    }
    for (const { path, owner } of ownersNamedIn(options.ownership)) {
      if (owner !== MEDUSA_OWNER && !options.connectors[owner]) {
        ctx.addIssue({
          code: "custom",
          path: ["ownership", ...path],
          message: `owner "${owner}" is neither "${MEDUSA_OWNER}" nor a configured connector (${Object.keys(options.connectors).join(", ") || "none"})`,
        })
      }
    }
    for (const name of Object.keys(options.reconciliation.intervals)) {
      if (!options.connectors[name]) {
        ctx.addIssue({
          code: "custom",
          path: ["reconciliation", "intervals", name],
          message: `no connector named "${name}" (${Object.keys(options.connectors).join(", ") || "none"})`,
        })
      }
    }
    if (options.invoices && !options.connectors[options.invoices.connector]) {
      ctx.addIssue({
        code: "custom",
        path: ["invoices", "connector"],
        message: `no connector named "${options.invoices.connector}"`,
      })
    }
  })
  .transform((options) => ({
    ...options,
    retry: { ...RETRY_DEFAULTS, ...options.retry },
    connectors: Object.fromEntries(
      Object.entries(options.connectors).map(([name, connector]) => [
        name,
        {
          ...connector,
          retry: { ...RETRY_DEFAULTS, ...options.retry, ...connector.retry },
          settleMs: connector.settleMs ?? 2 * connector.timeoutMs,
        },
      ])
    ),
  }))

/** The longest one request to a connector can take, in-call retries (each ≤ 1 s apart) included. */
export function requestBudgetMs(connector: { kind: string; timeoutMs: number; httpRetries?: number }): number {
  const retries = connector.kind === "rest" ? (connector.httpRetries ?? 0) : 0
  return connector.timeoutMs * (retries + 1) + retries * 1000 + 1000
}

/** What a store writes in medusa-config.ts. */
export type SyncguardOptions = z.input<typeof syncguardOptionsSchema>
/** The options after parsing: every default filled in. */
export type SyncguardConfig = z.output<typeof syncguardOptionsSchema>
export type ConnectorConfig = SyncguardConfig["connectors"][string]
export type RestConnectorConfig = Extract<ConnectorConfig, { kind: "rest" }>
export type TrytonConnectorConfig = Extract<ConnectorConfig, { kind: "tryton" }>
export type BolConnectorConfig = Extract<ConnectorConfig, { kind: "bol" }>
export type BolResource = keyof typeof BOL_MEDIA_TYPES
export type RetryPolicy = SyncguardConfig["retry"]
export type BreakerSettings = ConnectorConfig["breaker"]
export type RateLimitOptions = ConnectorConfig["rateLimit"]
export type InvoiceApiConfig = NonNullable<SyncguardConfig["invoices"]>
export type AlertConfig = SyncguardConfig["alerts"]
export type SchedulesConfig = SyncguardConfig["schedules"]
export type ReconciliationConfig = SyncguardConfig["reconciliation"]

/** Validates plugin options so a bad setup fails at boot with a message naming the field. */
export function parseSyncguardOptions(raw: unknown): SyncguardConfig {
  // Medusa injects a `database` key (with credentials) into every module's options: ignore it
  const { database: _database, ...rest } = (raw ?? {}) as Record<string, unknown>
  const parsed = syncguardOptionsSchema.safeParse(rest)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")
    throw new Error(`syncguard: invalid plugin options: ${issues}`)
  }
  return parsed.data
}
