/**
 * Durable retry policy for one connector (Temporal / pg-boss names).
 * The delay before attempt n+1 is full-jitter capped exponential:
 * random(0, min(maxDelayMs, baseDelayMs * 2^(n-1))), never less than a remote's Retry-After.
 */
export type RetryPolicy = {
  /** @default 1000 */
  baseDelayMs: number
  /** @default 300000 (5 min) */
  maxDelayMs: number
  /** Attempts before the message goes to the dead-letter state. @default 10 */
  maxAttempts: number
}

/** The generic JSON REST connector ("rest" profile, documented in the README). */
export type RestConnectorOptions = {
  kind: "rest"
  /** e.g. https://erp.example.com/api */
  baseUrl: string
  /** Sent on every request, e.g. { name: "Authorization", value: "Bearer ..." }. Never logged. */
  authHeader?: { name: string; value: string }
  /** Entity types this connector takes. @default ["order"] */
  entities?: string[]
  /** Per-call timeout. @default 10000 */
  timeoutMs?: number
  /** Short in-call retries (axios-retry) before the durable outbox retry takes over. @default 2 */
  httpRetries?: number
  /** Overrides of the profile's paths; `{external_id}` and `{sku}` are substituted. */
  paths?: Partial<RestPaths>
  retry?: Partial<RetryPolicy>
  /** The remote's limit, shared by every worker (through Redis when `redisUrl` is set). */
  rateLimit?: { requestsPerSecond?: number; burst?: number; maxInFlight?: number }
  /** When to stop calling a failing remote for a while. */
  breaker?: Partial<import("../utils/circuit-breaker").BreakerSettings>
}

export type RestPaths = {
  createOrder: string
  updateOrder: string
  findOrders: string
  inventory: string
  customers: string
  findCustomers: string
  invoices: string
  invoice: string
  invoicePdf: string
}

/** Tryton 6.0 (or later) over JSON-RPC; what it needs on the Tryton side is in the README. */
export type TrytonConnectorOptions = {
  kind: "tryton"
  /** The server, e.g. http://127.0.0.1:8000 (the database is a path segment) */
  url: string
  database: string
  /** A dedicated Tryton user; its groups are listed in the README. Password login, one session per process. */
  login: string
  password: string
  /** @default "en" */
  language?: string
  /** Invoice states the invoice API shows customers. @default ["posted", "paid"] */
  invoiceStates?: string[]
  /** Entity types this connector takes. @default ["order", "customer"] */
  entities?: string[]
  /** Per-call timeout. @default 10000 (confirming a sale takes ~200 ms, more under load) */
  timeoutMs?: number
  retry?: Partial<RetryPolicy>
  rateLimit?: { requestsPerSecond?: number; burst?: number; maxInFlight?: number }
  breaker?: Partial<import("../utils/circuit-breaker").BreakerSettings>
}

export type ConnectorOptions = RestConnectorOptions | TrytonConnectorOptions

/** Options of the plugin (passed to every module of the plugin by Medusa). */
export type SyncguardOptions = {
  /** Remote systems keyed by a name you choose ("erp", "crm", ...). */
  connectors?: Record<string, ConnectorOptions>
  /** Defaults for every connector's retry policy. */
  retry?: Partial<RetryPolicy>
  /** How long a claimed message stays leased to one worker. @default 60000 */
  leaseMs?: number
  /** Messages claimed per sweep. @default 50 */
  batchSize?: number
  /** Concurrent deliveries per worker process. @default 4 */
  concurrency?: number
  /** Deliver right after enqueueing, not only from the sweep. @default true */
  fastPath?: boolean
  /** The customer invoice API (`/store/invoices`). Off unless a connector is named. */
  invoices?: InvoiceApiOptions
  /** Where alerts go besides the logger (dead letters, scope violations). */
  alerts?: AlertOptions
  /** Shares rate limits across worker processes. Without it each process limits itself. */
  redisUrl?: string
  /** Request/response snapshots of each attempt. */
  snapshots?: {
    /** @default true */
    enabled?: boolean
    /** @default 72 */
    retentionHours?: number
    /** Body and header keys to redact besides the built-in list (authorization headers are always redacted). */
    redactKeys?: string[]
  }
  /** Metric sampling: every 60 s, every 10 s while more than `deepQueue` messages wait. @default 100 */
  metrics?: { deepQueue?: number }
}

export type InvoiceApiOptions = {
  /** The connector that serves invoices (and maps customers), e.g. "crm". */
  connector: string
  /** Also require the invoice's email to be the customer's. @default false */
  matchEmail?: boolean
  /** Fail closed (503) after this many violations within the window. @default { threshold: 5, windowMs: 600000 } */
  failClosed?: { threshold?: number; windowMs?: number }
  /** Upstream pages read per request at most; the list is filtered and paged on our side. @default 20 */
  maxUpstreamPages?: number
  /** Page size asked of the upstream. @default 100 */
  upstreamPageSize?: number
}

export type AlertOptions = {
  /** POSTed a JSON alert `{ kind, message, data, at }`. */
  webhookUrl?: string
  /** Sent through Medusa's Notification module, if set. */
  notification?: { channel: string; to: string; template: string }
}
