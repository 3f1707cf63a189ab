import type { SyncOperation } from "."
import type { RemoteInvoice } from "../utils/invoice-scope"

/** What a connector needs to send one outbox message. `entity` is the current state loaded with Query. */
export type DeliveryRequest = {
  operation: SyncOperation
  entityType: string
  entityId: string
  entity: Record<string, unknown>
  idempotencyKey: string
  correlationId: string
  /** W3C trace context for this attempt. */
  traceparent?: string
  /**
   * Called right before each request goes on the wire (after the rate limiter admitted it).
   * It re-checks and extends the worker's lease, and throws LeaseLostError when another
   * worker has taken the message over: then nothing may be sent.
   */
  beforeSend?: () => Promise<void>
}

/** The worker's claim on the message expired and another worker owns it now. */
export class LeaseLostError extends Error {
  constructor(messageId: string) {
    super(`lease on ${messageId} was lost before sending; another worker owns it`)
    this.name = "LeaseLostError"
    Object.setPrototypeOf(this, new.target.prototype)
  }
}

/** What went over the wire, for the attempt's snapshot. Redacted before it is stored. */
export type WireExchange = {
  request: { method: string; url: string; headers: Record<string, unknown>; body: unknown }
  response: { status: number; headers: Record<string, unknown>; body: unknown } | null
}

/** Error classes recorded on attempts; stable strings for dashboards and alerts. */
export type DeliveryErrorClass =
  | "network"
  | "timeout"
  | "rate_limited"
  | "server_error"
  | "client_error"
  | "auth"
  | "not_found"
  | "mapping"
  | "lost_ack"

export type DeliveryResult = (
  | { outcome: "delivered"; remoteId: string | null; httpStatus: number | null; verifiedOnly?: boolean }
  | {
      outcome: "retryable"
      errorClass: DeliveryErrorClass
      message: string
      httpStatus: number | null
      /** From the remote's Retry-After, when it sent one. */
      retryAfterMs?: number
    }
  /** The request may have been applied (timeout, dropped connection, 500): verify before resending. */
  | {
      outcome: "unknown"
      errorClass: DeliveryErrorClass
      message: string
      httpStatus: number | null
      /** Look it up no sooner than this: the remote may still be working on the request. */
      retryAfterMs?: number
    }
  | { outcome: "permanent"; errorClass: DeliveryErrorClass; message: string; httpStatus: number | null }
) & { exchange?: WireExchange }

/** The answer to "did an earlier, unanswered try arrive?" */
export type VerifyResult = { exists: true; remoteId: string | null } | { exists: false }

/**
 * One remote system. Only the connector knows the remote's wire format:
 * callers hand it Medusa state and get a classified result back.
 */
export interface Connector {
  readonly name: string
  readonly kind: string
  /** Whether this connector takes messages about this entity type. */
  takes(entityType: string): boolean
  deliver(request: DeliveryRequest): Promise<DeliveryResult>
  /**
   * Looks the entity up on the remote after an unknown outcome, before anything is sent
   * again. Operations that are idempotent by nature (a PUT of the full state) answer
   * `{ exists: false }` and are simply re-sent.
   */
  verify(request: DeliveryRequest): Promise<VerifyResult>
  /** Capabilities a connector may have; callers check before use. */
  invoices?: InvoiceSource
  customers?: CustomerDirectory
  stock?: StockSource
}

/** Stock on hand per SKU and warehouse, as the remote counts it (for reconciliation). */
export type StockLevel = { sku: string; location: string; quantity: number; forecastQuantity: number | null }

export interface StockSource {
  stockLevels(skus: string[]): Promise<StockLevel[]>
}

export type InvoicePage = { invoices: RemoteInvoice[]; nextCursor: string | null }

/** Reads invoices. Never trusted: callers enforce the customer's scope on what comes back. */
export interface InvoiceSource {
  listInvoices(query: { remoteCustomerId: string; status?: string; cursor?: string | null; limit: number }): Promise<InvoicePage>
  getInvoice(id: string): Promise<RemoteInvoice | null>
  getInvoicePdf(id: string): Promise<{ contentType: string; body: Buffer } | null>
  /** How a list call is described in violation records: the call, never the data. */
  describeListQuery(query: { remoteCustomerId: string; status?: string }): string
}

export interface CustomerDirectory {
  /** The remote id of the customer whose external reference is this Medusa customer id. */
  findRemoteCustomerId(externalId: string): Promise<string | null>
}

/** The remote answered in a way we cannot use (5xx, bad shape, unreachable). */
export class UpstreamError extends Error {
  constructor(
    readonly connector: string,
    message: string,
    readonly status: number | null = null
  ) {
    super(message)
    this.name = "UpstreamError"
    Object.setPrototypeOf(this, new.target.prototype)
  }
}
