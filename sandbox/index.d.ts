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
  /** `GET /orders?updated_since=`: each next_cursor lands this many orders before the page's end, so pages repeat them; default 0 */
  orderFeedOverlap: number
  /** `GET /orders?updated_since=`: these external ids are edited (once each) right after a page served them, so the walk meets them again; default [] */
  orderFeedEdits: string[]
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

/** What `seedOrders` / `POST /__orders` take; id, created_at and updated_at are the server's. */
export interface SandboxOrderInput {
  external_id: string
  status?: string
  totals?: { total?: number; [field: string]: unknown }
  items?: unknown[]
  /** kept as `source_created_at` */
  created_at?: unknown
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
  /**
   * Bulk-add orders as the remote's own data: each keeps its fields (external_id, status, totals,
   * items, …) and gets `ord_<n>`, created_at and updated_at, as `POST /orders` would give it, so
   * `GET /orders?updated_since=` pages it. An external_id may repeat (a planted duplicate) whatever
   * `uniqueExternalId` says. Docs are copied shallowly, not counted in `stats().orders.creates`.
   * TypeError, and nothing added, when an entry is not an object with a non-empty string external_id.
   * @returns how many orders are stored now, duplicates included
   */
  seedOrders(list: SandboxOrderInput[]): number
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

// ---------------------------------------------------------------- bol.com marketplace (sandbox/bol)

/**
 * Rate-limit groups of the bol simulator (defaults from bol's published limits):
 * - "token": POST /token (10 / 1 s; bol publishes no number)
 * - "offers-list": GET /retailer/offers (25 / 1 s)
 * - "offers-get": GET /retailer/offers/{id} (25 / 1 s)
 * - "offers-write": PATCH /retailer/offers/{id} and PUT /retailer/offers/{id}/stock (50 / 1 s)
 * - "orders-list": GET /retailer/orders (25 / 60 s)
 * - "orders-get": GET /retailer/orders/{id} (25 / 1 s)
 * - "orders-cancellation": PUT /retailer/orders/cancellation (25 / 1 s)
 * - "process-status": GET /shared/process-status/{id} and GET /shared/process-status (50 / 1 s)
 * - "process-status-bulk": POST /shared/process-status (2 / 1 s)
 * - "signature-keys": GET /retailer/subscriptions/signature-keys (10 / 3600 s)
 */
export type BolRateLimitGroup =
  | "token"
  | "offers-list"
  | "offers-get"
  | "offers-write"
  | "orders-list"
  | "orders-get"
  | "orders-cancellation"
  | "process-status"
  | "process-status-bulk"
  | "signature-keys"

/** a fixed window of `windowSec` seconds allowing `max` requests */
export interface BolRateLimit {
  max: number
  windowSec: number
}

export interface BolOfferInput {
  /** default: a random (seeded) UUID */
  offerId?: string
  ean: string
  /** at most 100 characters */
  reference: string
  /** stock amount, default 0 */
  stock?: number
  /** default false */
  managedByRetailer?: boolean
  /** default false */
  onHoldByRetailer?: boolean
  /** EUR incl. VAT, default 19.99 */
  price?: number
  /** product title on orders, default "Product <ean>" */
  title?: string
}

export interface BolProcessStatusOptions {
  /** how long a v10 write stays PENDING; fixed or uniform in [min, max]. Default 300 */
  pendingMs: number | [number, number]
  /** 0..1 share ending FAILURE (not applied). Default 0 */
  failureRate: number
  /** 0..1 share ending TIMEOUT (not applied). Default 0 */
  timeoutRate: number
  /** 0..1 share that stays PENDING for good. Default 0. The three rates sum to at most 1 */
  neverFinishRate: number
  /**
   * 0..1 share of the statuses that do finish that stay PENDING for `stuckMs` instead of
   * `pendingMs`, then end as drawn (a SUCCESS takes effect then; a stock update does not
   * overwrite a newer one that took effect meanwhile). Default 0
   */
  stuckRate: number
  /** fixed or uniform in [min, max]. Default 60000 */
  stuckMs: number | [number, number]
  /** ended statuses answer 404 this long after they ended. Default 48 h */
  retentionMs: number
}

export interface BolBuyersOptions {
  /** Poisson rate of orders per offer per second; 0 (default) = no buyers */
  ratePerOfferPerSec: number
  /** units per buyer order (never more than the displayed stock). Default 1 */
  unitsPerOrder: number
  /** 0..1 share of buyer orders whose customer later asks to cancel. Default 0 */
  cancellationRequestRate: number
  /** when that request comes, ms after the order. Default 200 */
  cancellationDelayMs: number
  /** buyer timer period. Default 20 */
  tickMs: number
  /** buyers that each look every `lookMs` and buy one offer for sale picked at random. Default 0 */
  shoppers: number
  /** between a shopper's looks: fixed, or uniform in [min, max] drawn per look. Default [200, 500] */
  lookMs: number | [number, number]
}

/** ms since start (or the last reset) */
export interface BolStormWindow {
  fromMs: number
  toMs: number
}

export interface BolFaults {
  /** 0..1 share of API requests (not /token) answered 500 (nginx HTML), 502 or 503 (HTML or Problem) */
  errorRate: number
  /** 0..1 share of successful writes (PATCH offer, PUT stock, PUT cancellation) committed, then the socket destroyed */
  lostAckRate: number
  /** fixed delay, or uniform in [min, max] */
  latencyMs: number | [number, number]
  /** while inside a window every rate-limited request (POST /token included) gets 429 */
  storm: BolStormWindow[]
  /** false: 429s come without Retry-After. Default true */
  retryAfter: boolean
}

export interface BolMarketplaceOptions {
  /** default 0 (ephemeral) */
  port?: number
  /** default "127.0.0.1" */
  host?: string
  /** seeds every random decision (ids, tokens, faults, process outcomes, buyers); default random */
  seed?: number
  /** default "client" */
  clientId?: string
  /** default "secret" */
  clientSecret?: string
  /** token lifetime; `expires_in` reports it as given. Default 299 */
  tokenTtlSec?: number
  /** in push payloads. Default 1234567 */
  retailerId?: number
  offers?: BolOfferInput[]
  /** per group; null switches a group's limit off */
  rateLimits?: Partial<Record<BolRateLimitGroup, BolRateLimit | null>>
  processStatus?: Partial<BolProcessStatusOptions>
  buyers?: Partial<BolBuyersOptions>
  /** where signed push notifications go; default none */
  pushUrl?: string | null
  /**
   * headers on the v10 offer routes. sunset default: midnight UTC 60 days from start;
   * deprecatedAt default "2026-04-20T00:00:00Z". false: no headers
   */
  deprecation?: { sunset?: string; deprecatedAt?: string } | false
  faults?: Partial<Omit<BolFaults, "storm">> & { storm?: BolStormWindow | BolStormWindow[] }
  /** request log keeps at most about this many entries (default 200000) */
  requestLogLimit?: number
}

/** What `GET /retailer/subscriptions/signature-keys` lists */
export interface BolPublicKey {
  id: string
  type: "RSA"
  /** base64 of the DER SubjectPublicKeyInfo */
  publicKey: string
}

export interface BolStockHistoryEntry {
  amount: number
  managedByRetailer: boolean
  /** what bol displayed right after the update took effect */
  correctedStock: number
  /** ms epoch when it took effect */
  at: number
  /** ms epoch when bol received it: a v10 PUT's time (before `at`), else `at` */
  requestedAt: number
  via: "initial" | "v11" | "v10" | "control"
}

export interface BolOfferState {
  offerId: string
  ean: string
  reference: string
  title: string
  price: number
  amount: number
  managedByRetailer: boolean
  onHoldByRetailer: boolean
  /** bol's correctedStock: what buyers can order */
  displayedStock: number
  /** units in open (unshipped, uncancelled) items */
  openUnits: number
  /** units ordered (and not cancelled) since the last stock update */
  unitsSinceUpdate: number
  /** ms epoch */
  lastModifiedAt: number
  history: BolStockHistoryEntry[]
}

export interface BolAddress {
  salutation: "MALE" | "FEMALE" | "UNKNOWN"
  firstName: string
  surname: string
  streetName: string
  houseNumber: string
  zipCode: string
  city: string
  countryCode: string
  email: string
  language?: string
}

/**
 * bol's v10 Order; `orders()` / `placeOrder()` add `placedAt` and, per item, its
 * fulfilmentStatus, the retailer's cancellations and when it was handled
 */
export interface BolOrder {
  orderId: string
  /** ms epoch */
  placedAt: number
  pickupPoint: boolean
  orderPlacedDateTime: string
  shipmentDetails: BolAddress
  billingDetails: BolAddress
  orderItems: Array<{
    orderItemId: string
    cancellationRequest: boolean
    fulfilment: {
      method: "FBR"
      distributionParty: "RETAILER"
      latestDeliveryDate: string
      expiryDate: string
      timeFrameType: "REGULAR"
    }
    offer: { offerId: string; reference: string }
    product: { ean: string; title: string }
    quantity: number
    quantityShipped: number
    quantityCancelled: number
    unitPrice: number
    totalPrice: number
    discounts: Array<{ title: string; amount: number }>
    commission: number
    additionalServices: unknown[]
    latestChangedDateTime: string
    fulfilmentStatus: "OPEN" | "HANDLED"
    /** every cancellation the retailer asked for (valid PUTs), when it was queued (ms epoch) */
    retailerCancellations: Array<{ reasonCode: string; at: number }>
    /** the reasonCode of the retailer cancellation that took effect, if one did */
    cancellationReason: string | null
    /** ms epoch when the item was shipped or cancelled in full */
    handledAt: number | null
  }>
}

export interface BolSale {
  orderId: string
  orderItemId: string
  offerId: string
  reference: string
  ean: string
  quantity: number
  /** ms epoch */
  at: number
  via: "buyer" | "placeOrder"
}

export interface BolProcessStatus {
  processStatusId: string
  entityId: string
  eventType: string
  description: string
  status: "PENDING" | "SUCCESS" | "FAILURE" | "TIMEOUT"
  errorMessage?: string
  createTimestamp: string
  links: Array<{ rel: "self"; href: string; method: "GET" }>
}

export interface BolPush {
  index: number
  type: "ORDER_CREATED" | "ORDER_ITEM_CANCELLATION_REQUEST"
  /** the orderId */
  resourceId: string
  url: string
  /** the exact raw body sent */
  body: string
  /** the whole Signature header value */
  signature: string
  keyId: string
  /** ms epoch */
  at: number
  attempts: number
  /** last HTTP status received; null when none came */
  status: number | null
  error: string | null
  /** all attempts ended */
  done: boolean
  /** index of the push this one replays */
  replayOf: number | null
}

export type BolOutcome = "ok" | "client_error" | "unauthorized" | "rate_limited" | "error_5xx" | "lost_ack"

export interface BolRequestLogEntry {
  method: string
  path: string
  /** e.g. "PATCH /retailer/offers/:id", or "UNMATCHED" */
  route: string
  group: BolRateLimitGroup | null
  /** for a lost ack, the committed status that was never sent */
  status: number
  outcome: BolOutcome
  /** ms epoch */
  at: number
}

export interface BolStats {
  requests: number
  /** e.g. { "PATCH /retailer/offers/:id": 3 } */
  byRoute: Record<string, number>
  /** answers actually sent */
  byStatus: Record<string, number>
  rateLimited: number
  rateLimitedByGroup: Partial<Record<BolRateLimitGroup, number>>
  unauthorized: number
  tokensIssued: number
  /** PATCHes with a stock field answered 204 plus stock PUTs answered 202 (lost acks included) */
  stockWrites: number
  /** requests to the /shared/process-status routes that reached their handler */
  processStatusPolls: number
  lostAcks: number
  /** injected 5xx */
  errors5xx: number
  sales: { orders: number; units: number }
  /** ms epoch of start or the last reset */
  startedAt: number
}

export interface BolMarketplace {
  /** e.g. "http://127.0.0.1:54321" */
  url: string
  port: number
  /** stops buyers, timers and pushes, destroys open sockets */
  close(): Promise<void>
  /**
   * back to the initial offers (same ids) with no orders, sales, statuses, pushes, stats;
   * rate-limit windows refilled and the storm clock restarted. Tokens, keys, faults and settings stay
   */
  reset(): void
  /** merge; throws TypeError on invalid values */
  setFaults(partial: BolMarketplaceOptions["faults"]): BolFaults
  faults(): BolFaults
  /** merge; affects writes queued from now on */
  setProcessStatus(partial: Partial<BolProcessStatusOptions>): BolProcessStatusOptions
  /** merge; starts or stops the buyer timer */
  setBuyers(partial: Partial<BolBuyersOptions>): BolBuyersOptions
  stats(): BolStats
  offers(): BolOfferState[]
  /** validates the whole list first (TypeError, nothing added) */
  addOffers(list: BolOfferInput[]): BolOfferState[]
  /** a stock given here counts as a stock update (history via "control") */
  setOffer(
    offerId: string,
    patch: Partial<
      Pick<BolOfferInput, "stock" | "managedByRetailer" | "onHoldByRetailer" | "reference" | "price" | "title">
    >
  ): BolOfferState
  sales(): BolSale[]
  orders(): BolOrder[]
  /**
   * a customer order of one item; sends ORDER_CREATED. Throws when the displayed stock is short
   * unless force is true
   */
  placeOrder(req: { offerId?: string; reference?: string; quantity?: number; force?: boolean }): BolOrder
  /** the customer asks to cancel every open item; sends ORDER_ITEM_CANCELLATION_REQUEST per item */
  requestCancellation(orderId: string): BolOrder
  /** ships every open unit (the simulator has no shipments API) */
  shipOrder(orderId: string): BolOrder
  /** every token issued so far is expired from now on */
  expireTokens(): void
  /** adds key id "1", "2", …; it signs from then on, older keys stay published */
  rotateSignatureKey(): BolPublicKey
  /** the Signature header value for `raw`, signed with the current key */
  signPayload(raw: string): string
  publicKeys(): BolPublicKey[]
  pushes(): BolPush[]
  /** resend push `i` byte for byte (to `url`, or where it first went); resolves once it ends */
  replayPush(i: number, url?: string): Promise<BolPush>
  setPushUrl(url: string | null): void
  /** resolves once every delivery under way, retries included, has ended */
  flushPushes(): Promise<void>
  /** every status still held, oldest first */
  processStatuses(): BolProcessStatus[]
  requests(): BolRequestLogEntry[]
}

/** Start a bol.com-shaped marketplace and resolve once it is listening. Throws TypeError on bad options. */
export function createBolMarketplace(options?: BolMarketplaceOptions): Promise<BolMarketplace>
