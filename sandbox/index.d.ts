/** Types for the syncguard sandbox (sandbox/index.js). */

export interface DownWindow {
  /** ms since the sandbox started (or was last reset) */
  fromMs: number
  toMs: number
}

export interface SandboxFaults {
  /** answer every non-control request 503 { message: "down" } */
  down: boolean
  downWindows: DownWindow[]
  /** token bucket; burst defaults to rps */
  rateLimit: { rps: number; burst?: number } | null
  retryAfterFormat: "seconds" | "http-date"
  /** 0..1 share of requests answered 500/502/503 before anything happens */
  errorRate: number
  /** 0..1 share of requests accepted but never answered (socket destroyed after hangMs) */
  timeoutRate: number
  hangMs: number
  /** fixed delay, or uniform in [min, max] */
  latencyMs: number | [number, number]
  /** 0..1 share of successful POST/PUT that commit but get no response */
  lostAckRate: number
  /** external ids answered 422 "customer credit limit exceeded for <id>" */
  rejectExternalIds: string[]
  honourIdempotencyKey: boolean
  uniqueExternalId: boolean
  seed: number | undefined
}

export type SandboxOutcome =
  | "ok"
  | "rate_limited"
  | "error_5xx"
  | "timeout"
  | "lost_ack"
  | "down"
  | "replayed"
  | "client_error"

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

export interface SandboxInvoice {
  id?: string
  customer_id: string
  number?: string
  total?: number
  currency_code?: string
  issued_at?: string
  status?: string
  [field: string]: unknown
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
  seedInvoices(list: SandboxInvoice[]): void
  /** stops listening and destroys open sockets, including hung ones */
  close(): Promise<void>
}

export function createSandbox(options?: SandboxOptions): Promise<Sandbox>
