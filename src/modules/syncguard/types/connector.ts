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

export type DeliveryResult =
  | { outcome: "delivered"; remoteId: string | null; httpStatus: number | null }
  | {
      outcome: "retryable"
      errorClass: DeliveryErrorClass
      message: string
      httpStatus: number | null
      /** From the remote's Retry-After, when it sent one. */
      retryAfterMs?: number
    }
  | { outcome: "permanent"; errorClass: DeliveryErrorClass; message: string; httpStatus: number | null }

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
  /** Capabilities a connector may have; callers check before use. */
  invoices?: InvoiceSource
  customers?: CustomerDirectory
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
