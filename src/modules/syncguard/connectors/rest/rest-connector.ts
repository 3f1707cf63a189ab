import type { InboundSource } from "../contract"
import { StandardWebhookSource } from "../webhooks/standard-webhooks"
import type { AxiosInstance, AxiosResponse } from "axios"
import { isAxiosError } from "axios"
import type { Logger } from "@medusajs/framework/types"
import type {
  ApiNoticeSink,
  Connector,
  CustomerDirectory,
  DeliveryRequest,
  DeliveryResult,
  InvoicePage,
  InvoiceSource,
  OutboundSink,
  RemoteLookup,
  RemotePage,
  RemoteRecord,
  VerifyResult,
  StockSource,
} from "../contract"
import type { Throttle } from "../throttle"
import { SendNotAttemptedError, UpstreamError } from "../../errors"
import type { RemoteInvoice } from "../../policies/invoice-scope"
import type { RestConnectorConfig } from "../../config/options"
import { classifyHttpFailure, remoteMessage } from "../http/classify"
import { exchangeOf } from "../http/exchange"
import { recordApiNotices } from "../http/record-notices"
import { parseRetryAfter } from "../http/retry-after"
import { createHttpClient } from "./http-client"
import { toRemoteCustomerRecord, toRestCustomerDocument } from "./map-customer"
import { fromRestInvoice } from "./map-invoice"
import { toRemoteOrderRecord, toRestOrderDocument } from "./map-order"
import { DEFAULT_REST_PATHS, fillPath, RestPaths } from "./profile"

/** A generic JSON REST remote following the documented profile, paths configurable. */
export class RestConnector implements Connector, OutboundSink {
  readonly kind = "rest"
  readonly outbound: OutboundSink = this
  /** pushes signed per Standard Webhooks, when secrets are configured */
  readonly inbound?: InboundSource
  readonly paths: RestPaths
  private readonly http: AxiosInstance
  private readonly entities: Set<string>

  constructor(
    readonly name: string,
    options: RestConnectorConfig,
    private readonly logger?: Logger,
    throttle?: Throttle,
    notices?: ApiNoticeSink
  ) {
    this.inbound = options.webhooks ? new StandardWebhookSource(options.webhooks.secrets) : undefined
    this.paths = { ...DEFAULT_REST_PATHS, ...options.paths }
    this.entities = new Set(options.entities)
    const headers: Record<string, string> = {}
    if (options.authHeader) {
      headers[options.authHeader.name] = options.authHeader.value
    }
    this.http = createHttpClient({
      baseURL: options.baseUrl,
      timeoutMs: options.timeoutMs,
      retries: options.httpRetries,
      headers,
      throttle,
    })
    recordApiNotices(this.http, name, notices)
  }

  takes(entityType: string): boolean {
    return this.entities.has(entityType)
  }

  async deliver(request: DeliveryRequest): Promise<DeliveryResult> {
    if (request.operation === "customer.upsert") {
      return this.upsertCustomer(request)
    }
    let document: ReturnType<typeof toRestOrderDocument>
    try {
      document = toRestOrderDocument(request.entity)
    } catch (e) {
      return { outcome: "permanent", errorClass: "mapping", message: (e as Error).message, httpStatus: null }
    }
    switch (request.operation) {
      case "order.create":
        return this.createOrder(document, request)
      case "order.update":
      case "order.cancel":
        return this.updateOrder(document, request)
      default:
        return {
          outcome: "permanent",
          errorClass: "mapping",
          message: `The rest connector has no mapping for ${request.operation}`,
          httpStatus: null,
        }
    }
  }

  async verify(request: DeliveryRequest): Promise<VerifyResult> {
    if (request.operation !== "order.create") {
      // updates and customer upserts PUT the full state: sending again is harmless
      return { exists: false }
    }
    const found = await this.findOrderByExternalId(request.entityId, request.beforeSend)
    return found ? { exists: true, remoteId: found.id } : { exists: false }
  }

  /** Finds the remote order created for a Medusa order (by its external reference). */
  async findOrderByExternalId(externalId: string, beforeSend?: () => Promise<void>): Promise<{ id: string } | null> {
    const response = await this.call(() =>
      this.http.get(this.paths.findOrders, { params: { external_id: externalId }, syncguardBeforeSend: beforeSend })
    )
    if (response.status !== 200) {
      throw new Error(`Lookup of ${externalId} answered HTTP ${response.status}`)
    }
    const match = (response.data?.data ?? []).find((o: any) => o.external_id === externalId)
    return match ? { id: String(match.id) } : null
  }

  /** Orders and customers by external_id, and orders changed since a time (the REST profile's finds). */
  readonly lookups: RemoteLookup = {
    entityTypes: ["order", "customer"],
    feedTypes: ["order"],
    findByReference: async (entityType, references) => {
      if (entityType !== "order" && entityType !== "customer") {
        throw new Error(`The rest connector looks up orders and customers, not ${entityType}`)
      }
      const path = entityType === "order" ? this.paths.findOrders : this.paths.findCustomers
      const toRecord = entityType === "order" ? toRemoteOrderRecord : toRemoteCustomerRecord
      const found = new Map<string, RemoteRecord[]>()
      for (const reference of references) {
        const data = await this.getJson(path, { external_id: reference })
        found.set(reference, (data?.data ?? []).filter((o: any) => o?.external_id === reference).map(toRecord))
      }
      return found
    },
    changedSince: async (entityType, since, cursor, limit): Promise<RemotePage> => {
      if (entityType !== "order") throw new Error(`The rest connector lists orders only, not ${entityType}`)
      const data = await this.getJson(this.paths.findOrders, {
        updated_since: since.toISOString(),
        limit,
        ...(cursor ? { cursor } : {}),
      })
      return {
        records: (data?.data ?? []).filter((o: any) => o?.external_id).map(toRemoteOrderRecord),
        nextCursor: data?.next_cursor ? String(data.next_cursor) : null,
      }
    },
  }

  /** Stock on hand per SKU (the REST profile's `GET /inventory`: one quantity per SKU, no warehouses). */
  readonly stock: StockSource = {
    stockLevels: async (skus) => {
      if (!skus.length) return []
      const wanted = new Set(skus)
      const data = await this.getJson(this.paths.inventory, { updated_since: new Date(0).toISOString() })
      return (data?.data ?? [])
        .filter((row: any) => wanted.has(String(row?.sku)) && Number.isFinite(Number(row?.quantity)))
        .map((row: any) => ({
          sku: String(row.sku),
          location: "default",
          quantity: Number(row.quantity),
          forecastQuantity: null,
        }))
    },
  }

  readonly customers: CustomerDirectory = {
    findRemoteCustomerId: async (externalId) => {
      const data = await this.getJson(this.paths.findCustomers, { external_id: externalId })
      const match = (data?.data ?? []).find((c: any) => c?.external_id === externalId)
      return match?.id ? String(match.id) : null
    },
  }

  readonly invoices: InvoiceSource = {
    listInvoices: async ({ remoteCustomerId, status, cursor, limit }): Promise<InvoicePage> => {
      const data = await this.getJson(this.paths.invoices, {
        customer_id: remoteCustomerId,
        limit,
        ...(status ? { status } : {}),
        ...(cursor ? { cursor } : {}),
      })
      if (!Array.isArray(data?.data)) {
        throw new UpstreamError(this.name, "invoice list answer has no data array")
      }
      return {
        invoices: data.data.map(fromRestInvoice),
        nextCursor: data.next_cursor ? String(data.next_cursor) : null,
      }
    },
    getInvoice: async (id): Promise<RemoteInvoice | null> => {
      const data = await this.getJson(fillPath(this.paths.invoice, { id }), undefined, true)
      return data ? fromRestInvoice(data) : null
    },
    getInvoicePdf: async (id) => {
      const response = await this.call(() =>
        this.http.get(fillPath(this.paths.invoicePdf, { id }), { responseType: "arraybuffer" })
      )
      if (response.status === 404) {
        return null
      }
      if (response.status !== 200) {
        throw new UpstreamError(this.name, `invoice document answered HTTP ${response.status}`, response.status)
      }
      return {
        contentType: String(response.headers["content-type"] ?? "application/pdf"),
        body: Buffer.from(response.data as ArrayBuffer),
      }
    },
    describeListQuery: ({ remoteCustomerId, status }) =>
      `GET ${this.paths.invoices} customer_id=${remoteCustomerId}${status ? ` status=${status}` : ""}`,
  }

  /** GETs JSON; 404 is null when `allowMissing`, anything else non-2xx is an UpstreamError. */
  private async getJson(path: string, params?: Record<string, unknown>, allowMissing = false): Promise<any> {
    const response = await this.call(() => this.http.get(path, { params }))
    if (allowMissing && response.status === 404) {
      return null
    }
    if (response.status !== 200) {
      throw new UpstreamError(this.name, `GET ${path} answered HTTP ${response.status}`, response.status)
    }
    return response.data
  }

  /** Runs a read, turning transport failures into UpstreamError (and rejected statuses into responses). */
  private async call(request: () => Promise<AxiosResponse>): Promise<AxiosResponse> {
    try {
      return await request()
    } catch (error) {
      if (isAxiosError(error) && error.response) {
        return error.response
      }
      if (error instanceof SendNotAttemptedError) {
        throw error
      }
      throw new UpstreamError(this.name, `${this.name} unreachable: ${(error as Error).message}`)
    }
  }

  private async upsertCustomer(request: DeliveryRequest): Promise<DeliveryResult> {
    let document: ReturnType<typeof toRestCustomerDocument>
    try {
      document = toRestCustomerDocument(request.entity)
    } catch (e) {
      return { outcome: "permanent", errorClass: "mapping", message: (e as Error).message, httpStatus: null }
    }
    const path = fillPath(this.paths.customers, { external_id: document.external_id })
    return this.send(
      () => this.http.put(path, document, { headers: this.headers(request), syncguardBeforeSend: request.beforeSend }),
      async () => null
    )
  }

  private headers(request: DeliveryRequest) {
    return {
      "Idempotency-Key": request.idempotencyKey,
      "X-Correlation-Id": request.correlationId,
      ...(request.traceparent ? { traceparent: request.traceparent } : {}),
    }
  }

  private async createOrder(document: object, request: DeliveryRequest): Promise<DeliveryResult> {
    return this.send(
      () =>
        this.http.post(this.paths.createOrder, document, {
          headers: this.headers(request),
          syncguardBeforeSend: request.beforeSend,
        }),
      async (response) => {
        if (response.status !== 409) {
          return null
        }
        // the remote already has it: the earlier try went through (its answer was lost)
        const id = response.data?.id ?? (await this.findOrderByExternalId(request.entityId, request.beforeSend))?.id
        if (id) {
          return { outcome: "delivered", remoteId: String(id), httpStatus: 409 }
        }
        return {
          outcome: "permanent",
          errorClass: "client_error",
          message: remoteMessage(response.data, "HTTP 409 without the existing record's id"),
          httpStatus: 409,
        }
      }
    )
  }

  private async updateOrder(document: { external_id: string }, request: DeliveryRequest): Promise<DeliveryResult> {
    const path = fillPath(this.paths.updateOrder, { external_id: document.external_id })
    return this.send(
      () => this.http.put(path, document, { headers: this.headers(request), syncguardBeforeSend: request.beforeSend }),
      async (response) =>
        // the create may still be on its way; let the durable retry wait for it
        response.status === 404
          ? {
              outcome: "retryable",
              errorClass: "not_found",
              message: remoteMessage(response.data, "the order is not on the remote yet"),
              httpStatus: 404,
            }
          : null
    )
  }

  private async send(
    call: () => Promise<AxiosResponse>,
    special: (response: AxiosResponse) => Promise<DeliveryResult | null>
  ): Promise<DeliveryResult> {
    let response: AxiosResponse
    try {
      response = await call()
    } catch (error) {
      if (!isAxiosError(error)) {
        throw error
      }
      if (!error.response) {
        return {
          ...classifyHttpFailure({ code: error.code, message: error.message }),
          exchange: exchangeOf(error.config, null),
        }
      }
      // axios-retry rejects the statuses it retries (429, 502-504) once it stops retrying
      response = error.response
    }
    const exchange = exchangeOf(response.config, response)
    if (response.status >= 200 && response.status < 300) {
      const id = response.data?.id
      return {
        outcome: "delivered",
        remoteId: id === undefined || id === null ? null : String(id),
        httpStatus: response.status,
        exchange,
      }
    }
    const handled = await special(response)
    if (handled) {
      return { ...handled, exchange }
    }
    const result = classifyHttpFailure({
      status: response.status,
      body: response.data,
      retryAfterMs: parseRetryAfter(response.headers?.["retry-after"] as string | undefined),
    })
    if (result.outcome === "permanent") {
      this.logger?.warn(`syncguard: ${this.name} rejected a request with HTTP ${response.status}: ${result.message}`)
    }
    return { ...result, exchange }
  }
}

/** A REST order as reconciliation compares it. */
