import { z } from "zod"
import type { SyncguardOptions } from "../types/options"

const retrySchema = z
  .object({
    baseDelayMs: z.number().int().positive(),
    maxDelayMs: z.number().int().positive(),
    maxAttempts: z.number().int().min(1).max(100),
  })
  .partial()

/** What every connector kind shares: delivery policy, limits and breaker. */
const connectorCommon = {
  entities: z.array(z.enum(["order", "customer", "inventory"])).optional(),
  timeoutMs: z.number().int().positive().optional(),
  retry: retrySchema.optional(),
  rateLimit: z
    .object({
      requestsPerSecond: z.number().min(0).optional(),
      burst: z.number().int().min(1).optional(),
      maxInFlight: z.number().int().min(0).optional(),
    })
    .optional(),
  breaker: z
    .object({
      consecutiveFailures: z.number().int().min(1).optional(),
      errorRate: z.number().gt(0).max(1).optional(),
      minCalls: z.number().int().min(1).optional(),
      windowMs: z.number().int().min(100).optional(),
      openMs: z.number().int().min(10).optional(),
    })
    .optional(),
}

const restConnectorSchema = z.object({
  kind: z.literal("rest"),
  baseUrl: z.url({ message: "baseUrl must be an absolute http(s) URL" }),
  authHeader: z.object({ name: z.string().min(1), value: z.string() }).optional(),
  httpRetries: z.number().int().min(0).max(5).optional(),
  paths: z.record(z.string(), z.string().startsWith("/")).optional(),
  ...connectorCommon,
})

const trytonConnectorSchema = z.object({
  kind: z.literal("tryton"),
  url: z.url({ message: "url must be the Tryton server's absolute http(s) URL, e.g. http://127.0.0.1:8000" }),
  database: z.string().min(1, "database names the Tryton database"),
  login: z.string().min(1, "login names the Tryton user the connector logs in as"),
  password: z.string().min(1, "password is the Tryton user's password"),
  language: z.string().min(2).optional(),
  invoiceStates: z.array(z.enum(["draft", "validated", "posted", "paid", "cancelled"])).min(1).optional(),
  ...connectorCommon,
})
  // JSON-RPC calls are not idempotent: in-call retries (httpRetries) are not offered for Tryton
  .strict()

const connectorSchema = z.discriminatedUnion("kind", [restConnectorSchema, trytonConnectorSchema], {
  error: 'kind must be "rest" or "tryton"',
})

const optionsSchema = z.object({
  connectors: z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/, "connector names are lower-case words"), connectorSchema).optional(),
  retry: retrySchema.optional(),
  leaseMs: z.number().int().min(1000).optional(),
  batchSize: z.number().int().min(1).max(1000).optional(),
  concurrency: z.number().int().min(1).max(64).optional(),
  fastPath: z.boolean().optional(),
  invoices: z
    .object({
      connector: z.string().min(1),
      matchEmail: z.boolean().optional(),
      failClosed: z
        .object({ threshold: z.number().int().min(1).optional(), windowMs: z.number().int().min(1000).optional() })
        .optional(),
      maxUpstreamPages: z.number().int().min(1).max(1000).optional(),
      upstreamPageSize: z.number().int().min(1).max(1000).optional(),
    })
    .optional(),
  redisUrl: z.string().regex(/^rediss?:\/\//, "redisUrl must start with redis:// or rediss://").optional(),
  snapshots: z
    .object({
      enabled: z.boolean().optional(),
      retentionHours: z.number().positive().optional(),
      redactKeys: z.array(z.string().min(1)).optional(),
    })
    .optional(),
  metrics: z.object({ deepQueue: z.number().int().min(1).optional() }).optional(),
  alerts: z
    .object({
      webhookUrl: z.url().optional(),
      notification: z.object({ channel: z.string().min(1), to: z.string().min(1), template: z.string().min(1) }).optional(),
    })
    .optional(),
})

/** Validates plugin options so a bad setup fails at boot with a message naming the field. */
export function parseSyncguardOptions(raw: unknown): SyncguardOptions {
  // Medusa injects a `database` key (with credentials) into every module's options: ignore it
  const { database: _database, ...rest } = (raw ?? {}) as Record<string, unknown>
  const parsed = optionsSchema.safeParse(rest)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")
    throw new Error(`syncguard: invalid plugin options: ${issues}`)
  }
  const options = parsed.data as SyncguardOptions
  // a request must finish inside the lease, or another worker may take the message while it is on the wire
  const leaseMs = options.leaseMs ?? 60_000
  for (const [name, connector] of Object.entries(options.connectors ?? {})) {
    const timeoutMs = connector.timeoutMs ?? 10_000
    if (leaseMs < timeoutMs + 1000) {
      throw new Error(
        `syncguard: invalid plugin options: leaseMs (${leaseMs}) must exceed connectors.${name}.timeoutMs (${timeoutMs}) by at least 1000 ms`
      )
    }
  }
  if (options.invoices && !options.connectors?.[options.invoices.connector]) {
    throw new Error(`syncguard: invalid plugin options: invoices.connector: no connector named "${options.invoices.connector}"`)
  }
  return options
}
