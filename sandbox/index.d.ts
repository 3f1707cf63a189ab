/** Types for the syncguard sandbox (sandbox/index.js). */

export interface DownWindow {
  /** ms since the sandbox started (or was last reset) */
  fromMs: number
  toMs: number
}

/**
 * How `GET /invoices` misreads `customer_id` (see README.md, "Invoice drift").
 * - "none": exact match
 * - "ignore_filter": customer_id is ignored (and may be omitted): everyone's invoices
 * - "prefix": matches as a prefix, so cus_1 also matches cus_10, cus_11, …
 * - "mix": the right invoices plus other customers' ones at random positions, about `invoiceMixRate` per item
 * - "inconsistent_pages": next_cursor jumps back (repeats) or forward (skips); up to 3 surplus pages after the end
 * - "case_insensitive": CUS_1 matches cus_1
 * - "missing_filter_field": the right invoices, but without their customer_id field
 */
export type SandboxInvoiceDrift =
  "none" | "ignore_filter" | "prefix" | "mix" | "inconsistent_pages" | "case_insensitive" | "missing_filter_field"

/** "wrong_invoice": `GET /invoices/:id` answers some other invoice (different id) */
export type SandboxInvoiceByIdDrift = "none" | "wrong_invoice"

export interface SandboxFaults {
  /** answer every non-control request 503 { message: "down" } */
  down: boolean
  downWindows: DownWindow[]
  /**
   * token bucket; burst defaults to rps.
   * - `headers` (default "none"): rate-limit headers on every answer that reached the limiter.
   *   "x-ratelimit": `X-RateLimit-Limit` = rps (requests per 1-second window, as bol.com states
   *   its limits), `X-RateLimit-Remaining` = whole tokens left, `X-RateLimit-Reset` = seconds until
   *   the next whole token (at least 1). "ietf": `RateLimit-Policy: <rps>;w=1` and
   *   `RateLimit: limit=<rps>, remaining=<tokens>, reset=<seconds>`.
   * - `retryAfter` (default true): false answers 429 without Retry-After.
   */
  rateLimit: { rps: number; burst?: number; headers?: "none" | "x-ratelimit" | "ietf"; retryAfter?: boolean } | null
  retryAfterFormat: "seconds" | "http-date"
  /** 0..1 share of requests answered 500/502/503 before anything happens */
  errorRate: number
  /** 0..1 share of requests accepted but never answered (socket destroyed after hangMs) */
  timeoutRate: number
  hangMs: number
  /**
   * 0..1 share of POST/PUT the remote checks at once, then works on for lateCommitMs (whether or
   * not the client is still there) and inserts without checking again: a commit after the
   * client's timeout, and a resend inside the stall passes the same checks.
   */
  lateCommitRate: number
  lateCommitMs: number
  /** fixed delay, or uniform in [min, max] */
  latencyMs: number | [number, number]
  /** 0..1 share of successful POST/PUT that commit but get no response */
  lostAckRate: number
  /** external ids answered 422 "customer credit limit exceeded for <id>" */
  rejectExternalIds: string[]
  honourIdempotencyKey: boolean
  uniqueExternalId: boolean
  /** `GET /invoices` filter drift; default "none" */
  invoiceDrift: SandboxInvoiceDrift
  /** 0..1, used by invoiceDrift "mix": chance per returned item of one foreign invoice slipped in; default 0.2 */
  invoiceMixRate: number
  /** `GET /invoices/:id` drift; default "none" */
  invoiceByIdDrift: SandboxInvoiceByIdDrift
  seed: number | undefined
}

export type SandboxOutcome =
  "ok" | "rate_limited" | "error_5xx" | "timeout" | "late_commit" | "lost_ack" | "down" | "replayed" | "client_error"

export interface SandboxRequestLogEntry {
  method: string
  /** pathname without query string */
  path: string
  /** route template, e.g. "PUT /orders/external/:external_id", or "UNMATCHED" */
  route: string
  /** status decided by the sandbox; null for "timeout" (nothing decided). For "lost_ack" it is the committed status that was never sent. */
  status: number | null
  idempotencyKey: string | null
  /** X-Correlation-Id (or X-Request-Id) header */
  correlationId: string | null
  traceparent: string | null
  /** arrival time, ms epoch */
  at: number
  outcome: SandboxOutcome
}

export interface SandboxStats {
  requests: number
  /** number of 429 answers */
  rateLimited: number
  /** responses actually written, by status code */
  byStatus: Record<string, number>
  byOutcome: Record<SandboxOutcome, number>
  /** by route template, e.g. "POST /orders" */
  byRoute: Record<string, number>
  orders: { total: number; uniqueExternalIds: number; duplicates: number; creates: number }
  inFlight: number
  maxInFlight: number
  /** ms epoch */
  startedAt: number
  firstRequestAt: number | null
  lastRequestAt: number | null
  /** `GET /invoices` calls answered 200 with a page */
  invoiceListCalls: number
  /** invoices in those pages, foreign ones included */
  invoicesReturned: number
  /** returned invoices whose customer_id differs from the requested one (or is missing) */
  foreignInvoicesReturned: number
}

export interface SandboxOrder {
  id: string
  external_id: string
  created_at: string
  updated_at: string
  /** the client's created_at, when it sent one */
  source_created_at?: unknown
  [field: string]: unknown
}

/** A stored invoice. Fields other than id and customer_id are whatever was seeded. */
export interface SandboxInvoice {
  id: string
  customer_id: string
  number?: string
  total?: number
  currency_code?: string
  /** ISO 8601; lists sort by it descending, missing or unparsable ones last */
  issued_at?: string
  status?: "open" | "paid" | "void" | (string & {})
  email?: string
  [field: string]: unknown
}

/** What `seedInvoices` / `POST /__invoices` take: without an id one is generated (`inv_<n>`). */
export type SandboxInvoiceInput = Omit<SandboxInvoice, "id"> & { id?: string }

/** `GET /invoices` answer; next_cursor is opaque */
export interface SandboxInvoicePage {
  data: SandboxInvoice[]
  next_cursor: string | null
}

export interface SandboxOptions {
  /** default 0 (ephemeral) */
  port?: number
  /** default "127.0.0.1" */
  host?: string
  faults?: Partial<SandboxFaults>
  /** when set, non-control routes require Authorization: Bearer <token> */
  authToken?: string
  /** request log keeps at most about this many entries (default 200000) */
  requestLogLimit?: number
}

export interface Sandbox {
  /** e.g. "http://127.0.0.1:54321" */
  url: string
  port: number
  /** merge into the current faults; throws TypeError on invalid values */
  setFaults(partial: Partial<SandboxFaults>): SandboxFaults
  resetFaults(): SandboxFaults
  faults(): SandboxFaults
  /** clear data, stats, idempotency store and request log (faults kept) */
  reset(): void
  stats(): SandboxStats
  /** every stored order, duplicates included, in creation order */
  orders(): SandboxOrder[]
  requests(): SandboxRequestLogEntry[]
  /**
   * Add invoices; an existing id is replaced in place. customer_id must be a
   * non-empty string and id, when given, too: otherwise TypeError and nothing is added.
   */
  seedInvoices(list: SandboxInvoiceInput[]): void
  /** every stored invoice, undrifted, in insertion order (copies) */
  invoices(): SandboxInvoice[]
  /** stops listening and destroys open sockets, including hung ones */
  close(): Promise<void>
}

export function createSandbox(options?: SandboxOptions): Promise<Sandbox>

export type RpcFaultRule = {
  /** a JSON-RPC method, e.g. "model.sale.sale.confirm", or a pattern */
  method: string | RegExp
  /**
   * lost_ack: forward, then drop the connection; refuse: 503 unforwarded; unauthorized: 401;
   * rate_limit: 429; delay: forward after `ms`; hold: keep the call until `release()`
   */
  action: "lost_ack" | "refuse" | "unauthorized" | "rate_limit" | "delay" | "hold"
  /** @default 1 */
  times?: number
  /** delay: forward after this long. @default 1000 */
  ms?: number
}

export interface RpcFaultProxy {
  url: string
  setRules(rules: RpcFaultRule[]): void
  calls(): Record<string, number>
  firstCallAt(): number | null
  resetCounts(): void
  fired(): Array<{ method: string; action: string }>
  /** methods of the calls a `hold` rule keeps right now, oldest first */
  held(): string[]
  /** resolves once `count` calls are held (default 1); rejects after `timeoutMs` (default 10 s) */
  waitForHeld(count?: number, timeoutMs?: number): Promise<void>
  /** forwards every held call, in order; resolves with their number once the server has answered them all */
  release(): Promise<number>
  /** stops listening; calls still held are dropped, never forwarded */
  close(): Promise<void>
}

/** A fault-injecting proxy in front of a real JSON-RPC server (Tryton). */
export function createRpcFaultProxy(options: {
  target: string
  port?: number
  rules?: RpcFaultRule[]
}): Promise<RpcFaultProxy>
