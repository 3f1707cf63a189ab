import type { SyncOperation } from "../entities"
import type { RemoteInvoice } from "../policies/invoice-scope"

/**
 * The connector contract, by capability. A connector is a name and a kind plus the capabilities
 * it has; callers check for a capability before using it, and nothing outside a connector knows
 * its remote's wire format. Capabilities:
 *   outbound   deliver outbox messages and verify unknown outcomes (OutboundSink)
 *   lookups    find remote records by our reference, in batches, or changed since a cursor (RemoteLookup)
 *   inbound    authenticate and parse what the remote pushes (InboundSource)
 *   invoices   read a customer's invoices (InvoiceSource)
 *   customers  map a Medusa customer to the remote's (CustomerDirectory)
 *   stock      read stock levels (StockSource)
 *   marketplaceOrders  read a marketplace's orders and confirm cancellations (MarketplaceOrderSource)
 * Every connector reports the deprecation and sunset headers its remote sends (ApiNoticeSink).
 */

export type { SyncOperation }

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
  | "gateway_timeout"

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
      /**
       * The remote may still be working on it (a timeout, a gateway's 504, a connection cut
       * mid-request): a lookup that finds nothing counts only after the connector's settle window.
       */
      mayStillCommit?: boolean
    }
  | { outcome: "permanent"; errorClass: DeliveryErrorClass; message: string; httpStatus: number | null }
) & { exchange?: WireExchange }

/**
 * The answer to "did an earlier, unanswered try arrive?" `superseded`: it did, but it carried a
 * state older than the entity's now (a state write during a sale): send the newest one at once.
 */
export type VerifyResult = { exists: true; remoteId: string | null; superseded?: boolean } | { exists: false }

/** Sends outbox messages to the remote. */
export interface OutboundSink {
  /** Whether this connector takes messages about this entity type. */
  takes(entityType: string): boolean
  deliver(request: DeliveryRequest): Promise<DeliveryResult>
  /**
   * Looks the entity up on the remote after an unknown outcome, before anything is sent
   * again. Operations that are idempotent by nature (a PUT of the full state) answer
   * `{ exists: false }` and are simply re-sent.
   */
  verify(request: DeliveryRequest): Promise<VerifyResult>
}

/** A record on the remote as reconciliation compares it; `reference` is our entity id. */
export type RemoteRecord = {
  remoteId: string
  reference: string
  updatedAt: string | null
  /** the fields the remote reports, in the connector's neutral terms (status, total, item_count, ...) */
  fields: Record<string, unknown>
}

export type RemotePage = { records: RemoteRecord[]; nextCursor: string | null }

/** Finds what the remote holds, for verification and reconciliation. */
export interface RemoteLookup {
  /** the entity types findByReference answers for */
  readonly entityTypes: readonly string[]
  /** Every remote record per reference (more than one is a duplicate the remote let in). */
  findByReference(entityType: string, references: string[]): Promise<Map<string, RemoteRecord[]>>
  /** the entity types changedSince lists (a change feed); none: findByReference only */
  readonly feedTypes?: readonly string[]
  /** Records changed since `since`, a page at a time (the remote's cursor). */
  changedSince?(entityType: string, since: Date, cursor: string | null, limit: number): Promise<RemotePage>
}

/** A change the remote pushed, after its signature was checked. */
export type PushedEvent = {
  id: string
  type: string
  occurredAt: string | null
  data: Record<string, unknown>
  /** the sender's order of this change (a sequence, or a change time in ms), when it gives one */
  version?: number | null
}

/** Authenticates and parses what the remote pushes to /hooks/syncguard/:connector. */
export interface InboundSource {
  /**
   * "inbound-events": the syncguard inbound profile (changes applied in Medusa, deduped by id);
   * "marketplace-notifications": a marketplace's thin pushes that only make its poll early.
   */
  readonly profile: "inbound-events" | "marketplace-notifications"
  /** Throws when the signature, timestamp or sender is wrong; the raw body is what was signed. */
  verifySignature(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<void>
  /** The events in a verified body; throws a message naming what is wrong for a body it cannot read. */
  parse(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): PushedEvent[]
}

/** One remote system: a name, a kind, and the capabilities it has. */
export interface Connector {
  readonly name: string
  readonly kind: string
  readonly outbound?: OutboundSink
  readonly lookups?: RemoteLookup
  readonly inbound?: InboundSource
  readonly invoices?: InvoiceSource
  readonly customers?: CustomerDirectory
  readonly stock?: StockSource
  readonly marketplaceOrders?: MarketplaceOrderSource
}

/**
 * The stock a marketplace is to show for one variant, computed when the message is sent (a
 * stock message carries no quantity: it stands for "publish the current state").
 */
export type StockState = {
  variant_id: string
  sku: string | null
  barcode: string | null
  /** stocked − reserved over the locations this connector sells from */
  available: number
  /** of the units reserved in Medusa, those held for this marketplace's own open orders */
  held: number
  /** units held back (stock buffer) */
  buffer: number
  /** what to send: max(0, available (+ held, under the "open-orders" rule) − buffer) */
  amount: number
  /** the amount the marketplace last acknowledged (null: never published) */
  published: number | null
  /**
   * the amount the previous attempt of this message carried, before this load (null: none). An
   * attempt whose answer was lost is verified against this, not against the newer `amount`.
   */
  attempted: number | null
}

/** A marketplace order as syncguard needs it, in neutral terms (prices in major units, incl. VAT). */
export type MarketplaceOrderLine = {
  remoteLineId: string
  /** the offer's reference (our SKU) and the product's EAN: what matches the line to a variant */
  reference: string | null
  ean: string | null
  title: string | null
  quantity: number
  quantityCancelled: number
  unitPrice: number
  cancellationRequested: boolean
  /** the marketplace ships it from its own warehouse (bol FBB): not our stock */
  fulfilledByMarketplace: boolean
}

export type MarketplaceAddress = {
  first_name: string | null
  last_name: string | null
  company: string | null
  address_1: string | null
  address_2: string | null
  city: string | null
  postal_code: string | null
  country_code: string | null
  phone: string | null
}

export type MarketplaceOrder = {
  remoteId: string
  placedAt: string | null
  email: string | null
  shippingAddress: MarketplaceAddress | null
  billingAddress: MarketplaceAddress | null
  lines: MarketplaceOrderLine[]
}

/** One entry of the marketplace's order feed. */
export type MarketplaceOrderChange = {
  remoteId: string
  /** when the buyer placed it: the feed is taken oldest first, the order the marketplace sold in */
  placedAt: string | null
  /** the newest change of any of its lines */
  changedAt: string | null
  /** lines whose buyer asked to cancel and that are not cancelled yet */
  cancellationRequestedLines: string[]
}

export type CancellationReason = "REQUESTED_BY_CUSTOMER" | "OUT_OF_STOCK"

/** Reads a marketplace's orders (the feed is polled; pushes only make it early) and answers cancellations. */
export interface MarketplaceOrderSource {
  /** orders with a line changed within the last `minutes` (every page) */
  changedOrders(minutes: number): Promise<MarketplaceOrderChange[]>
  getOrder(remoteId: string): Promise<MarketplaceOrder | null>
  /** cancels lines on the marketplace; resolves once the marketplace confirmed it */
  cancelLines(remoteId: string, lineIds: string[], reason: CancellationReason): Promise<void>
  /**
   * asks the marketplace to cancel lines and resolves once it accepted the request; `confirm`
   * follows it to the marketplace's confirmation, so the caller need not wait for that meanwhile
   */
  requestCancellation(remoteId: string, lineIds: string[], reason: CancellationReason): Promise<PendingCancellation>
}

/** A cancellation the marketplace accepted: `confirm` resolves once it is done, throws when it failed. */
export type PendingCancellation = { confirm(): Promise<void> }

/** A deprecation or sunset a remote announced in its response headers (RFC 9745, RFC 8594). */
export type ApiNotice = {
  connector: string
  /** method and path template, e.g. "PUT /retailer/offers/{offer-id}/stock" */
  endpoint: string
  mediaType: string | null
  deprecation: string | null
  sunset: string | null
  link: string | null
}

export type ApiNoticeSink = (notice: ApiNotice) => void

/** Stock on hand per SKU and warehouse, as the remote counts it (for reconciliation). */
export type StockLevel = { sku: string; location: string; quantity: number; forecastQuantity: number | null }

export interface StockSource {
  stockLevels(skus: string[]): Promise<StockLevel[]>
}

export type InvoicePage = { invoices: RemoteInvoice[]; nextCursor: string | null }

/** Reads invoices. Never trusted: callers enforce the customer's scope on what comes back. */
export interface InvoiceSource {
  listInvoices(query: {
    remoteCustomerId: string
    status?: string
    cursor?: string | null
    limit: number
  }): Promise<InvoicePage>
  getInvoice(id: string): Promise<RemoteInvoice | null>
  getInvoicePdf(id: string): Promise<{ contentType: string; body: Buffer } | null>
  /** How a list call is described in violation records: the call, never the data. */
  describeListQuery(query: { remoteCustomerId: string; status?: string }): string
}

export interface CustomerDirectory {
  /** The remote id of the customer whose external reference is this Medusa customer id. */
  findRemoteCustomerId(externalId: string): Promise<string | null>
}

export { LeaseLostError, UpstreamError } from "../errors"
