import type { InboundSource } from "../contract"
import { StandardWebhookSource } from "../webhooks/standard-webhooks"
import type { Logger } from "@medusajs/framework/types"
import type {
  ApiNoticeSink,
  Connector,
  CustomerDirectory,
  DeliveryRequest,
  DeliveryResult,
  InvoiceSource,
  OutboundSink,
  RemoteLookup,
  RemoteRecord,
  StockSource,
  VerifyResult,
  WireExchange,
} from "../contract"
import { SendNotAttemptedError, UpstreamError } from "../../errors"
import type { TrytonConnectorConfig } from "../../config/options"
import type { Throttle } from "../throttle"
import { classifyTrytonFailure } from "./classify"
import { TrytonRpcError, TrytonTransportError } from "./errors"
import { Call, MappingError, TrytonLookups } from "./lookups"
import { SALE_ARRIVED_STATES, toTrytonParty, toTrytonSale, TrytonPartyDraft, TrytonSaleDraft } from "./map-sale"
import { TrytonParties } from "./parties"
import { trytonInvoices, trytonStock } from "./reads"
import { CallOptions, TrytonCallRecord, TrytonRpc } from "./rpc-client"
import { TrytonSales } from "./sales"

/**
 * Tryton 6.0 over JSON-RPC. Customers are parties (`code` = Medusa customer id, unique in
 * Tryton); orders are sales (`reference` = Medusa order id, not unique: the outbox sends one
 * message per order at a time, and every send searches before it creates). A send converges:
 * whatever an earlier, interrupted try left (nothing, a draft, a quotation) is carried on to a
 * confirmed, processed sale, and the state is read back because Tryton's buttons answer
 * success even when they did nothing.
 */
export class TrytonConnector implements Connector, OutboundSink {
  readonly kind = "tryton"
  readonly outbound: OutboundSink = this
  /** pushes signed per Standard Webhooks, when secrets are configured */
  readonly inbound?: InboundSource
  private readonly rpc: TrytonRpc
  private readonly entities: Set<string>
  private readonly masterData = new TrytonLookups()
  private readonly parties = new TrytonParties(this.masterData)
  private readonly sales: TrytonSales
  readonly invoices: InvoiceSource
  readonly stock: StockSource

  constructor(
    readonly name: string,
    private readonly options: TrytonConnectorConfig,
    private readonly logger?: Logger,
    throttle?: Throttle,
    notices?: ApiNoticeSink
  ) {
    this.inbound = options.webhooks ? new StandardWebhookSource(options.webhooks.secrets) : undefined
    this.entities = new Set(options.entities)
    this.rpc = new TrytonRpc({
      url: options.url,
      database: options.database,
      login: options.login,
      password: options.password,
      language: options.language,
      timeoutMs: options.timeoutMs,
      throttle,
      connector: name,
      notices,
    })
    this.sales = new TrytonSales(name, this.masterData, this.parties, logger)
    const read = <T>(run: () => Promise<T>) => this.read(run)
    this.invoices = trytonInvoices(this.rpc, this.caller({}), read, options.invoiceStates)
    this.stock = trytonStock(this.caller({}), read, this.masterData)
  }

  takes(entityType: string): boolean {
    return this.entities.has(entityType)
  }

  async deliver(request: DeliveryRequest): Promise<DeliveryResult> {
    const trace: TrytonCallRecord[] = []
    const call = this.caller({ beforeSend: request.beforeSend, trace })
    let result: DeliveryResult
    try {
      switch (request.operation) {
        case "customer.upsert":
          result = await this.upsertParty(toTrytonParty(request.entity), call)
          break
        case "order.create":
        case "order.update":
          result = await this.sales.ensureSale(this.mapSale(request.entity), String(request.entity.status ?? ""), call)
          break
        case "order.cancel":
          result = await this.sales.cancelSale(String(request.entity.id ?? request.entityId), call)
          break
        default:
          result = { outcome: "permanent", errorClass: "mapping", message: `The tryton connector has no mapping for ${request.operation}`, httpStatus: null }
      }
    } catch (error) {
      if (error instanceof SendNotAttemptedError) throw error
      if (error instanceof MappingError) {
        result = { outcome: "permanent", errorClass: "mapping", message: error.message, httpStatus: null }
      } else {
        result = classifyTrytonFailure(error)
        if (result.outcome === "permanent") {
          this.logger?.warn(`syncguard: ${this.name} refused ${request.operation} of ${request.entityId}: ${result.message}`)
        }
      }
    }
    return { ...result, exchange: this.exchangeOf(trace) }
  }

  async verify(request: DeliveryRequest): Promise<VerifyResult> {
    if (request.operation === "customer.upsert") {
      return { exists: false } // an upsert converges: sending it again is harmless
    }
    const sale = await this.sales.findSale(request.entityId, this.caller({ beforeSend: request.beforeSend }))
    const done = request.operation === "order.cancel" ? ["cancelled"] : SALE_ARRIVED_STATES
    // a sale left as a draft or quotation has not arrived: the next send carries it on
    return sale && done.includes(sale.state) ? { exists: true, remoteId: String(sale.id) } : { exists: false }
  }

  /** Sales by reference (= Medusa order id), every one of them: several are a duplicate to report. */
  readonly lookups: RemoteLookup = {
    entityTypes: ["order"],
    findByReference: async (entityType, references) => {
      if (entityType !== "order") throw new Error(`The tryton connector looks up sales only, not ${entityType}`)
      const rows = await this.read(() =>
        this.caller({})<Array<{ id: number; reference: string; state: string; total_amount: unknown; lines: number[]; write_date: unknown }>>(
          "sale.sale",
          "search_read",
          [[["reference", "in", references]], 0, null, [["id", "ASC"]], ["reference", "state", "total_amount", "lines", "write_date"]]
        )
      )
      const found = new Map<string, RemoteRecord[]>(references.map((r) => [r, []]))
      for (const row of rows) {
        found.get(row.reference)?.push({
          remoteId: String(row.id),
          reference: row.reference,
          updatedAt: null,
          // Tryton's sale states do not map onto Medusa's order statuses, except a cancellation; its
          // total is its own (its taxes, no shipping line), so only the lines are compared
          fields: { canceled: row.state === "cancelled", item_count: row.lines?.length ?? null },
        })
      }
      return found
    },
  }

  readonly customers: CustomerDirectory = {
    findRemoteCustomerId: async (externalId) => {
      const ids = await this.read(() =>
        this.caller({})<number[]>("party.party", "search", [[["code", "=", externalId]], 0, 2, null])
      )
      return ids.length ? String(ids[0]) : null
    },
  }

  private mapSale(entity: Record<string, unknown>): TrytonSaleDraft {
    try {
      return toTrytonSale(entity)
    } catch (error) {
      throw new MappingError((error as Error).message)
    }
  }

  private caller(options: Pick<CallOptions, "beforeSend" | "trace">): Call {
    return (model, method, args, extra) => this.rpc.model(model, method, args, { ...options, ...(extra ?? {}) })
  }

  /** Reads for the invoice API and stock: Tryton's failures become UpstreamError. */
  private async read<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run()
    } catch (error) {
      if (error instanceof TrytonRpcError || error instanceof TrytonTransportError) {
        throw new UpstreamError(this.name, `${this.name}: ${error.message}`, (error as TrytonTransportError).status ?? null)
      }
      throw error
    }
  }

  private async upsertParty(draft: TrytonPartyDraft, call: Call): Promise<DeliveryResult> {
    const id = await this.parties.ensureParty(draft, call, true)
    return { outcome: "delivered", remoteId: String(id), httpStatus: 200 }
  }

  private exchangeOf(trace: TrytonCallRecord[]): WireExchange | undefined {
    if (!trace.length) return undefined
    const last = trace[trace.length - 1]
    return {
      request: {
        method: "POST",
        url: `${this.options.url.replace(/\/+$/, "")}/${this.options.database}/`,
        headers: {},
        body: { calls: trace.map((c) => ({ method: c.method, params: c.params })) },
      },
      response: {
        status: last.status ?? 0,
        headers: {},
        body: { answers: trace.map((c) => (c.error !== undefined ? { method: c.method, error: c.error } : { method: c.method, result: c.result, ms: c.ms })) },
      },
    }
  }
}
